using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;

namespace Domino.Bench;

/// <summary>
/// The Cake-alias path of the download benchmark: the add-in extracted from its package (what users get), a script
/// that calls <c>DominoDownloadResults</c> twice on a finished run whose output commit holds the set (the process's
/// first call, then a warm one, each timed inside the script), the same two calls of the bare HttpClient loop
/// (<see cref="BareDownload"/>: the floor in Cake's process), and an empty script (Cake's own start). All run as
/// <c>dotnet Cake.dll</c>.
/// </summary>
internal sealed class CakeAlias
{
    /// <summary>The line the download script prints: the two calls' times in seconds.</summary>
    private const string AliasLinePrefix = "BENCH-ALIAS ";
    private const string FirstLinePrefix = "BENCH-FIRST ";

    private readonly string _cakeDll;
    private readonly string _dir;
    private readonly Dictionary<string, string?> _env;
    private readonly string _runId;

    private CakeAlias(string cakeDll, string dir, Dictionary<string, string?> env, string runId)
    {
        _cakeDll = cakeDll;
        _dir = dir;
        _env = env;
        _runId = runId;
    }

    /// <summary>The output commit of the run the script downloads.</summary>
    public required string OutputCommitId { get; init; }

    /// <summary>
    /// Extracts the add-in from its package once per process (into <paramref name="addinRoot"/>), finishes a run on
    /// the project, writes the scripts.
    /// </summary>
    public static async Task<CakeAlias> PrepareAsync(EmulatorProcess emulator, string project, string addinRoot, string dir, IReadOnlyDictionary<string, string> childEnv)
    {
        var repo = OverheadBench.FindRepoRoot();
        var cakeDll = OverheadBench.FindCakeDll(repo);
        var env = new Dictionary<string, string?>
        {
            ["DOMINO_API_HOST"] = emulator.BaseAddress.ToString(),
            ["DOMINO_USER_API_KEY"] = emulator.ApiKey,
            ["DOMINO_PROJECT_OWNER"] = project[..project.IndexOf('/')],
            ["DOMINO_PROJECT_NAME"] = project[(project.IndexOf('/') + 1)..],
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (name, value) in childEnv)
        {
            env[name] = value;
        }

        if (!File.Exists(Path.Combine(addinRoot, "Cake.Domino.dll")))
        {
            ExtractAddinFromPackage(addinRoot);
        }

        using var client = emulator.CreateClient();
        var projectClient = client.GetProjectClient(project);
        var started = await projectClient.StartRunAsync(new Domino.Client.DominoStartRunRequest { Command = ["true"], IsDirect = true, Title = "download benchmark" }).ConfigureAwait(false);
        var run = await projectClient.WaitForRunAsync(started.RunId, new Domino.Client.DominoWaitOptions { StreamOutput = false }).ConfigureAwait(false);
        var refs = $"#r \"{Path.Combine(addinRoot, "Domino.Client.dll")}\"\n#r \"{Path.Combine(addinRoot, "Cake.Domino.dll")}\"";
        File.WriteAllText(Path.Combine(dir, "empty.cake"), """
            Task("Default").Does(() => { });
            RunTarget("Default");
            """);

        // Every file of the run's output commit (the run changed none): IncludeUnchanged. Default parallelism.
        // The alias is called from a method of its own: the task's lambda touches none of the add-in's types, so their
        // type loading and JIT fall inside the first stopwatch (Cake has loaded the assemblies to find the aliases).
        File.WriteAllText(Path.Combine(dir, "download.cake"), refs + "\n" + """
            var runId = Argument<string>("runid");

            int DownloadOnce(string dest) =>
                DominoDownloadResults(runId, dest, new DominoDownloadSettings { IncludeUnchanged = true }).Count;
            """ + "\n" + TwoCalls);

        // The same two calls of the bare HttpClient loop over the output commit's blobs (the floor in Cake's process).
        File.WriteAllText(Path.Combine(dir, "bare.cake"), BareDownload.ScriptFunction + "\n" + TwoCalls);
        return new CakeAlias(cakeDll, dir, env, run.Id) { OutputCommitId = run.OutputCommitId ?? throw new BenchException("the benchmark's run saved no output commit") };
    }

