using System.Diagnostics;
using System.Text.RegularExpressions;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.Cake;

/// <summary>
/// The real Cake runner on fixture scripts, the add-in loaded from the packed .nupkg through #addin, against the
/// in-process emulator, whose runs really execute samples/project with python3.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class CakeAddinTests
{
    /// <summary>The issue's script, character for character.</summary>
    private const string SimplestScript = """
        #addin nuget:?package=Cake.Domino
        Task("Train").Does(() => {
            var run = DominoStartRun(new DominoStartRunSettings { Command = new[] { "main.py", "foo", "1" } });
            var done = DominoWaitForRun(run);
            var files = DominoDownloadResults(done, "./out");
            Information("GOT=" + string.Join(";", files.Select(f => f.FullPath)));
        });
        RunTarget("Train");
        """;

    private static readonly Regex StartedRun = new(@"Started run (?<id>[0-9a-f]{24})", RegexOptions.Compiled);

    [Fact]
    public async Task Simplest_script_as_written_streams_the_run_and_downloads_its_results_byte_for_byte()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var script = new CakeScript(SimplestScript);

        var result = await script.RunAsync(emulator.Environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(StartedRun, result.StandardOutput);
        Assert.Contains($"{emulator.Host}/{EmulatorFixture.Owner}/{EmulatorFixture.ProjectName}#r/", result.StandardOutput);
        Assert.Contains("epoch 8/8", result.StandardOutput); // The run's own output, streamed into the build log.
        Assert.Contains("done: final loss", result.StandardOutput);
        Assert.DoesNotContain(emulator.ApiKey, result.AllOutput); // At diagnostic verbosity, the default here.

        var outDir = Path.Combine(script.Directory, "out");
        var got = Regex.Match(result.StandardOutput, "^GOT=(?<files>.*)$", RegexOptions.Multiline).Groups["files"].Value.Trim().Split(';');
        var onDisk = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith(".domino-download", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(onDisk, got.Order(StringComparer.Ordinal));
        Assert.All(got, f => Assert.True(Path.IsPathFullyQualified(f), f));

        // The results are what the sample writes when run locally with the same arguments.
        using var local = new TempDirectory();
        TempDirectory.CopyDirectory(TestPaths.SampleProject, local.Path);
        await RunPythonAsync(local.Path, "main.py", "foo", "1");
        foreach (var name in new[] { "metrics.json", "summary.txt", "chart.svg" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(local.Path, "results", name)), File.ReadAllBytes(Path.Combine(outDir, "results", name)));
        }

        // Only what the run added or changed: the project's own inputs stay on the server.
        foreach (var name in new[] { "main.py", "fail.py" })
        {
            Assert.False(File.Exists(Path.Combine(outDir, name)), name);
        }
    }

    [Fact]
    public async Task Failing_run_exits_1_with_the_runs_last_output_on_stderr()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var script = new CakeScript("""
            #addin nuget:?package=Cake.Domino
            Task("Train").Does(() => {
                var run = DominoStartRun(new DominoStartRunSettings { Command = new[] { "fail.py" } });
                DominoWaitForRun(run);
                Information("NOT REACHED");
            });
            RunTarget("Train");
            """);

        var result = await script.RunAsync(emulator.Environment, verbosity: "normal");

        Assert.True(result.ExitCode == 1, result.ToString());
        var runId = StartedRun.Match(result.StandardOutput).Groups["id"].Value;
        Assert.NotEmpty(runId);
        Assert.Contains("ERROR: column 'label' is missing from data/train.csv", result.StandardError);
        Assert.Contains(runId, result.StandardError);
        Assert.Contains("Failed", result.StandardError);
        Assert.Contains($"#r/{runId}", result.StandardError);
        Assert.DoesNotContain("NOT REACHED", result.StandardOutput);
        Assert.DoesNotContain(emulator.ApiKey, result.AllOutput);
    }

    [Fact]
    public async Task Ctrl_C_during_the_wait_stops_the_remote_run_before_the_script_exits()
    {
        await using var emulator = await EmulatorFixture.StartAsync(EmulatorFixture.SlowRunFiles);
        using var script = new CakeScript("""
            #addin nuget:?package=Cake.Domino
            Task("Train").Does(() => {
                var run = DominoStartRun(new DominoStartRunSettings { Command = new[] { "slow.py" } });
                DominoWaitForRun(run);
            });
            RunTarget("Train");
            """);
        using var runner = script.Start(emulator.Environment, verbosity: "normal");

        // Once the run's output streams in, the script is inside DominoWaitForRun: press Ctrl-C.
        await runner.WaitForOutputAsync(new Regex(@"tick \d+"), TimeSpan.FromMinutes(2));
        var runId = StartedRun.Match(runner.StandardOutputSoFar).Groups["id"].Value;
        runner.Interrupt();
        var result = await runner.WaitAsync(TimeSpan.FromSeconds(60));

        // Exit code 1, as docs/cake.md says: Cake's runner exits 1 for any failed task (130 needs the script's help).
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"stopping run {runId}", result.AllOutput);
        Assert.Equal("Stopped", await emulator.WaitForTerminalStatusAsync(runId, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Diagnostic_output_never_contains_the_api_key_and_the_pinned_package_is_loaded()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var version = TestPaths.CakeDominoVersion;
        using var script = new CakeScript($$"""
            #addin nuget:?package=Cake.Domino&version={{version}}
            Task("All").Does(() => {
                var outcome = DominoRun(new DominoRunSettings { Command = new[] { "main.py", "bar", "2" }, Destination = "./results-here" });
                Information("RUN={0} STATUS={1} FILES={2}", outcome.Run.RunId, outcome.Run.Status, outcome.Files.Count);
                Information("AGAIN={0}", DominoGetRun(outcome.Run).Status);
                Information("LISTED={0}", DominoListRuns().Count);
                Information("ONE={0}", DominoDownloadFile(outcome.Run, "results/summary.txt", "./single/summary.txt").FullPath);
            });
            RunTarget("All");
            """);

        var result = await script.RunAsync(emulator.Environment, verbosity: "diagnostic");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("STATUS=Succeeded", result.StandardOutput);
        Assert.Contains("AGAIN=Succeeded", result.StandardOutput);
        Assert.Contains("LISTED=1", result.StandardOutput);
        Assert.Contains($"ONE={Path.Combine(script.Directory, "single", "summary.txt")}", result.StandardOutput);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(script.Directory, "results-here", "results", "summary.txt")),
            File.ReadAllBytes(Path.Combine(script.Directory, "single", "summary.txt")));
        Assert.DoesNotContain(emulator.ApiKey, result.AllOutput);

        // The add-in came from the package, with the client bundled next to it.
        var addin = Path.Combine(script.Directory, "tools", "Addins", $"Cake.Domino.{version}", "lib", "net10.0");
        Assert.True(File.Exists(Path.Combine(addin, "Cake.Domino.dll")), result.ToString());
        Assert.True(File.Exists(Path.Combine(addin, "Domino.Client.dll")), result.ToString());
        Assert.Contains($"will reference tools/Addins/Cake.Domino.{version}/lib/net10.0/Domino.Client.dll", result.StandardOutput);
        Assert.Contains($"will reference tools/Addins/Cake.Domino.{version}/lib/net10.0/Cake.Domino.dll", result.StandardOutput);
        Assert.Matches("GET /v4/jobs/[0-9a-f]{24} -> 200", result.StandardOutput); // Requests do show at diagnostic (the emulator speaks v4).
    }

    private static async Task RunPythonAsync(string workingDirectory, params string[] arguments)
    {
        using var python = ProcessRunner.Start("python3", arguments, workingDirectory, new Dictionary<string, string?>());
        var result = await python.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
