using System.Text.Json;
using Domino.Cli.Output;
using Domino.Client;
using Moq;

namespace Domino.Cli.Tests;

/// <summary>Stdout carries the product (the run's output, results, or the one JSON object); stderr the rest; colour only for people.</summary>
public sealed class OutputTests
{
    [Theory]
    [InlineData("normal", false, false)]
    [InlineData("detailed", false, true)]
    [InlineData("diagnostic", true, true)]
    public void Requests_and_polls_are_enabled_only_at_the_verbosity_that_shows_them(string verbosity, bool requests, bool polls)
    {
        var console = new CliConsole(TextWriter.Null, TextWriter.Null, Enum.Parse<Verbosity>(verbosity, ignoreCase: true), OutputFormat.Text, colour: false);
        var logger = new ConsoleDominoLogger(console);

        Assert.Equal(requests, logger.IsEnabled(DominoLogLevel.Debug));
        Assert.Equal(polls, logger.IsEnabled(DominoLogLevel.Verbose));
        Assert.True(logger.IsEnabled(DominoLogLevel.Information));
        Assert.True(logger.IsEnabled(DominoLogLevel.Warning));
    }

    private void SetUpRunThatLogs(CliHarness cli, DominoRun finished)
    {
        cli.StartReturns();
        cli.Project.Setup(p => p.WaitForRunAsync(CliHarness.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                // What the core writes while waiting, through the logger the CLI gave it.
                cli.Logger.Log(DominoLogLevel.Information, "Run 553af271e4b0364c0f717b24: Running");
                cli.Logger.Log(DominoLogLevel.RunOutput, "epoch 1/8: loss=0.5");
                cli.Logger.Log(DominoLogLevel.Verbose, "poll 3; next poll in 2 s");
                cli.Logger.Log(DominoLogLevel.Debug, "GET /v1/projects/alice/quick/runs/553af271e4b0364c0f717b24 -> 200");
                cli.Logger.Log(DominoLogLevel.Warning, "results not saved yet");
                return Task.FromResult(finished);
            });
    }

    [Fact]
    public async Task Text_mode_streams_the_runs_output_on_stdout_and_milestones_on_stderr()
    {
        var cli = new CliHarness();
        SetUpRunThatLogs(cli, CliHarness.Run("Succeeded"));

        var exit = await cli.RunAsync("run", "--wait", "--", "main.py");

        Assert.Equal(0, exit);
        Assert.Equal("epoch 1/8: loss=0.5", cli.Out.ToString().Trim());
        Assert.Contains("Run 553af271e4b0364c0f717b24: Running", cli.Error.ToString());
        Assert.Contains("warning: results not saved yet", cli.Error.ToString());
        Assert.DoesNotContain("poll 3", cli.Error.ToString());
        Assert.DoesNotContain("GET /v1", cli.Error.ToString());
    }

    [Fact]
    public async Task Json_mode_prints_nothing_but_one_object_on_stdout_and_the_runs_output_on_stderr()
    {
        var cli = new CliHarness();
        SetUpRunThatLogs(cli, CliHarness.Run("Succeeded", CliHarness.CommitId));

        var exit = await cli.RunAsync("run", "--wait", "--output", "json", "--", "main.py");

        Assert.Equal(0, exit);
        var json = cli.OutputJson(); // Throws unless stdout is exactly one JSON document.
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
        Assert.Equal("run", json.GetProperty("command").GetString());
        Assert.Equal(CliHarness.RunId, json.GetProperty("runId").GetString());
        Assert.Equal("Succeeded", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("succeeded").GetBoolean());
        Assert.Equal(CliHarness.CommitId, json.GetProperty("outputCommitId").GetString());
        Assert.Equal(10, json.GetProperty("durationSeconds").GetDouble());
        Assert.Equal("alice/quick", json.GetProperty("project").GetString());
        Assert.Equal(0, json.GetProperty("exitCode").GetInt32());
        Assert.Contains("epoch 1/8: loss=0.5", cli.Error.ToString());
    }