    /// <summary>
    /// The scripts' task: <c>DownloadOnce</c> (defined before it) into <c>dest1</c>, then into <c>dest2</c>, each call
    /// timed, with what the runtime compiled and collected during the second.
    /// </summary>
    private const string TwoCalls = $$"""
            var dest1 = Argument<string>("dest1");
            var dest2 = Argument<string>("dest2");
            var deleteFirst = Argument<bool>("deletefirst", true);

            Task("Default").Does(() =>
            {
                var first = System.Diagnostics.Stopwatch.StartNew();
                var firstCount = DownloadOnce(dest1);
                first.Stop();

                // Between the calls, as between the bench's other methods: the first call's files are counted (for the
                // bench to check) and their writes flushed, so the second call pays for none of them; large files are
                // deleted too (their pages), small ones are left for the bench to move aside (see Discard).
                var written = System.IO.Directory.EnumerateFiles(dest1, "*", SearchOption.AllDirectories)
                    .Where(f => System.IO.Path.GetFileName(f) != ".domino-download.json")
                    .Select(f => new FileInfo(f).Length)
                    .ToList();
                Console.WriteLine(FormattableString.Invariant($"{{FirstLinePrefix}}files={written.Count} bytes={written.Sum()}"));
                if (deleteFirst)
                {
                    System.IO.Directory.Delete(dest1, recursive: true);
                }

                StartProcess("sync");

                // What the runtime compiles during the warm call (any thread: Cake's own methods tiered up in the
                // background count too), to tell the host's JIT from the add-in's work.
                var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
                var jitTime = System.Runtime.JitInfo.GetCompilationTime();
                var (gen2, gcPause) = (GC.CollectionCount(2), GC.GetTotalPauseDuration());
                var second = System.Diagnostics.Stopwatch.StartNew();
                var secondCount = DownloadOnce(dest2);
                second.Stop();
                jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods;
                jitTime = System.Runtime.JitInfo.GetCompilationTime() - jitTime;
                (gen2, gcPause) = (GC.CollectionCount(2) - gen2, GC.GetTotalPauseDuration() - gcPause);
                Console.WriteLine(FormattableString.Invariant(
                    $"{{AliasLinePrefix}}first={first.Elapsed.TotalSeconds:F4} second={second.Elapsed.TotalSeconds:F4} files={firstCount},{secondCount} jit2={jitMethods} jit2ms={jitTime.TotalMilliseconds:F0} gen2={gen2} gcms={gcPause.TotalMilliseconds:F0} heapmib={GC.GetGCMemoryInfo().HeapSizeBytes >> 20}"));
            });
            RunTarget("Default");
            """;

    /// <summary>
    /// Runs the download script: its first call into <paramref name="dest1"/>, its second into <paramref name="dest2"/>
    /// (both empty; the first deleted between the calls when <paramref name="deleteFirst"/>); returns the two calls' times as the script measured them and the process's wall time.
    /// </summary>
    public CakeTimes Download(string dest1, string dest2, bool deleteFirst) =>
        RunScript("download.cake", [$"--runid={_runId}"], dest1, dest2, deleteFirst);

    /// <summary>
    /// Runs the bare script as <see cref="Download"/> runs the alias's: the bare HttpClient loop over
    /// <paramref name="list"/> (see <see cref="BareDownload"/>) twice, in Cake's process.
    /// </summary>
    public CakeTimes Bare(string list, int parallelism, string dest1, string dest2, bool deleteFirst) =>
        RunScript("bare.cake", [$"--list={list}", $"--parallelism={parallelism.ToString(CultureInfo.InvariantCulture)}"], dest1, dest2, deleteFirst);

