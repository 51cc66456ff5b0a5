using System.Diagnostics;
using System.Globalization;
using Domino.Client;

namespace Domino.Bench;

/// <summary>
/// Peak resident memory of a separate client process (this executable's <c>memory-child</c>) while it downloads
/// one big file, and while it downloads set (b). The emulator runs in a third process.
/// </summary>
internal static class MemoryBench
{
    private const long TargetBytes = 100L << 20;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var quick = args.Quick;
        var bigMib = args.Int("big-mib", quick ? 256 : 2048);
        var smallCount = args.Int("small-count", quick ? 1000 : 4000);
        var tinyCount = args.Int("tiny-count", 40000);

        // 0: the download's default (adaptive, within MaxParallelism 32).
        var parallelism = args.Int("parallelism", 0);
        Machine.PrintHeader("memory");
        Console.WriteLine("# peak RSS = VmHWM of the child process at its end (cross-checked by sampling /proc/<pid>/status every 10 ms)");
        Console.WriteLine("# idle = the same child that creates a client and lists the commit, but downloads nothing (the runtime's floor)");

        using var work = new WorkDir(args, "memory");
        var big = work.Sub("project-big");
        var small = work.Sub("project-small");
        var sw = Stopwatch.StartNew();
        var bigBytes = DataGen.Generate(big, "data", 1, (long)bigMib << 20);
        var smallBytes = DataGen.Generate(small, "data", smallCount, 8L << 10, 100);
        var tiny = work.Sub("project-tiny");
        var tinyBytes = DataGen.Generate(tiny, "data", tinyCount, 1L << 10, 100);
        Console.WriteLine($"# generated 1 x {bigMib} MiB, {smallCount} x 8 KiB and {tinyCount} x 1 KiB in {Stats.F(sw.Elapsed.TotalSeconds, 1)} s");

        var emulator = await EmulatorProcess.StartAsync(work.Sub("emulator-data"), new Dictionary<string, string>
        {
            ["bench/big"] = big,
            ["bench/small"] = small,
            ["bench/tiny"] = tiny,
        }).ConfigureAwait(false);
        await using (emulator.ConfigureAwait(false))
        {
            var cases = new (string Label, string Project, bool Idle, long Bytes, int Files, long Target)[]
            {
                ("idle (no download)", "bench/small", true, 0, 0, 0),
                ($"one file of {bigMib} MiB", "bench/big", false, bigBytes, 1, TargetBytes),
                ($"set (b): {smallCount} x 8 KiB", "bench/small", false, smallBytes, smallCount, TargetBytes),
                ($"{tinyCount} x 1 KiB", "bench/tiny", false, tinyBytes, tinyCount, 150L << 20),
            };
            Console.WriteLine();
            Console.WriteLine("# the library (DownloadCommitAsync) in a .NET process with the runtime's default settings, as in Cake's or MSBuild's process");
            Console.WriteLine("| download | peak RSS MiB (VmHWM) | sampled max MiB | over idle MiB | managed heap peak MiB | allocated MiB | allocated KB per file | gen0 GCs | wall s | MB/s | target |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            long idle = 0;
            var summary = new List<string>();
            var missed = false;
            foreach (var c in cases)
            {
                var dest = Path.Combine(work.Root, "out");
                WorkDir.TryDelete(dest);
                var result = await RunChildAsync(emulator, c.Project, dest, c.Idle, parallelism).ConfigureAwait(false);
                WorkDir.TryDelete(dest);
                if (c.Idle)
                {
                    idle = result.Hwm;
                }

                var met = result.Hwm < c.Target;
                missed |= !c.Idle && !met;
                var mbs = c.Bytes > 0 ? Stats.F(c.Bytes / 1e6 / result.Seconds, 1) : "-";
                var verdict = met ? "met" : "MISSED";

                // Everything the process allocated (the listing included) over the files: what each file costs the garbage collector.
                var perFile = c.Files > 1 ? Stats.F(result.Allocated / 1000.0 / c.Files, 2) : "-";
                Console.WriteLine($"| {c.Label} | {Stats.Mib(result.Hwm)} | {Stats.Mib(result.SampledMax)} | {(c.Idle ? "-" : Stats.Mib(result.Hwm - idle))} | {Stats.Mib(result.ManagedPeak)} | {Stats.Mib(result.Allocated)} | {perFile} | {result.Gen0Collections} | {Stats.F(result.Seconds, 2)} | {mbs} | {(c.Idle ? "-" : $"< {Stats.Mib(c.Target)} MiB: {verdict}")} |");
                if (!c.Idle)
                {
                    summary.Add($"TARGET|peak RSS, {c.Label}|{Stats.Mib(result.Hwm)} MiB|< {Stats.Mib(c.Target)} MiB|{verdict}");
                    if (c.Files > 1)
                    {
                        summary.Add($"TARGET|allocated per file, {c.Label}|{perFile} KB|-|info");
                    }
                }
            }

            // Small files only: the bare loop holds each file whole, which is no floor for one large file (the client streams it).
            await MeasureFloorAsync(emulator, work, cases.Where(c => c.Files > 1).Select(c => (c.Label, c.Project)).ToList(), summary).ConfigureAwait(false);
            if (!args.Flag("no-cli"))
            {
                missed |= await MeasureCommandLineAsync(emulator, work, cases.Where(c => !c.Idle).Select(c => (c.Label, c.Project, c.Target)).ToList(), summary).ConfigureAwait(false);
            }

            summary.ForEach(Console.WriteLine);
            return missed ? 3 : 0;
        }
    }

