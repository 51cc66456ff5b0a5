using System.Text.Json;
using System.Text.RegularExpressions;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.Cli;

/// <summary>
/// The packed <c>domino</c> tool as a pipeline step would run it, against the in-process emulator whose runs really
/// execute samples/project with python3.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class CliToolTests : IClassFixture<CliTool>
{
    private static readonly Regex StartedRun = new(@"Started run (?<id>[0-9a-f]{24})", RegexOptions.Compiled);

    private readonly CliTool _tool;

    public CliToolTests(CliTool tool)
    {
        _tool = tool;
    }

    [Fact]
    public void Package_declares_the_domino_command()
    {
        Assert.Equal("domino", _tool.CommandName);
    }

    [Fact]
    public void Package_runtime_settings_suit_a_short_lived_process()
    {
        // docs/cli.md: the youngest generation capped (else a machine reporting a large CPU cache lets about 150 MiB of
        // garbage pile up) and no profiling tiers in the JIT (they never pay back in a process this short).
        var settings = _tool.RuntimeSettings();
        Assert.Equal(CliTool.Gen0MaxBudget, settings.GetProperty("System.GC.Gen0MaxBudget").GetInt64());
        Assert.False(settings.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }

    [Fact]
    public void Package_assemblies_are_all_precompiled_alike_including_the_third_party_ones()
    {
        // Directory.Build.targets: a Release build on Linux x64 precompiles (ReadyToRun) our assemblies and the NuGet
        // packages' ones shipped next to them (System.CommandLine), so a fresh process compiles none of them just in time.
        var folder = Path.GetDirectoryName(_tool.EntryPoint)!;
        var assemblies = Directory.GetFiles(folder, "*.dll").Where(path => !path.EndsWith(".resources.dll", StringComparison.Ordinal)).ToArray();
        Assert.Contains(assemblies, path => Path.GetFileName(path) == "System.CommandLine.dll");
        var expected = TestPaths.Configuration == "Release" && System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier == "linux-x64";
        Assert.All(assemblies, path => Assert.True(CliTool.IsPrecompiled(path) == expected, $"{Path.GetFileName(path)}: precompiled {!expected}, expected {expected}"));
    }

    [Fact]
    public async Task Run_with_download_prints_the_runs_output_exits_0_and_leaves_the_results_in_the_folder()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var work = new TempDirectory();

        var result = await _tool.RunAsync(work.Path, Connection(emulator), "run", "--project", "alice/quick", "--download", "./out", "--", "main.py", "foo", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("epoch 8/8", result.StandardOutput); // The run's own output, streamed to stdout.
        Assert.Contains("done: final loss", result.StandardOutput);
        Assert.Matches(StartedRun, result.StandardError);
        using var local = new TempDirectory();
        TempDirectory.CopyDirectory(TestPaths.SampleProject, local.Path);
        await ProcessRunner.RunAsync("python3", ["main.py", "foo", "1"], local.Path, new Dictionary<string, string?>(), TimeSpan.FromMinutes(1));
        foreach (var name in new[] { "metrics.json", "summary.txt", "chart.svg" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(local.Path, "results", name)), File.ReadAllBytes(Path.Combine(work.Path, "out", "results", name)));
        }

        Assert.DoesNotContain(emulator.ApiKey, result.AllOutput);
    }

    [Fact]
    public async Task Failing_run_exits_1_with_its_last_output_lines_on_stderr()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var work = new TempDirectory();

        var result = await _tool.RunAsync(work.Path, Connection(emulator), "run", "--project", "alice/quick", "--download", "./out", "--", "fail.py");

        Assert.True(result.ExitCode == 1, result.ToString());
        var stderr = result.StandardError;
        Assert.Contains("ended Failed, not Succeeded", stderr);
        Assert.Contains("  ERROR: column 'label' is missing from data/train.csv", stderr);
        Assert.False(Directory.Exists(Path.Combine(work.Path, "out")), "Nothing is downloaded for a failed run.");
    }

    [Fact]
    public async Task Json_output_is_one_object_on_stdout_whose_status_and_files_are_the_runs()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var work = new TempDirectory();

        var result = await _tool.RunAsync(work.Path, Connection(emulator), "run", "--project", "alice/quick", "--download", "out", "--output", "json", "--", "main.py", "foo", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.StandardOutput); // Nothing but the one object on stdout.
        var root = json.RootElement;
        Assert.Equal("Succeeded", root.GetProperty("status").GetString());
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        var runId = root.GetProperty("runId").GetString()!;
        Assert.Equal("Succeeded", await emulator.GetRunStatusAsync(runId));
        var files = root.GetProperty("download").GetProperty("files").EnumerateArray().Select(f => f.GetProperty("localPath").GetString()).ToList();
        Assert.Contains(Path.Combine(work.Path, "out", "results", "metrics.json"), files);
        Assert.All(files, f => Assert.True(File.Exists(f), f));
        Assert.Contains("epoch 8/8", result.StandardError); // The run's output went to stderr instead.
    }

    [Fact]
    public async Task Bad_flag_exits_2_naming_it_and_sends_no_request()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var work = new TempDirectory();

        var result = await _tool.RunAsync(work.Path, Connection(emulator), "run", "--project", "alice/quick", "--wiat", "--", "main.py");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Unrecognized option '--wiat'", result.StandardError);
        Assert.Contains("Usage:", result.StandardError);
        Assert.Equal(0, emulator.Emulator.GetRequestCounts().Values.Sum());
    }

    [Fact]
    public async Task Missing_key_exits_3_naming_the_variable_and_sends_no_request()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var work = new TempDirectory();
        var environment = new Dictionary<string, string?>(Connection(emulator)) { ["DOMINO_USER_API_KEY"] = null };

        var result = await _tool.RunAsync(work.Path, environment, "run", "--project", "alice/quick", "--wait", "--", "main.py");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("DOMINO_USER_API_KEY", result.StandardError);
        Assert.Equal(0, emulator.Emulator.GetRequestCounts().Values.Sum());
    }

    [Fact]
    public async Task Ctrl_c_while_waiting_stops_the_run_and_exits_130()
    {
        await using var emulator = await EmulatorFixture.StartAsync(EmulatorFixture.SlowRunFiles);
        using var work = new TempDirectory();
        using var runner = _tool.Start(work.Path, Connection(emulator), ["run", "--project", "alice/quick", "--wait", "--", "slow.py"]);

        // Once the run's output streams in, the tool is inside the wait: press Ctrl-C.
        await runner.WaitForOutputAsync(new Regex(@"tick \d+"), TimeSpan.FromMinutes(1));
        runner.Interrupt();
        var result = await runner.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 130, result.ToString());
        var runId = StartedRun.Match(result.StandardError).Groups["id"].Value;
        Assert.Equal("Stopped", await emulator.WaitForTerminalStatusAsync(runId, TimeSpan.FromSeconds(30)));
        Assert.Equal(1, emulator.Emulator.GetRequestCount("POST", "/v4/jobs/stop"));
    }

    [Fact]
    public async Task In_github_actions_the_run_is_folded_on_stdout_and_its_facts_become_step_outputs_unless_no_ci()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var work = new TempDirectory();
        var outputs = Path.Combine(work.Path, "github-output");
        var environment = new Dictionary<string, string?>(Connection(emulator)) { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = outputs };

        var result = await _tool.RunAsync(work.Path, environment, "run", "--project", "alice/quick", "--wait", "--", "main.py", "foo", "1");
        var quiet = await _tool.RunAsync(work.Path, environment, "run", "--project", "alice/quick", "--wait", "--no-ci", "--", "main.py", "foo", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        var stdout = result.StandardOutput;
        Assert.Matches(new Regex(@"::group::Domino run [0-9a-f]{24} \(alice/quick\)"), stdout);
        Assert.True(stdout.IndexOf("::group::", StringComparison.Ordinal) < stdout.IndexOf("epoch 8/8", StringComparison.Ordinal), stdout);
        Assert.Contains("::endgroup::", stdout);
        Assert.Contains("domino-run-status<<", File.ReadAllText(outputs));
        Assert.Contains("Succeeded", File.ReadAllText(outputs));
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.DoesNotContain("::group::", quiet.StandardOutput);
        Assert.Single(Regex.Matches(File.ReadAllText(outputs), "domino-run-status<<"));
    }

    /// <summary>The host and key from the environment, as a CI step would give them; the project comes from --project.</summary>
    private static Dictionary<string, string?> Connection(EmulatorFixture emulator) => new()
    {
        ["DOMINO_API_HOST"] = emulator.Host,
        ["DOMINO_USER_API_KEY"] = emulator.ApiKey,
    };
}
