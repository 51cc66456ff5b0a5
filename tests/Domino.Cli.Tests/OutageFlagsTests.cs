using Domino.Client;
using Moq;

namespace Domino.Cli.Tests;

/// <summary>The outage budget and the changed-only results map onto the core's options; an outage exits 5.</summary>
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
    }
}