    /// <summary>
    /// The same downloads through the <c>domino</c> command line as users run it, a process of its own each, with the
    /// runtime settings the tool ships (its garbage collector's youngest generation capped: docs/cli.md): the
    /// framework-dependent tool and, where the build makes it, the native one. Returns whether a target was missed.
    /// </summary>
    private static async Task<bool> MeasureCommandLineAsync(EmulatorProcess emulator, WorkDir work, List<(string Label, string Project, long Target)> cases, List<string> summary)
    {
        var toolRoot = work.Sub("tool");
        var none = new Dictionary<string, string>();
        var tools = new List<(string Name, CliTool Tool)> { ("domino, framework-dependent", CliTool.Prepare(emulator, toolRoot, none)) };
        try
        {
            tools.Add(("domino, native (as installed here)", CliTool.PrepareNative(emulator, toolRoot, none)));
        }
        catch (BenchException ex)
        {
            Console.WriteLine($"# no native domino: {ex.Message}");
        }

        var commits = new Dictionary<string, string>();
        using (var client = emulator.CreateClient())
        {
            foreach (var project in cases.Select(c => c.Project).Distinct())
            {
                commits[project] = (await client.GetProjectClient(project).ListCommitsAsync().ConfigureAwait(false))[0];
            }
        }

        Console.WriteLine();
        Console.WriteLine("# the domino command line (`domino download COMMIT DIR`), a fresh process per download, its own runtime settings");
        Console.WriteLine("| download | tool | peak RSS MiB (VmHWM, read every 10 ms) | wall s | target |");
        Console.WriteLine("|---|---|---:|---:|---|");
        var missed = false;
        foreach (var c in cases)
        {
            foreach (var (name, tool) in tools)
            {
                var dest = Path.Combine(work.Root, "out");
                WorkDir.TryDelete(dest);
                Directory.CreateDirectory(dest);
                var (peak, seconds) = await tool.DownloadMeasuringMemoryAsync(c.Project, commits[c.Project], dest).ConfigureAwait(false);
                WorkDir.TryDelete(dest);
                var verdict = peak < c.Target ? "met" : "MISSED";
                missed |= peak >= c.Target;
                Console.WriteLine($"| {c.Label} | {name} | {Stats.Mib(peak)} | {Stats.F(seconds, 2)} | < {Stats.Mib(c.Target)} MiB: {verdict} |");
                summary.Add($"TARGET|peak RSS, {c.Label}, {name}|{Stats.Mib(peak)} MiB|< {Stats.Mib(c.Target)} MiB|{verdict}");
            }
        }

        return missed;
    }