    [Fact]
    public async Task Quiet_shows_warnings_but_neither_milestones_nor_the_runs_output()
    {
        var cli = new CliHarness();
        SetUpRunThatLogs(cli, CliHarness.Run("Succeeded"));

        await cli.RunAsync("run", "--wait", "--verbosity", "quiet", "--", "main.py");

        Assert.Equal(string.Empty, cli.Out.ToString());
        Assert.Equal("warning: results not saved yet", cli.Error.ToString().Trim());
    }

    [Fact]
    public async Task Diagnostic_shows_polls_and_requests()
    {
        var cli = new CliHarness();
        SetUpRunThatLogs(cli, CliHarness.Run("Succeeded"));

        await cli.RunAsync("run", "--wait", "-v", "diagnostic", "--", "main.py");

        Assert.Contains("poll 3; next poll in 2 s", cli.Error.ToString());
        Assert.Contains("GET /v1/projects/alice/quick/runs/553af271e4b0364c0f717b24 -> 200", cli.Error.ToString());
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(true, "", true)]
    [InlineData(true, "1", false)]
    [InlineData(false, null, false)]
    public void Colour_only_on_a_terminal_and_never_with_NO_COLOR(bool terminal, string? noColor, bool expected)
    {
        var environment = new DictionaryDominoEnvironment(new Dictionary<string, string?> { ["NO_COLOR"] = noColor });

        Assert.Equal(expected, CliConsole.UseColour(terminal, environment));
    }

    [Fact]
    public async Task Warnings_are_coloured_on_a_terminal_and_plain_with_NO_COLOR()
    {
        var coloured = new CliHarness { ErrorIsTerminal = true };
        SetUpRunThatLogs(coloured, CliHarness.Run("Succeeded"));
        var plain = new CliHarness { ErrorIsTerminal = true };
        plain.Environment["NO_COLOR"] = "1";
        SetUpRunThatLogs(plain, CliHarness.Run("Succeeded"));

        await coloured.RunAsync("run", "--wait", "--", "main.py");
        await plain.RunAsync("run", "--wait", "--", "main.py");

        Assert.Contains("\u001b[33mwarning: results not saved yet\u001b[0m", coloured.Error.ToString());
        Assert.DoesNotContain("\u001b[", plain.Error.ToString());
        Assert.DoesNotContain("\u001b[", coloured.Out.ToString());
    }

