using Domino.Client.Ci;
using Domino.Client.Tests.EndToEnd;

namespace Domino.Client.Tests.Ci;

/// <summary>
/// Waits and downloads against the real emulator with a CI system in the environment: what the build log, the
/// GITHUB_OUTPUT file and the job summary receive.
/// </summary>
[Collection("EndToEnd")]
[Trait("Category", "EndToEnd")]
public sealed class CiReportingEndToEndTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private const string InjectPy = """
        import os
        print("before", flush=True)
        print("::error::pwned", flush=True)
        print("##vso[task.setvariable variable=X]1", flush=True)
        print("##[error]fake", flush=True)
        os.makedirs("results", exist_ok=True)
        with open("results/out.txt", "w") as f:
            f.write("ok\n")
        print("after", flush=True)
        """;

    private const string LeakPy = """
        import sys
        print("the key is KEY_PLACEHOLDER", flush=True)
        print("::warning::and a command", flush=True)
        sys.exit(1)
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "domino-ci-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    public CiReportingEndToEndTests()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(OutputFile, "");
        File.WriteAllText(SummaryFile, "");
    }

    private string OutputFile => Path.Combine(_folder, "github_output");

    private string SummaryFile => Path.Combine(_folder, "step_summary.md");

    [Fact]
    public async Task On_GitHub_a_good_run_is_folded_leaves_exact_outputs_and_a_summary_and_no_annotation()
    {
        await using var e = await Start(Github());
        var runId = await e.StartMainAsync();

        var run = await e.Runs.WaitForRunAsync(runId, EmulatorHarness.FastWait()).WaitAsync(Bound);
        var report = await e.Runs.DownloadResultsAsync(runId, e.NewFolder("results"), new DominoDownloadOptions { RemotePath = "results" }).WaitAsync(Bound);

        var outputs = GitHubOutputFile.Read(await File.ReadAllTextAsync(OutputFile));
        Assert.Equal(runId, outputs["domino-run-id"]);
        Assert.Equal("Succeeded", outputs["domino-run-status"]);
        Assert.Equal(e.Runs.GetRunUrl(runId).AbsoluteUri, outputs["domino-run-url"]);
        Assert.Equal(run.OutputCommitId, outputs["domino-output-commit"]);
        Assert.Equal("2", outputs["domino-downloaded-count"]);
        Assert.Equal(2, report.Written.Count);

        var summary = await File.ReadAllTextAsync(SummaryFile);
        Assert.Contains($"| alice/demo | [{runId}]({e.Runs.GetRunUrl(runId).AbsoluteUri}) | Succeeded |", summary, StringComparison.Ordinal);
        Assert.Contains($"#### Files downloaded from run [{runId}](", summary, StringComparison.Ordinal);
        Assert.Contains("| results/data.bin | 293.0 KB |", summary, StringComparison.Ordinal);
        Assert.Contains("| results/sub/note.txt | 9 B |", summary, StringComparison.Ordinal);

        Assert.DoesNotContain(Commands(e), c => c.StartsWith("::error", StringComparison.Ordinal));
        AssertFolded(e, runId);
    }

    [Fact]
    public async Task On_GitHub_a_download_by_commit_sets_the_count_and_lists_its_files_under_the_commit()
    {
        await using var e = await Start(Github());
        var runId = await e.StartMainAsync();
        var run = await e.Runs.WaitForRunAsync(runId, EmulatorHarness.FastWait()).WaitAsync(Bound);
        await File.WriteAllTextAsync(OutputFile, "");
        await File.WriteAllTextAsync(SummaryFile, "");

        await e.Runs.DownloadCommitAsync(run.OutputCommitId!, e.NewFolder("results"), new DominoDownloadOptions { RemotePath = "results/sub" }).WaitAsync(Bound);

        Assert.Equal("1", GitHubOutputFile.Read(await File.ReadAllTextAsync(OutputFile))["domino-downloaded-count"]);
        var summary = await File.ReadAllTextAsync(SummaryFile);
        Assert.StartsWith($"#### Files downloaded from commit {run.OutputCommitId} (alice/demo)", summary, StringComparison.Ordinal);
        Assert.Contains("| results/sub/note.txt | 9 B |", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_GitHub_a_failed_run_leaves_one_error_annotation_with_its_last_lines()
    {
        await using var e = await Start(Github());
        var started = await e.Runs.StartRunAsync(new DominoStartRunRequest { Command = ["fail.py"] });

        await Assert.ThrowsAsync<DominoRunFailedException>(() => e.Runs.WaitForRunAsync(started.RunId, EmulatorHarness.FastWait()).WaitAsync(Bound));

        var error = Assert.Single(Commands(e), c => c.StartsWith("::error", StringComparison.Ordinal));
        Assert.StartsWith("::error title=Domino run Failed::Run " + started.RunId, error, StringComparison.Ordinal);
        Assert.Contains(e.Runs.GetRunUrl(started.RunId).AbsoluteUri, error, StringComparison.Ordinal);
        Assert.EndsWith("%0Afail line 29%0Aabout to fail", error, StringComparison.Ordinal);
        Assert.Equal("Failed", GitHubOutputFile.Read(await File.ReadAllTextAsync(OutputFile))["domino-run-status"]);
        AssertFolded(e, started.RunId);
    }

    [Fact]
    public async Task On_GitHub_a_failed_run_that_does_not_throw_is_annotated_from_the_streamed_output()
    {
        await using var e = await Start(Github());
        var started = await e.Runs.StartRunAsync(new DominoStartRunRequest { Command = ["fail.py"] });
        var wait = EmulatorHarness.FastWait();
        wait.ThrowOnFailure = false;
        wait.FailureOutputLines = 2;

        await e.Runs.WaitForRunAsync(started.RunId, wait).WaitAsync(Bound);

        var error = Assert.Single(Commands(e), c => c.StartsWith("::error", StringComparison.Ordinal));
        Assert.EndsWith("Last 2 line(s) of its output:%0Afail line 29%0Aabout to fail", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_GitHub_run_output_cannot_issue_workflow_commands()
    {
        await using var e = await Start(Github());
        var started = await e.Runs.StartRunAsync(new DominoStartRunRequest { Command = ["inject.py"] });

        await e.Runs.WaitForRunAsync(started.RunId, EmulatorHarness.FastWait()).WaitAsync(Bound);

        // The line is printed as it is, but only while commands are stopped with a token the output never saw.
        var lines = e.Logger.Lines.Select(l => l.Message).ToList();
        var stop = lines.FindIndex(l => l.StartsWith("::stop-commands::", StringComparison.Ordinal));
        var token = lines[stop]["::stop-commands::".Length..];
        var resume = lines.IndexOf($"::{token}::");
        var pwned = lines.IndexOf("::error::pwned");
        Assert.InRange(pwned, stop + 1, resume - 1);
        Assert.DoesNotContain(lines.Take(resume).Skip(stop + 1), l => l.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(Commands(e), c => c.Contains("pwned", StringComparison.Ordinal) || c.StartsWith("::error", StringComparison.Ordinal));
        Assert.DoesNotContain("X", GitHubOutputFile.Read(await File.ReadAllTextAsync(OutputFile)).Keys);
    }

    [Fact]
    public async Task On_Azure_Pipelines_run_output_cannot_issue_logging_commands_and_outputs_are_output_variables()
    {
        await using var e = await Start(new() { ["TF_BUILD"] = "True", ["AGENT_TEMPDIRECTORY"] = _folder });
        var started = await e.Runs.StartRunAsync(new DominoStartRunRequest { Command = ["inject.py"] });

        var run = await e.Runs.WaitForRunAsync(started.RunId, EmulatorHarness.FastWait()).WaitAsync(Bound);

        Assert.Contains(e.Logger.Lines, l => l.Level == DominoLogLevel.RunOutput && l.Message == "# #vso[task.setvariable variable=X]1");
        Assert.Contains(e.Logger.Lines, l => l.Level == DominoLogLevel.RunOutput && l.Message == "# #[error]fake");
        Assert.DoesNotContain(e.Logger.Lines, l => l.Level != DominoLogLevel.CiCommand && (l.Message.Contains("##vso[", StringComparison.OrdinalIgnoreCase) || l.Message.Contains("##[", StringComparison.Ordinal)));
        var commands = Commands(e);
        Assert.Equal($"##[group]Domino run {started.RunId} (alice/demo)", commands[0]);
        Assert.Contains("##[endgroup]", commands);
        Assert.Contains($"##vso[task.setvariable variable=DominoRunId;isOutput=true]{started.RunId}", commands);
        Assert.Contains("##vso[task.setvariable variable=DominoRunStatus;isOutput=true]Succeeded", commands);
        Assert.Contains($"##vso[task.setvariable variable=DominoOutputCommit;isOutput=true]{run.OutputCommitId}", commands);
        Assert.DoesNotContain(commands, c => c.Contains("variable=X", StringComparison.Ordinal) || c.StartsWith("##vso[task.logissue", StringComparison.Ordinal));
        var summary = Assert.Single(commands, c => c.StartsWith("##vso[task.uploadsummary]", StringComparison.Ordinal));
        Assert.Contains($"[{started.RunId}]", await File.ReadAllTextAsync(summary["##vso[task.uploadsummary]".Length..]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_Azure_Pipelines_a_failed_run_is_one_logissue_error()
    {
        await using var e = await Start(new() { ["TF_BUILD"] = "True", ["AGENT_TEMPDIRECTORY"] = _folder });
        var started = await e.Runs.StartRunAsync(new DominoStartRunRequest { Command = ["fail.py"] });

        await Assert.ThrowsAsync<DominoRunFailedException>(() => e.Runs.WaitForRunAsync(started.RunId, EmulatorHarness.FastWait()).WaitAsync(Bound));

        var error = Assert.Single(Commands(e), c => c.StartsWith("##vso[task.logissue type=error]", StringComparison.Ordinal));
        Assert.Contains("about to fail", error, StringComparison.Ordinal);
        Assert.Contains("##vso[task.setvariable variable=DominoRunStatus;isOutput=true]Failed", Commands(e));
    }

    [Fact]
    public async Task A_failure_quoting_a_credential_or_a_command_reaches_neither_the_annotation_nor_the_exception_raw()
    {
        await using var e = await Start(Github());
        var started = await e.Runs.StartRunAsync(new DominoStartRunRequest { Command = ["leak.py"] });

        var ex = await Assert.ThrowsAsync<DominoRunFailedException>(() => e.Runs.WaitForRunAsync(started.RunId, EmulatorHarness.FastWait()).WaitAsync(Bound));

        var error = Assert.Single(Commands(e), c => c.StartsWith("::error", StringComparison.Ordinal));
        Assert.Contains("the key is ***", error, StringComparison.Ordinal);
        Assert.DoesNotContain(EmulatorHarness.ApiKey, string.Join("\n", e.Logger.Lines.Select(l => l.Message)), StringComparison.Ordinal);
        Assert.DoesNotContain(EmulatorHarness.ApiKey, await File.ReadAllTextAsync(SummaryFile) + await File.ReadAllTextAsync(OutputFile), StringComparison.Ordinal);

        // The message quotes the output; printed by a front end after the fold, it must not start a command.
        Assert.Contains("  : :warning::and a command", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ex.Message.Split('\n'), l => l.TrimStart().StartsWith("::", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_integration_Off_nothing_is_folded_annotated_or_written()
    {
        await using var e = await Start(Github(), o => o.CiIntegration = DominoCiIntegration.Off);
        var started = await e.Runs.StartRunAsync(new DominoStartRunRequest { Command = ["fail.py"] });

        await Assert.ThrowsAsync<DominoRunFailedException>(() => e.Runs.WaitForRunAsync(started.RunId, EmulatorHarness.FastWait()).WaitAsync(Bound));

        Assert.Empty(Commands(e));
        Assert.Equal("", await File.ReadAllTextAsync(OutputFile));
        Assert.Equal("", await File.ReadAllTextAsync(SummaryFile));
    }

    [Fact]
    public async Task A_CI_system_named_by_the_host_wins_over_the_environment()
    {
        await using var e = await Start(new(), o => o.CiSystem = DominoCiSystem.TeamCity);
        var runId = await e.StartMainAsync();

        await e.Runs.WaitForRunAsync(runId, EmulatorHarness.FastWait()).WaitAsync(Bound);

        Assert.StartsWith("##teamcity[blockOpened name='Domino run " + runId, Commands(e)[0], StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Dictionary<string, string?> Github() => new()
    {
        ["GITHUB_ACTIONS"] = "true",
        ["GITHUB_OUTPUT"] = OutputFile,
        ["GITHUB_STEP_SUMMARY"] = SummaryFile,
    };

    private static Task<EmulatorHarness> Start(Dictionary<string, string?> variables, Action<DominoClientOptions>? configure = null) =>
        EmulatorHarness.StartAsync(
            o =>
            {
                var project = o.Projects[EmulatorHarness.Project];
                File.WriteAllText(Path.Combine(project, "inject.py"), InjectPy);
                File.WriteAllText(Path.Combine(project, "leak.py"), LeakPy.Replace("KEY_PLACEHOLDER", EmulatorHarness.ApiKey, StringComparison.Ordinal));
            },
            o =>
            {
                o.Environment = new DictionaryDominoEnvironment(variables);
                configure?.Invoke(o);
            });

    private static List<string> Commands(EmulatorHarness e) =>
        e.Logger.Lines.Where(l => l.Level == DominoLogLevel.CiCommand).Select(l => l.Message).ToList();

    /// <summary>Every output line of the run lies between the group's start and end.</summary>
    private static void AssertFolded(EmulatorHarness e, string runId)
    {
        var lines = e.Logger.Lines;
        var open = lines.ToList().FindIndex(l => l.Level == DominoLogLevel.CiCommand && l.Message == $"::group::Domino run {runId} (alice/demo)");
        var close = lines.ToList().FindIndex(l => l.Level == DominoLogLevel.CiCommand && l.Message == "::endgroup::");
        Assert.True(open >= 0 && close > open, "A group opens and closes.");
        var output = lines.Select((l, i) => (l, i)).Where(x => x.l.Level == DominoLogLevel.RunOutput).Select(x => x.i).ToList();
        Assert.NotEmpty(output);
        Assert.All(output, i => Assert.InRange(i, open + 1, close - 1));
    }
}