    /// <summary>
    /// The floor: the same downloads of many small files by the bare HttpClient loop (<see cref="BareDownload"/>: 8
    /// workers over the commit's blob URLs, nothing held but the list, no manifest) in the same kind of child process,
    /// default runtime settings: the memory any .NET downloader needs here before it keeps anything of its own.
    /// Printed as info.
    /// </summary>
    private static async Task MeasureFloorAsync(EmulatorProcess emulator, WorkDir work, List<(string Label, string Project)> cases, List<string> summary)
    {
        Console.WriteLine();
        Console.WriteLine("# the floor: the bare HttpClient loop (8 workers over the commit's blob URLs, nothing kept) in the same child, default settings");
        Console.WriteLine("| download | peak RSS MiB (VmHWM) | sampled max MiB | managed heap peak MiB | allocated MiB | gen0 GCs | wall s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var c in cases)
        {
            string list;
            using (var raw = new RawApi(emulator, c.Project))
            {
                var files = await raw.ListFilesAsync(await raw.NewestCommitAsync().ConfigureAwait(false)).ConfigureAwait(false);
                list = BareDownload.WriteList(Path.Combine(work.Root, "bare.list"), files.Select(f => (new Uri(emulator.BaseAddress, raw.BlobPath(f.Key)), f.Path)));
            }

            var dest = Path.Combine(work.Root, "out");
            WorkDir.TryDelete(dest);
            var result = await RunChildAsync(emulator, c.Project, dest, idle: false, parallelism: 8, bareList: list).ConfigureAwait(false);
            WorkDir.TryDelete(dest);
            Console.WriteLine($"| {c.Label} | {Stats.Mib(result.Hwm)} | {Stats.Mib(result.SampledMax)} | {Stats.Mib(result.ManagedPeak)} | {Stats.Mib(result.Allocated)} | {result.Gen0Collections} | {Stats.F(result.Seconds, 2)} |");
            summary.Add($"TARGET|peak RSS, {c.Label}, bare HttpClient loop (the floor)|{Stats.Mib(result.Hwm)} MiB|-|info");
        }
    }

    private static async Task<ChildResult> RunChildAsync(EmulatorProcess emulator, string project, string dest, bool idle, int parallelism, string? bareList = null)
    {
        var (file, prefix) = Proc.Self();
        var psi = new ProcessStartInfo(file);
        foreach (var a in prefix.Concat(["memory-child", "--host", emulator.BaseAddress.ToString(), "--project", project, "--dest", dest, "--parallelism", parallelism.ToString(CultureInfo.InvariantCulture)]))
        {
            psi.ArgumentList.Add(a);
        }

        if (idle)
        {
            psi.ArgumentList.Add("--idle");
        }

        if (bareList is not null)
        {
            psi.ArgumentList.Add("--bare-list");
            psi.ArgumentList.Add(bareList);
        }

        psi.Environment["DOMINO_USER_API_KEY"] = emulator.ApiKey;
        var (stdout, stderr, sampled, _) = await Proc.RunSamplingAsync(psi, "VmRSS").ConfigureAwait(false);
        var fields = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        long L(string k) => fields.TryGetValue(k, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : throw new BenchException($"memory-child did not report {k}:\n{stdout}{stderr}");
        return new ChildResult(L("VmHWM"), sampled, L("ManagedPeak"), L("Allocated"), (int)L("Gen0Collections"), L("ElapsedMs") / 1000.0);
    }

    /// <summary>
    /// The child: download the newest commit of a project (with <c>--bare-list</c>, the bare loop over that list
    /// instead of the client), then report its own peak memory.
    /// </summary>
    public static async Task<int> RunChildAsync(BenchArgs args)
    {
        var host = args.Require("host");
        var dest = args.Require("dest");
        var idle = args.Flag("idle");
        var sw = Stopwatch.StartNew();
        long managedPeak = 0;
        using var sampler = new Timer(_ => Interlocked.Exchange(ref managedPeak, Math.Max(Interlocked.Read(ref managedPeak), GC.GetTotalMemory(false))), null, 0, 20);
        if (args.Get("bare-list") is { } bareList)
        {
            await BareLoop.RunAsync(bareList, dest, args.Int("parallelism", 8), Environment.GetEnvironmentVariable("DOMINO_USER_API_KEY") ?? "").ConfigureAwait(false);
        }
        else
        {
            using var client = new DominoClient(new DominoClientOptions { Host = host });
            var project = client.GetProjectClient(args.Require("project"));
            var commit = (await project.ListCommitsAsync().ConfigureAwait(false))[0];
            if (!idle)
            {
                var parallelism = args.Int("parallelism", 0);
                var options = parallelism > 0 ? new DominoDownloadOptions { MaxParallelism = parallelism } : new DominoDownloadOptions();
                var report = await project.DownloadCommitAsync(commit, dest, options).ConfigureAwait(false);
                if (report.Failed.Count > 0)
                {
                    throw new BenchException($"{report.Failed.Count} files failed, first: {report.Failed[0].Error}");
                }
            }
            else
            {
                _ = await project.ListFilesAsync(commit).ConfigureAwait(false);
            }
        }

        sw.Stop();
        managedPeak = Math.Max(managedPeak, GC.GetTotalMemory(false));
        Console.WriteLine($"ElapsedMs={sw.ElapsedMilliseconds}");
        Console.WriteLine($"ManagedPeak={managedPeak}");
        Console.WriteLine($"Allocated={GC.GetTotalAllocatedBytes(precise: true)}");
        Console.WriteLine($"Gen0Collections={GC.CollectionCount(0)}");
        Console.WriteLine($"VmHWM={ProcStatus.Read("self", "VmHWM") ?? 0}");
        return 0;
    }

    private sealed record ChildResult(long Hwm, long SampledMax, long ManagedPeak, long Allocated, int Gen0Collections, double Seconds);
}
