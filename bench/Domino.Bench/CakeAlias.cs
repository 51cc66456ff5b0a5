using System.Diagnostics;

namespace Domino.Bench;

/// <summary>
/// The Cake-alias path of the download benchmark: the add-in built into a folder as its package lays it out, a script
/// calling <c>DominoDownloadResults</c> on a finished run whose output commit holds the set, and an empty script (Cake's
/// own start, compile and exit: the baseline the alias's time is read against). Both run as <c>dotnet Cake.dll</c>.
/// </summary>
internal sealed class CakeAlias
{
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

    /// <summary>Builds the add-in once per process (into <paramref name="addinRoot"/>), finishes a run on the project, writes the scripts.</summary>
    public static async Task<CakeAlias> PrepareAsync(EmulatorProcess emulator, string project, string addinRoot, string dir)
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
        if (!File.Exists(Path.Combine(addinRoot, "Cake.Domino.dll")))
        {
            Proc.RunChecked("dotnet", ["build", Path.Combine(repo, "src", "Cake.Domino"), "-c", "Release", "-o", addinRoot, "-p:GeneratePackageOnBuild=false", "-nodeReuse:false", "-p:UseSharedCompilation=false"], environment: env, timeout: TimeSpan.FromMinutes(10));
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
        File.WriteAllText(Path.Combine(dir, "download.cake"), refs + "\n" + """
            var runId = Argument<string>("runid");
            var dest = Argument<string>("dest");
            Task("Default").Does(() =>
            {
                var files = DominoDownloadResults(runId, dest, new DominoDownloadSettings { IncludeUnchanged = true });
                Information($"downloaded {files.Count} files");
            });
            RunTarget("Default");
            """);
        return new CakeAlias(cakeDll, dir, env, run.Id) { OutputCommitId = run.OutputCommitId ?? throw new BenchException("the benchmark's run saved no output commit") };
    }

    /// <summary>Runs the download script into <paramref name="dest"/>; returns the process's wall time.</summary>
    public double Download(string dest) =>
        Proc.RunChecked("dotnet", [_cakeDll, "download.cake", $"--runid={_runId}", $"--dest={dest}"], _dir, _env, TimeSpan.FromMinutes(10)).Elapsed.TotalSeconds;

    /// <summary>Runs the empty script; returns the process's wall time.</summary>
    public double Empty() =>
        Proc.RunChecked("dotnet", [_cakeDll, "empty.cake"], _dir, _env, TimeSpan.FromMinutes(10)).Elapsed.TotalSeconds;

    /// <summary>A fresh process (this benchmark's <c>download-child</c>) downloading the commit once with the core: the cold first call, runtime start included.</summary>
    public static double ColdCore(EmulatorProcess emulator, string project, string commitId, string dest)
    {
        var (file, prefix) = Proc.Self();
        var sw = Stopwatch.StartNew();
        Proc.RunChecked(file, [.. prefix, "download-child", "--host", emulator.BaseAddress.ToString(), "--project", project, "--commit", commitId, "--dest", dest],
            environment: new Dictionary<string, string?> { ["DOMINO_USER_API_KEY"] = emulator.ApiKey }, timeout: TimeSpan.FromMinutes(10));
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
