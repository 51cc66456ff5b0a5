using System.Diagnostics;
using System.Net;
using System.Text;
using Domino.Client;

namespace Domino.Bench;

/// <summary>
/// Download throughput: <see cref="DominoProjectClient.DownloadCommitAsync"/> against parallel curl and against
/// one file at a time, on the same blobs from the same emulator, interleaved within each repetition.
/// </summary>
internal static class DownloadBench
{
    private const string ProjectName = "bench/data";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var quick = args.Quick;
        var reps = args.Int("reps", quick ? 3 : 5);
        var parallelism = args.Int("parallelism", 8);
        var sets = args.List("sets", "a,b,b-latency,b-latency50");
        var latencyMs = args.Int("latency-ms", 10);
        Machine.PrintHeader("download");
        Console.WriteLine($"# repetitions: {reps} (+1 warm-up, not counted), median reported; methods interleaved, order rotated per repetition");
        Console.WriteLine("# core = DominoProjectClient.DownloadCommitAsync with default options (adaptive, MaxParallelism 32), fresh client per repetition, warm process, includes listing + manifest");
        Console.WriteLine("# cold = a fresh process (download-child) doing that one download: runtime start, first call");
        Console.WriteLine("# cake = one dotnet Cake.dll process on a script calling DominoDownloadResults twice (every file of a finished run's output commit, add-in from its package),");
        Console.WriteLine("#   each call into its own empty folder and timed inside the script: cake-first = the process's first call (type loading, JIT), cake-warm = the second;");
        Console.WriteLine("#   cake-script = that process's wall time (Cake's start, compile, both calls); cake-empty = an empty script (Cake's own start)");
        Console.WriteLine($"# curl = curl --parallel --parallel-max {parallelism} over the listed blob URLs (listing not timed); curl32 = the same with --parallel-max 32");
        Console.WriteLine("# one-at-a-time = list, then for each file a GET and a write, sequentially (like the Python binding)");
        Console.WriteLine($"# bare = the floor: a plain HttpClient, {parallelism} workers each GETting the next listed blob whole and writing it (File.WriteAllBytesAsync),");
        Console.WriteLine("#   no listing, checks, atomic writes or manifest; warm in this process; bare-cold = the same in a fresh process;");
        Console.WriteLine("#   cake-bare-first / cake-bare-warm = the same loop twice in a Cake process's script, timed as the alias's calls;");
        Console.WriteLine("#   msbuild-bare-task = the same loop as a task in a fresh MSBuild process, timed as the MSBuild task");
        Console.WriteLine("# CPU = user+system seconds (medians) of the client (this process and its children: curl) and of the emulator process");
        foreach (var (name, value) in ChildEnvironment(args))
        {
            // A value that may be a credential is not printed (the output is saved with the results).
            var shown = SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)) ? "***" : value;
            Console.WriteLine($"# --child-env {name}={shown}: set for the Cake processes and the fresh children (cold, bare-cold)");
        }

        Console.WriteLine($"# files are written under {args.Get("work-dir") ?? Path.GetTempPath()}");
        var failures = 0;

        // The Cake add-in and the domino tool are packed and extracted once per invocation, into folders deleted at the end.
        var addin = Path.Combine(Path.GetTempPath(), $"domino-bench-addin-{Environment.ProcessId}");
        var tool = Path.Combine(Path.GetTempPath(), $"domino-bench-tool-{Environment.ProcessId}");
        try
        {
            foreach (var set in sets)
            {
                var spec = set switch
                {
                    "a" => quick ? new DataSet("a", 16, 16L << 20, 0, 0) : new DataSet("a", 64, 16L << 20, 0, 0),
                    "b" => quick ? new DataSet("b", 1000, 8L << 10, 100, 0) : new DataSet("b", 4000, 8L << 10, 100, 0),
                    "b-flat" => quick ? new DataSet("b-flat", 1000, 8L << 10, 0, 0) : new DataSet("b-flat", 4000, 8L << 10, 0, 0),
                    "b-latency" => quick ? new DataSet("b-latency", 1000, 8L << 10, 100, latencyMs) : new DataSet("b-latency", 4000, 8L << 10, 100, latencyMs),
                    "b-latency50" => quick ? new DataSet("b-latency50", 1000, 8L << 10, 100, 50) : new DataSet("b-latency50", 4000, 8L << 10, 100, 50),
                    _ => throw new BenchException($"unknown set '{set}' (a, b, b-flat, b-latency or b-latency50)"),
                };
                failures += await RunSetAsync(args, spec, reps, parallelism, addin, tool).ConfigureAwait(false);
                Console.Out.Flush();
            }
        }
        finally
        {
            WorkDir.TryDelete(addin);
            WorkDir.TryDelete(tool);
        }

        return failures == 0 ? 0 : 3;
    }

    /// <summary>Words in a variable's name that say its value may be a credential.</summary>
    private static readonly string[] SecretWords = ["KEY", "TOKEN", "SECRET", "PASSWORD"];

    /// <summary>The <c>--child-env NAME=VALUE</c> options: variables for the Cake process and the cold child.</summary>
    private static Dictionary<string, string> ChildEnvironment(BenchArgs args) =>
        args.All("child-env").Select(nv => nv.IndexOf('=', StringComparison.Ordinal) is > 0 and var eq
                ? KeyValuePair.Create(nv[..eq], nv[(eq + 1)..])
                : throw new BenchException($"--child-env '{nv}' is not NAME=VALUE"))
            .ToDictionary(StringComparer.Ordinal);

    private static async Task<int> RunSetAsync(BenchArgs args, DataSet spec, int reps, int parallelism, string addin, string tool)
    {
        // The latency sets compare against curl at two widths; one file at a time would take 4,000 round trips per repetition.
        var defaults = spec.Name switch
        {
            "a" => "core,curl,bare,cake,cake-empty",
            "b" => "core,cold,curl,one-at-a-time,bare,bare-cold,cake,cake-bare,cake-empty,cli,cli-native,msbuild,msbuild-bare",
            "b-flat" => "core,curl",
            _ => "core,curl,curl32",
        };
        var selected = args.List("methods", defaults);
        var childEnv = ChildEnvironment(args);
        using var work = new WorkDir(args, "download-" + spec.Name);
        var projectFolder = work.Sub("project");
        var genWatch = Stopwatch.StartNew();
        var totalBytes = DataGen.Generate(projectFolder, "data", spec.Count, spec.Size, spec.FilesPerFolder);
        Console.WriteLine();
        var latency = spec.LatencyMs > 0 ? $", every request delayed {spec.LatencyMs} ms by the emulator (--latency: a simulated network round trip)" : ", plain loopback";
        Console.WriteLine($"## set ({spec.Name}): {spec.Count} files x {Stats.Size(spec.Size)} = {Stats.Size(totalBytes)}{latency} (generated in {Stats.F(genWatch.Elapsed.TotalSeconds, 1)} s)");

        var emulator = await EmulatorProcess.StartAsync(work.Sub("emulator-data"), new Dictionary<string, string> { [ProjectName] = projectFolder }, blobLatencyMs: spec.LatencyMs).ConfigureAwait(false);
        await using (emulator.ConfigureAwait(false))
        {
            using var raw = new RawApi(emulator, ProjectName);
            var commitId = await raw.NewestCommitAsync().ConfigureAwait(false);
            var files = await raw.ListFilesAsync(commitId).ConfigureAwait(false);
            var listed = files.Where(f => f.Path.StartsWith("data/", StringComparison.Ordinal)).ToList();
            if (listed.Count != spec.Count || listed.Sum(f => f.Size) != totalBytes)
            {
                throw new BenchException($"the emulator lists {listed.Count} data files ({listed.Sum(f => f.Size)} bytes); expected {spec.Count} ({totalBytes})");
            }

            var expectedBytes = files.Sum(f => f.Size);
            var expectedFiles = files.Count;
            var curlConfig = WriteCurlConfig(work.Root, emulator, files);
            var bareList = BareDownload.WriteList(Path.Combine(work.Root, "bare.list"), files.Select(f => (BlobUrl(emulator, f.Key), f.Path)));

            // Where the downloads land: the work folder, or --out-dir (e.g. a tmpfs, to take the disk out of the figures).
            var outRoot = args.Get("out-dir") is { } outDir ? Path.Combine(Path.GetFullPath(outDir), Path.GetFileName(work.Root)) : work.Root;
            Directory.CreateDirectory(outRoot);
            CakeAlias? cake = null;
            var cakeFiles = expectedFiles;
            var cakeBytes = expectedBytes;
            var cakeBareList = bareList;
            if (selected.Contains("cake") || selected.Contains("cake-empty") || selected.Contains("cake-bare"))
            {
                cake = await CakeAlias.PrepareAsync(emulator, ProjectName, addin, work.Sub("cake"), childEnv).ConfigureAwait(false);
                var outputFiles = await raw.ListFilesAsync(cake.OutputCommitId).ConfigureAwait(false);
                (cakeFiles, cakeBytes) = (outputFiles.Count, outputFiles.Sum(f => f.Size));
                cakeBareList = BareDownload.WriteList(Path.Combine(work.Root, "cake-bare.list"), outputFiles.Select(f => (BlobUrl(emulator, f.Key), f.Path)));
            }

            var cli = selected.Contains("cli") ? CliTool.Prepare(emulator, tool, childEnv) : null;
            var cliNative = selected.Contains("cli-native") ? CliTool.PrepareNative(emulator, tool, childEnv) : null;
            var msbuild = selected.Contains("msbuild") || selected.Contains("msbuild-bare")
                ? MsBuildTask.Prepare(emulator, ProjectName, work.Sub("msbuild"), childEnv, bare: selected.Contains("msbuild-bare"))
                : null;

            // Each method runs into its own empty folder, then the folder is checked (files and bytes) and deleted. A method
            // gives one row (its wall time) or, for the Cake process, several (its calls as the script timed them, then the
            // process's wall time); its CPU figures go on its last row.
            var cakeProcesses = new List<CakeTimes>();
            var methods = new Method[]
            {
                Method.Single("core", dest => CoreAsync(emulator, commitId, dest)),
                Method.Single("cold", dest => Task.FromResult(CakeAlias.ColdCore(emulator, ProjectName, commitId, dest, childEnv))),
                Method.Single("curl", dest => CurlAsync(curlConfig, dest, parallelism)),
                Method.Single("curl32", dest => CurlAsync(curlConfig, dest, 32)),
                Method.Single("one-at-a-time", dest => SequentialAsync(emulator, commitId, dest)),
                Method.Single("bare", dest => BareLoop.RunAsync(bareList, dest, parallelism, emulator.ApiKey)),
                Method.Single("bare-cold", dest => Task.FromResult(BareDownload.Cold(emulator, bareList, dest, parallelism, childEnv))),
                new("cake", ["cake-first", "cake-warm", "cake-script"], dest =>
                {
                    var (first, second) = (Path.Combine(dest, "first"), Path.Combine(dest, "second"));
                    Directory.CreateDirectory(first);
                    Directory.CreateDirectory(second);
                    var t = cake!.Download(first, second, deleteFirst: !Discard.Deferred || cakeBytes / Math.Max(cakeFiles, 1) >= Discard.SmallFileBytes);
                    if (t.FirstFiles != cakeFiles || t.FirstBytes != cakeBytes)
                    {
                        throw new BenchException($"cake (first call) wrote {t.FirstFiles} files / {t.FirstBytes} bytes; expected {cakeFiles} / {cakeBytes}");
                    }

                    Check("cake (second call)", second, cakeFiles, cakeBytes);
                    cakeProcesses.Add(t);
                    return Task.FromResult<double[]?>([t.First, t.Warm, t.Script]);
                }),
                new("cake-bare", ["cake-bare-first", "cake-bare-warm"], dest =>
                {
                    var (first, second) = (Path.Combine(dest, "first"), Path.Combine(dest, "second"));
                    Directory.CreateDirectory(first);
                    Directory.CreateDirectory(second);
                    var t = cake!.Bare(cakeBareList, parallelism, first, second, deleteFirst: !Discard.Deferred || cakeBytes / Math.Max(cakeFiles, 1) >= Discard.SmallFileBytes);
                    if (t.FirstFiles != cakeFiles || t.FirstBytes != cakeBytes)
                    {
                        throw new BenchException($"cake-bare (first call) wrote {t.FirstFiles} files / {t.FirstBytes} bytes; expected {cakeFiles} / {cakeBytes}");
                    }

                    Check("cake-bare (second call)", second, cakeFiles, cakeBytes);
                    return Task.FromResult<double[]?>([t.First, t.Warm]);
                }),
                new("cake-empty", ["cake-empty"], dest =>
                {
                    var t = cake!.Empty();
                    Check("cake-empty", dest, 0, 0);
                    return Task.FromResult<double[]?>([t]);
                }),
                new("cli", ["cli"], dest =>
                {
                    var t = cli!.Download(ProjectName, commitId, dest);
                    Check("cli", dest, expectedFiles, expectedBytes);
                    return Task.FromResult<double[]?>([t]);
                }),
                new("cli-native", ["cli-native"], dest =>
                {
                    var t = cliNative!.Download(ProjectName, commitId, dest);
                    Check("cli-native", dest, expectedFiles, expectedBytes);
                    return Task.FromResult<double[]?>([t]);
                }),
                new("msbuild", ["msbuild-task", "msbuild-process"], dest =>
                {
                    var (task, process) = msbuild!.Download(commitId, dest);
                    Check("msbuild", dest, expectedFiles, expectedBytes);
                    return Task.FromResult<double[]?>([task, process]);
                }),
                new("msbuild-bare", ["msbuild-bare-task"], dest =>
                {
                    var (task, _) = msbuild!.Bare(bareList, parallelism, dest);
                    Check("msbuild-bare", dest, expectedFiles, expectedBytes);
                    return Task.FromResult<double[]?>([task]);
                }),
            }.Where(m => selected.Contains(m.Name)).ToArray();
            var rows = methods.SelectMany(m => m.Rows).ToArray();
            var times = rows.ToDictionary(r => r, _ => new List<double>());
            var serverCpu = rows.ToDictionary(r => r, _ => new List<double>());
            var clientCpu = rows.ToDictionary(r => r, _ => new List<double>());
            var emulatorPid = emulator.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            for (var rep = -1; rep < reps; rep++)
            {
                for (var i = 0; i < methods.Length; i++)
                {
                    var method = methods[(i + Math.Max(rep, 0)) % methods.Length];
                    var dest = Path.Combine(outRoot, $"out-{method.Name}");
                    Discard.Folder(dest);
                    Directory.CreateDirectory(dest);

                    // Every method starts with the previous one's writes on the disk: none pays for another's writeback.
                    Proc.RunChecked("sync", [], timeout: TimeSpan.FromMinutes(5));
                    var server0 = ProcStatus.CpuSeconds(emulatorPid);
                    var client0 = ProcStatus.CpuSeconds("self", children: true);
                    var sw = Stopwatch.StartNew();
                    var figures = await method.Run(dest).ConfigureAwait(false);
                    sw.Stop();
                    var server1 = ProcStatus.CpuSeconds(emulatorPid);
                    var client1 = ProcStatus.CpuSeconds("self", children: true);
                    if (figures is null)
                    {
                        // One download into the folder itself, timed from here.
                        Check(method.Name, dest, expectedFiles, expectedBytes);
                        figures = [sw.Elapsed.TotalSeconds];
                    }

                    Discard.Folder(dest);
                    if (rep >= 0)
                    {
                        for (var r = 0; r < method.Rows.Length; r++)
                        {
                            times[method.Rows[r]].Add(figures[r]);
                        }

                        serverCpu[method.Rows[^1]].Add(server1 - server0);
                        clientCpu[method.Rows[^1]].Add(client1 - client0);
                    }
                }
            }

            // Throughput only for rows that are one download: not for the Cake process's wall time (two downloads and
            // Cake's start) nor the empty script.
            Console.WriteLine($"| method | median s | MB/s | files/s | client CPU s | emulator CPU s | runs (s) |");
            Console.WriteLine($"|---|---:|---:|---:|---:|---:|---|");
            foreach (var row in rows)
            {
                var median = Stats.Median(times[row]);
                var (rowFiles, rowBytes) = row.StartsWith("cake-", StringComparison.Ordinal) ? (cakeFiles, cakeBytes) : (expectedFiles, expectedBytes);
                var oneDownload = row is not ("cake-script" or "cake-empty" or "msbuild-process");
                var mbs = oneDownload ? Stats.F(rowBytes / 1e6 / median, 1) : "-";
                var fps = oneDownload ? Stats.F(rowFiles / median, 0) : "-";
                var cpu = clientCpu[row].Count > 0 ? (Stats.F(Stats.Median(clientCpu[row])), Stats.F(Stats.Median(serverCpu[row]))) : ("-", "-");
                Console.WriteLine($"| {row} | {Stats.F(median, 3)} | {mbs} | {fps} | {cpu.Item1} | {cpu.Item2} | {string.Join(' ', times[row].Select(t => Stats.F(t, 3)))} |");
            }

            // The first entry is the warm-up's.
            if (cakeProcesses.Count > 1)
            {
                var measured = cakeProcesses.Skip(1).ToList();
                Console.WriteLine($"# Cake process during the warm call: the runtime compiled {Stats.F(Stats.Median(measured.Select(j => (double)j.WarmJitMethods).ToList()), 0)} methods "
                    + $"in {Stats.F(Stats.Median(measured.Select(j => j.WarmJitMs).ToList()), 0)} ms of JIT time (medians; runs: {string.Join(' ', measured.Select(j => $"{j.WarmJitMethods}/{j.WarmJitMs:F0}ms"))})");
                Console.WriteLine($"# Cake process during the warm call: paused {Stats.F(Stats.Median(measured.Select(j => j.WarmGcPauseMs).ToList()), 0)} ms for garbage collection "
                    + $"(medians; runs: {string.Join(' ', measured.Select(j => $"{j.WarmGcPauseMs:F0}ms/{j.WarmGen2}xgen2/heap {j.HeapMiB}MiB"))})");
            }

            if (outRoot != work.Root)
            {
                Discard.Folder(outRoot);
            }

            double? Median(string name) => times.TryGetValue(name, out var t) && t.Count > 0 ? Stats.Median(t) : null;
            var core = Median("core");
            var curl = Median("curl");
            if (core is null || curl is null)
            {
                return 0;
            }

            var label = spec.LatencyMs > 0 ? $"{spec.Count} x {Stats.Size(spec.Size)}, {spec.LatencyMs} ms latency" : $"{spec.Count} x {Stats.Size(spec.Size)}";
            var missed = 0;
            void Target(string what, double ratio, double max)
            {
                var met = ratio <= max;
                missed += met ? 0 : 1;
                Console.WriteLine($"time ratio {what}: {Stats.F(ratio)}x (target <= {Stats.F(max)}: {(met ? "met" : "MISSED")})");
                Console.WriteLine($"TARGET|{label}: {what}|{Stats.F(ratio)}x|<= {Stats.F(max)}x|{(met ? "met" : "MISSED")}");
            }

            void Info(string what, double ratio)
            {
                Console.WriteLine($"time ratio {what}: {Stats.F(ratio)}x");
                Console.WriteLine($"TARGET|{label}: {what}|{Stats.F(ratio)}x|-|info");
            }

            switch (spec.Name)
            {
                case "a":
                    Target("core (warm) / curl 8", core.Value / curl.Value, 0.8);
                    break;
                case "b":
                    Target("core (warm) / curl 8", core.Value / curl.Value, 1.0);
                    if (Median("cold") is { } cold)
                    {
                        Target("cold process, first call / curl 8", cold / curl.Value, 1.5);
                    }

                    if (Median("cli") is { } cliTime)
                    {
                        Target("domino, framework-dependent, fresh process / curl 8", cliTime / curl.Value, 1.5);
                    }

                    if (Median("cli-native") is { } nativeTime)
                    {
                        Target("domino as installed here (native), fresh process / curl 8", nativeTime / curl.Value, 1.5);
                    }

                    if (Median("msbuild-task") is { } task)
                    {
                        Target("MSBuild task, first call / curl 8", task / curl.Value, 1.5);
                        Info("MSBuild process wall time (MSBuild's start, evaluation, the task) / curl 8", Median("msbuild-process")!.Value / curl.Value);
                    }

                    if (Median("one-at-a-time") is { } seq)
                    {
                        Info("core / one at a time", core.Value / seq);
                    }

                    break;
                case "b-latency":
                    Target("core / curl 8", core.Value / curl.Value, 0.5);
                    if (Median("curl32") is { } curl32)
                    {
                        Target("core / curl 32", core.Value / curl32, 1.0);
                    }

                    break;
                default:
                    Info("core / curl 8", core.Value / curl.Value);
                    if (Median("curl32") is { } c32)
                    {
                        Info("core / curl 32", core.Value / c32);
                    }

                    break;
            }

            // The floor: the bare HttpClient loop (no guarantees) where the client runs, against curl and against the client.
            if (Median("bare") is { } bare)
            {
                Info("bare HttpClient loop (warm) / curl 8", bare / curl.Value);
                Info("core (warm) / bare HttpClient loop (warm)", core.Value / bare);
            }

            if (Median("bare-cold") is { } bareCold)
            {
                Info("bare HttpClient loop, fresh process / curl 8", bareCold / curl.Value);
                if (Median("cold") is { } coldTime)
                {
                    Info("cold process / bare HttpClient loop, fresh process", coldTime / bareCold);
                }
            }

            if (Median("msbuild-bare-task") is { } msbuildBare)
            {
                Info("bare HttpClient loop as a task, fresh MSBuild process / curl 8", msbuildBare / curl.Value);
                if (Median("msbuild-task") is { } taskTime)
                {
                    Info("MSBuild task, first call / bare loop as a task", taskTime / msbuildBare);
                }
            }

            if (Median("cake-bare-warm") is { } cakeBareWarm && Median("cake-bare-first") is { } cakeBareFirst)
            {
                Info("bare HttpClient loop in Cake's process, warm / curl 8", cakeBareWarm / curl.Value);
                Info("bare HttpClient loop in Cake's process, first call / curl 8", cakeBareFirst / curl.Value);
                if (Median("cake-warm") is { } aliasWarm && Median("cake-first") is { } aliasFirst)
                {
                    Info("Cake alias warm / bare loop in Cake's process, warm", aliasWarm / cakeBareWarm);
                    Info("Cake alias, first call / bare loop in Cake's process, first call", aliasFirst / cakeBareFirst);
                }
            }

            if (Median("cake-warm") is { } cakeWarm && Median("cake-first") is { } cakeFirst)
            {
                // The alias as the script timed it: warm (the process's second call) and the process's first call.
                switch (spec.Name)
                {
                    case "a":
                        Target("Cake alias warm / curl 8", cakeWarm / curl.Value, 0.8);
                        Info("Cake alias, first call / curl 8", cakeFirst / curl.Value);
                        break;
                    case "b":
                        Target("Cake alias warm / curl 8", cakeWarm / curl.Value, 1.0);
                        Target("Cake alias, first call / curl 8", cakeFirst / curl.Value, 1.5);
                        break;
                    default:
                        Info("Cake alias warm / curl 8", cakeWarm / curl.Value);
                        Info("Cake alias, first call / curl 8", cakeFirst / curl.Value);
                        break;
                }

                // Cake's own start, for scale: the script's wall time holds it, the compile of the script and both calls.
                var script = Median("cake-script")!.Value;
                Info("Cake script wall time (Cake's start, both calls) / curl 8", script / curl.Value);
                if (Median("cake-empty") is { } empty)
                {
                    Console.WriteLine($"cake script {Stats.F(script, 3)} s, empty script {Stats.F(empty, 3)} s, the two calls {Stats.F(cakeFirst + cakeWarm, 3)} s: the rest (the longer script's compile, loading the add-in) {Stats.F(script - empty - cakeFirst - cakeWarm, 3)} s");
                    Info("Cake script - empty script (both calls, the longer compile) / curl 8", (script - empty) / curl.Value);
                }
            }

            return missed;
        }
    }

    /// <summary>Throws unless <paramref name="folder"/> holds the expected files and bytes (the download manifest aside).</summary>
    private static void Check(string what, string folder, int files, long bytes)
    {
        var (gotFiles, gotBytes) = DataGen.Measure(folder, ".domino-download.json");
        if (gotFiles != files || gotBytes != bytes)
        {
            throw new BenchException($"{what} wrote {gotFiles} files / {gotBytes} bytes; expected {files} / {bytes}");
        }
    }

    private static async Task CoreAsync(EmulatorProcess emulator, string commitId, string dest)
    {
        using var client = emulator.CreateClient();
        var project = client.GetProjectClient(ProjectName);
        var report = await project.DownloadCommitAsync(commitId, dest).ConfigureAwait(false);
        if (report.Failed.Count > 0)
        {
            throw new BenchException($"core: {report.Failed.Count} files failed, first: {report.Failed[0].Error}");
        }
    }

    private static string WriteCurlConfig(string root, EmulatorProcess emulator, IReadOnlyList<RawFile> files)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"header = \"X-Domino-Api-Key: {emulator.ApiKey}\"");
        foreach (var f in files)
        {
            sb.AppendLine($"url = \"{BlobUrl(emulator, f.Key)}\"");
            sb.AppendLine($"output = \"{f.Path}\"");
        }

        var path = Path.Combine(root, "curl.config");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static Uri BlobUrl(EmulatorProcess emulator, string key) =>
        new(emulator.BaseAddress, $"v1/projects/bench/data/blobs/{key}");

    private static Task CurlAsync(string config, string dest, int parallelism)
    {
        // Outputs are relative: curl runs in the destination folder.
        Proc.RunChecked("curl", ["--no-progress-meter", "--show-error", "--fail", "--create-dirs", "--parallel", "--parallel-max", parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture), "--config", config], workingDirectory: dest);
        return Task.CompletedTask;
    }

    /// <summary>The Python binding's way: list, then each blob in turn, written as it arrives.</summary>
    private static async Task SequentialAsync(EmulatorProcess emulator, string commitId, string dest)
    {
        using var raw = new RawApi(emulator, ProjectName);
        foreach (var (path, key, _) in await raw.ListFilesAsync(commitId).ConfigureAwait(false))
        {
            using var response = await raw.Http.GetAsync(new Uri(raw.BlobPath(key), UriKind.Relative), HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new BenchException($"one-at-a-time: GET blob {key} answered {(int)response.StatusCode}");
            }

            var local = Path.Combine(dest, path);
            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var file = File.Create(local);
                await using (file.ConfigureAwait(false))
                {
                    await body.CopyToAsync(file).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// One method of the rotation: its rows in the table and what it runs into an empty folder. Run returns the rows'
    /// seconds, or null for one row timed from outside (then the folder is checked here).
    /// </summary>
    private sealed record Method(string Name, string[] Rows, Func<string, Task<double[]?>> Run)
    {
        public static Method Single(string name, Func<string, Task> run) =>
            new(name, [name], async dest =>
            {
                await run(dest).ConfigureAwait(false);
                return null;
            });
    }

    // LatencyMs: added by the emulator before serving each blob (a simulated network round trip).
    private sealed record DataSet(string Name, int Count, long Size, int FilesPerFolder, int LatencyMs);
}