    [Fact]
    public async Task Run_without_wait_prints_only_the_run_id_on_stdout()
    {
        var cli = new CliHarness();
        cli.StartReturns();

        var exit = await cli.RunAsync("run", "--title", "nightly", "--marker", "ci-7-1", "--hardware-tier", "large", "--", "main.py", "a b");

        Assert.Equal(0, exit);
        Assert.Equal(CliHarness.RunId + Environment.NewLine, cli.Out.ToString());
        cli.Project.Verify(p => p.StartRunAsync(
            It.Is<DominoStartRunRequest>(r => r.Title == "nightly" && r.Marker == "ci-7-1" && r.Tier == "large" && r.Command.SequenceEqual(new[] { "main.py", "a b" })),
            It.IsAny<CancellationToken>()));
        cli.Project.Verify(p => p.WaitForRunAsync(It.IsAny<string>(), It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Run_with_download_waits_then_downloads_into_the_folder_relative_to_the_current_one()
    {
        var cli = new CliHarness { CurrentDirectory = "/home/ci/repo" };
        cli.StartReturns();
        cli.Project.Setup(p => p.WaitForRunAsync(CliHarness.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(CliHarness.Run("Succeeded", CliHarness.CommitId));
        DominoDownloadOptions? given = null;
        cli.Project.Setup(p => p.DownloadResultsAsync(CliHarness.RunId, Path.GetFullPath("/home/ci/repo/out"), It.IsAny<DominoDownloadOptions>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string _, DominoDownloadOptions? o, CancellationToken _) => given = o)
            .ReturnsAsync(new DominoDownloadReport
            {
                CommitId = CliHarness.CommitId,
                Destination = "/home/ci/repo/out",
                Written = [new DominoDownloadedFile("results/a.json", "/home/ci/repo/out/results/a.json", CliHarness.CommitId, 12)],
                Skipped = [],
                Failed = [],
                BytesWritten = 12,
                ManifestPath = "/home/ci/repo/out/.domino-download.json",
            });

        var exit = await cli.RunAsync(
            "run", "--download", "out", "--remote-path", "results", "--include", "**/*.json", "--exclude", "tmp/**", "--max-parallelism", "4", "-o", "json", "--", "main.py");

        Assert.Equal(0, exit);
        Assert.Equal("results", given!.RemotePath);
        Assert.Equal(4, given.MaxParallelism);
        Assert.Equal(["**/*.json"], given.Include);
        Assert.Equal(["tmp/**"], given.Exclude);
        var download = cli.OutputJson().GetProperty("download");
        Assert.Equal(1, download.GetProperty("written").GetInt32());
        Assert.Equal("/home/ci/repo/out/results/a.json", download.GetProperty("files")[0].GetProperty("localPath").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_failed_download_reports_what_it_did_in_json_mode_only(bool json)
    {
        var cli = new CliHarness();
        var report = new DominoDownloadReport
        {
            CommitId = CliHarness.CommitId,
            Destination = "/home/ci/repo/out",
            Written = [new DominoDownloadedFile("results/a.json", "/home/ci/repo/out/results/a.json", CliHarness.CommitId, 12)],
            Skipped = [],
            Failed = [new DominoDownloadFailure("results/b.json", "the server sent more than the listed 3 bytes")],
            BytesWritten = 12,
            ManifestPath = "/home/ci/repo/out/.domino-download.json",
        };
        cli.Project.Setup(p => p.DownloadCommitAsync(CliHarness.CommitId, It.IsAny<string>(), It.IsAny<DominoDownloadOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DominoDownloadException("1 of 2 files failed: results/b.json", report));

        var exit = await cli.RunAsync(json ? ["download", CliHarness.CommitId, "/home/ci/repo/out", "-o", "json"] : ["download", CliHarness.CommitId, "/home/ci/repo/out"]);

        Assert.NotEqual(0, exit);
        Assert.Contains("1 of 2 files failed", cli.Error.ToString());
        if (json)
        {
            var download = cli.OutputJson().GetProperty("download");
            Assert.Equal(1, download.GetProperty("written").GetInt32());
            Assert.Equal("results/b.json", download.GetProperty("failed")[0].GetProperty("remotePath").GetString());
        }
        else
        {
            Assert.Equal(string.Empty, cli.Out.ToString());
        }
    }

    [Fact]
    public async Task Files_of_a_run_lists_its_output_commit()
    {
        var cli = new CliHarness();
        cli.Project.Setup(p => p.GetRunAsync(CliHarness.RunId, It.IsAny<CancellationToken>())).ReturnsAsync(CliHarness.Run("Succeeded", CliHarness.CommitId));
        cli.Project.Setup(p => p.ListFilesAsync(CliHarness.CommitId, "results", It.IsAny<CancellationToken>()))
            .ReturnsAsync([new DominoFile { Path = "results/metrics.json", Key = CliHarness.CommitId, Size = 252 }]);

        var exit = await cli.RunAsync("files", CliHarness.RunId, "--path", "results");

        Assert.Equal(0, exit);
        Assert.Equal("         252  results/metrics.json", cli.Out.ToString().TrimEnd());
    }

    [Fact]
    public async Task Files_of_a_run_without_results_yet_exits_1_saying_to_wait()
    {
        var cli = new CliHarness();
        cli.Project.Setup(p => p.GetRunAsync(CliHarness.RunId, It.IsAny<CancellationToken>())).ReturnsAsync(CliHarness.Run("Running"));

        var exit = await cli.RunAsync("files", CliHarness.RunId);

        Assert.Equal(1, exit);
        Assert.Contains($"domino wait {CliHarness.RunId}", cli.Error.ToString());
    }

    [Fact]
    public async Task Stop_keeps_the_results_unless_told_to_discard_them()
    {
        var cli = new CliHarness();

        await cli.RunAsync("stop", CliHarness.RunId);
        await cli.RunAsync("stop", CliHarness.RunId, "--discard-results");

        cli.Project.Verify(p => p.StopRunAsync(CliHarness.RunId, true, It.IsAny<CancellationToken>()), Times.Once);
        cli.Project.Verify(p => p.StopRunAsync(CliHarness.RunId, false, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Runs_prints_at_most_limit_runs_as_a_table()
    {
        var cli = new CliHarness();
        cli.Project.Setup(p => p.ListRunsAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync([CliHarness.Run("Succeeded") with { Title = "nightly" }, CliHarness.Run("Failed"), CliHarness.Run("Running")]);

        await cli.RunAsync("runs", "--limit", "2");

        var lines = cli.Out.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("RUN", lines[0]);
        Assert.Equal($"{CliHarness.RunId}  Succeeded  2026-01-02 03:04:05Z  nightly", lines[1]);
    }

    [Fact]
    public async Task Upload_of_a_missing_file_exits_2_and_sends_nothing()
    {
        var cli = new CliHarness();

        var exit = await cli.RunAsync("upload", "does-not-exist.csv", "data/input.csv");

        Assert.Equal(2, exit);
        Assert.Contains("LOCAL 'does-not-exist.csv' does not exist", cli.Error.ToString());
        cli.Project.Verify(p => p.UploadFileAsync(It.IsAny<string>(), It.IsAny<Stream>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}

/// <summary>The core's CI reporting reaches the console unchanged, and <c>--no-ci</c> turns it off.</summary>
public sealed class CiOutputTests
{
    private static void SetUpRunThatFolds(CliHarness cli)
    {
        cli.StartReturns();
        cli.Project.Setup(p => p.WaitForRunAsync(CliHarness.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                cli.Logger.Log(DominoLogLevel.CiCommand, "::group::Domino run 553af271e4b0364c0f717b24 (alice/quick)");
                cli.Logger.Log(DominoLogLevel.RunOutput, "epoch 1/8");
                cli.Logger.Log(DominoLogLevel.CiCommand, "::endgroup::");
                return Task.FromResult(CliHarness.Run("Succeeded"));
            });
    }

    [Fact]
    public async Task Ci_commands_go_to_stdout_around_the_runs_output_at_every_verbosity()
    {
        var cli = new CliHarness();
        SetUpRunThatFolds(cli);

        await cli.RunAsync("run", "--wait", "--verbosity", "quiet", "--", "main.py");

        Assert.Equal(
            ["::group::Domino run 553af271e4b0364c0f717b24 (alice/quick)", "::endgroup::"],
            cli.Out.ToString().TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public async Task Ci_commands_go_to_stderr_with_the_runs_output_in_json_mode()
    {
        var cli = new CliHarness();
        SetUpRunThatFolds(cli);

        await cli.RunAsync("run", "--wait", "-o", "json", "--", "main.py");

        Assert.Equal("run", cli.OutputJson().GetProperty("command").GetString());
        Assert.Contains("::group::Domino run 553af271e4b0364c0f717b24 (alice/quick)" + Environment.NewLine + "epoch 1/8" + Environment.NewLine + "::endgroup::", cli.Error.ToString());
    }

    [Theory]
    [InlineData(new string[0], Domino.Client.Ci.DominoCiIntegration.Auto)]
    [InlineData(new[] { "--no-ci" }, Domino.Client.Ci.DominoCiIntegration.Off)]
    public async Task No_ci_turns_the_cores_ci_reporting_off(string[] flags, Domino.Client.Ci.DominoCiIntegration expected)
    {
        var cli = new CliHarness();
        cli.Project.Setup(p => p.ListRunsAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);

        await cli.RunAsync(["runs", .. flags]);

        Assert.Equal(expected, cli.ClientOptions.Single().CiIntegration);
    }
}
