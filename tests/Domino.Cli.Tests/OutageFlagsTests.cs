using Domino.Client;
using Moq;

namespace Domino.Cli.Tests;

/// <summary>The outage budget, the changed-only results and the cap on files in flight map onto the core's options; an outage exits 5.</summary>
public sealed class OutageFlagsTests
{
    [Fact]
    public async Task Max_outage_reaches_the_wait_and_the_download_and_all_includes_unchanged_files()
    {
        var cli = new CliHarness();
        cli.StartReturns();
        DominoWaitOptions? wait = null;
        DominoDownloadOptions? download = null;
        cli.Project.Setup(p => p.WaitForRunAsync(CliHarness.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .Callback((string _, DominoWaitOptions? o, CancellationToken _) => wait = o)
            .ReturnsAsync(CliHarness.Run("Succeeded", CliHarness.CommitId));
        cli.Project.Setup(p => p.DownloadResultsAsync(CliHarness.RunId, It.IsAny<string>(), It.IsAny<DominoDownloadOptions>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string _, DominoDownloadOptions? o, CancellationToken _) => download = o)
            .ReturnsAsync(new DominoDownloadReport { CommitId = CliHarness.CommitId, Destination = "/out", Written = [], Skipped = [], Failed = [], ManifestPath = "/out/.domino-download.json" });

        var code = await cli.RunAsync("run", "--download", "out", "--max-outage", "90s", "--all", "--", "main.py");

        Assert.Equal(0, code);
        Assert.Equal(TimeSpan.FromSeconds(90), wait!.MaxOutage);
        Assert.Equal(TimeSpan.FromSeconds(90), download!.MaxOutage);
        Assert.True(download.IncludeUnchanged);
    }

    [Fact]
    public async Task Max_outage_reaches_the_start_too_and_without_it_the_start_keeps_the_default()
    {
        // Given a run command, once with a budget of 90 s and once without
        var cli = new CliHarness();
        var sent = new List<DominoStartRunRequest>();
        cli.Project.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .Callback((DominoStartRunRequest r, CancellationToken _) => sent.Add(r))
            .ReturnsAsync(new DominoRunStarted(CliHarness.RunId, new Uri("https://domino.example.com/alice/quick#r/" + CliHarness.RunId), null, false));

        // When starting
        await cli.RunAsync("run", "--max-outage", "90s", "--", "main.py");
        await cli.RunAsync("run", "--", "main.py");

        // Then the first start carries it, the second the default
        Assert.Equal([TimeSpan.FromSeconds(90), new DominoStartRunRequest { Command = ["x"] }.MaxOutage], sent.Select(r => r.MaxOutage));
    }

    [Fact]
    public async Task Without_all_only_what_the_run_added_or_changed_is_downloaded()
    {
        var cli = new CliHarness();
        DominoDownloadOptions? download = null;
        cli.Project.Setup(p => p.DownloadResultsAsync(CliHarness.RunId, It.IsAny<string>(), It.IsAny<DominoDownloadOptions>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string _, DominoDownloadOptions? o, CancellationToken _) => download = o)
            .ReturnsAsync(new DominoDownloadReport { CommitId = CliHarness.CommitId, Destination = "/out", Written = [], Skipped = [], Failed = [], ManifestPath = "/out/.domino-download.json" });

        await cli.RunAsync("download", CliHarness.RunId, "out");

        Assert.False(download!.IncludeUnchanged);
        Assert.Equal(new DominoDownloadOptions().MaxOutage, download.MaxOutage);
        Assert.Equal(new DominoDownloadOptions().MaxParallelism, download.MaxParallelism);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("64", 64)]
    public async Task Max_parallelism_caps_the_files_in_flight_of_the_download(string given, int expected)
    {
        var cli = new CliHarness();
        DominoDownloadOptions? download = null;
        cli.Project.Setup(p => p.DownloadCommitAsync(CliHarness.CommitId, It.IsAny<string>(), It.IsAny<DominoDownloadOptions>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string _, DominoDownloadOptions? o, CancellationToken _) => download = o)
            .ReturnsAsync(new DominoDownloadReport { CommitId = CliHarness.CommitId, Destination = "/out", Written = [], Skipped = [], Failed = [], ManifestPath = "/out/.domino-download.json" });

        var code = await cli.RunAsync("download", CliHarness.CommitId, "out", "--max-parallelism", given);

        Assert.Equal(0, code);
        Assert.Equal(expected, download!.MaxParallelism);
    }
}