    private CakeTimes RunScript(string script, IEnumerable<string> scriptArgs, string dest1, string dest2, bool deleteFirst)
    {
        var result = Proc.RunChecked("dotnet", [_cakeDll, script, .. scriptArgs, $"--dest1={dest1}", $"--dest2={dest2}", $"--deletefirst={deleteFirst}"], _dir, _env, TimeSpan.FromMinutes(10));
        var (first, second) = ParseAliasLine(result.Stdout)
            ?? throw new BenchException($"the Cake script printed no '{AliasLinePrefix}first=S second=S' line; its output:\n{Proc.Tail(result.Stdout + result.Stderr, 3000)}");
        var written = ParseFields(result.Stdout, FirstLinePrefix)
            ?? throw new BenchException($"the Cake script printed no '{FirstLinePrefix}files=N bytes=N' line; its output:\n{Proc.Tail(result.Stdout + result.Stderr, 3000)}");
        var alias = ParseFields(result.Stdout, AliasLinePrefix)!;
        return new CakeTimes(first, second, result.Elapsed.TotalSeconds, int.Parse(written["files"], CultureInfo.InvariantCulture), long.Parse(written["bytes"], CultureInfo.InvariantCulture))
        {
            WarmJitMethods = int.Parse(alias["jit2"], CultureInfo.InvariantCulture),
            WarmJitMs = double.Parse(alias["jit2ms"], CultureInfo.InvariantCulture),
            WarmGen2 = int.Parse(alias["gen2"], CultureInfo.InvariantCulture),
            WarmGcPauseMs = double.Parse(alias["gcms"], CultureInfo.InvariantCulture),
            HeapMiB = int.Parse(alias["heapmib"], CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Runs the empty script; returns the process's wall time.</summary>
    public double Empty() =>
        Proc.RunChecked("dotnet", [_cakeDll, "empty.cake"], _dir, _env, TimeSpan.FromMinutes(10)).Elapsed.TotalSeconds;

    /// <summary>The first and second call's seconds from the script's <c>BENCH-ALIAS</c> line; null when there is none.</summary>
    private static (double First, double Second)? ParseAliasLine(string stdout) =>
        ParseFields(stdout, AliasLinePrefix) is { } fields
            && fields.TryGetValue("first", out var first) && fields.TryGetValue("second", out var second)
            && double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)
            && double.TryParse(second, NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
            ? (f, s)
            : null;

    /// <summary>The <c>name=value</c> fields of the script's last line starting with <paramref name="prefix"/>; null when there is none.</summary>
    private static Dictionary<string, string>? ParseFields(string stdout, string prefix)
    {
        var line = stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line?[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
    }

    /// <summary>
    /// Packs <c>src/Cake.Domino</c> into a temporary feed and extracts the package's <c>lib/net10.0/*.dll</c> into
    /// <paramref name="addinRoot"/>: the assemblies users get (ReadyToRun code included if the package carries it).
    /// </summary>
    private static void ExtractAddinFromPackage(string addinRoot)
    {
        var package = FrontEnd.Pack("Cake.Domino", addinRoot + "-feed", version: null).Single();
        try
        {
            Directory.CreateDirectory(addinRoot);
            using (var zip = ZipFile.OpenRead(package))
            {
                foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("lib/net10.0/", StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && e.FullName.IndexOf('/', "lib/net10.0/".Length) < 0))
                {
                    entry.ExtractToFile(Path.Combine(addinRoot, entry.Name), overwrite: true);
                }
            }

            foreach (var name in new[] { "Cake.Domino.dll", "Domino.Client.dll" })
            {
                if (!File.Exists(Path.Combine(addinRoot, name)))
                {
                    throw new BenchException($"the package {Path.GetFileName(package)} has no lib/net10.0/{name}");
                }
            }

            Console.WriteLine($"# cake add-in: lib/net10.0 of {Path.GetFileName(package)} ({string.Join(", ", Directory.GetFiles(addinRoot, "*.dll").Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length / 1024} KiB"))})");
        }
        finally
        {
            WorkDir.TryDelete(Path.GetDirectoryName(package)!);
        }
    }

    /// <summary>A fresh process (this benchmark's <c>download-child</c>) downloading the commit once with the core: the cold first call, runtime start included.</summary>
    public static double ColdCore(EmulatorProcess emulator, string project, string commitId, string dest, IReadOnlyDictionary<string, string> childEnv)
    {
        var (file, prefix) = Proc.Self();
        var sw = Stopwatch.StartNew();
        Proc.RunChecked(file, [.. prefix, "download-child", "--host", emulator.BaseAddress.ToString(), "--project", project, "--commit", commitId, "--dest", dest],
            environment: new Dictionary<string, string?>(childEnv.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value))) { ["DOMINO_USER_API_KEY"] = emulator.ApiKey },
            timeout: TimeSpan.FromMinutes(10));
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>The child: one download with default options, in a fresh process.</summary>
    public static async Task<int> RunChildAsync(BenchArgs args)
    {
        using var client = new Domino.Client.DominoClient(new Domino.Client.DominoClientOptions { Host = args.Require("host") });
        var report = await client.GetProjectClient(args.Require("project")).DownloadCommitAsync(args.Require("commit"), args.Require("dest")).ConfigureAwait(false);
        return report.Failed.Count == 0 ? 0 : 1;
    }
}

/// <summary>One Cake process's figures: the alias's first (cold) and second (warm) call as the script timed them, and the process's wall time.</summary>
internal sealed record CakeTimes(double First, double Warm, double Script, int FirstFiles, long FirstBytes)
{
    /// <summary>Methods the runtime compiled during the warm call, on any thread of the Cake process.</summary>
    public int WarmJitMethods { get; init; }

    /// <summary>The time the runtime spent compiling them.</summary>
    public double WarmJitMs { get; init; }

    /// <summary>Full (gen 2) collections during the warm call.</summary>
    public int WarmGen2 { get; init; }

    /// <summary>The time the warm call's threads were paused for collections.</summary>
    public double WarmGcPauseMs { get; init; }

    /// <summary>The Cake process's managed heap after the warm call (Cake's compiled script and Roslyn's data included).</summary>
    public int HeapMiB { get; init; }
}
