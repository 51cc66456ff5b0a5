using Moq;

namespace Domino.Client.Tests.Downloading;

public sealed class DownloadResultsSelectionTests : IDisposable
{
    private const string InputCommitId = "1111111111111111111111111111111111111111";
    private const string OutputCommitId = "2222222222222222222222222222222222222222";

    private readonly FakeProject _project = new();

    public void Dispose() => _project.Dispose();

    /// <summary>
    /// A run given main.py, README.md and data/old.csv, that wrote results/out.csv, rewrote data/old.csv and left the rest alone.
    /// </summary>
    private DominoRun RunThatWroteResults()
    {
        var main = _project.Add("main.py", "print('hi')");
        var readme = _project.Add("README.md", "# demo");
        _project.Add("results/out.csv", "a,b\n1,2\n");
        _project.Add("data/old.csv", "new content");
        var oldData = new DominoFile { Path = "data/old.csv", Key = FakeProject.KeyOf("old content"u8.ToArray()), Size = 11 };
        _project.CommitFiles[InputCommitId] = [main, readme, oldData];
        var run = new DominoRun { Id = FakeProject.RunId, Status = DominoRunStatus.Succeeded, CommitId = InputCommitId, OutputCommitId = OutputCommitId };
        _project.Mock.Setup(c => c.GetRunAsync(FakeProject.RunId, It.IsAny<CancellationToken>())).ReturnsAsync(run);
        return run;
    }

    [Fact]
    public async Task DownloadResults_downloads_only_the_files_the_run_added_or_changed()
    {
        // Given a run that added one file and changed another
        RunThatWroteResults();

        // When its results are downloaded with the default options
        var report = await _project.Client.DownloadResultsAsync(FakeProject.RunId, _project.Destination);

        // Then only those two are written, and the report says which rule was used and what it left out
        Assert.Equal(["data/old.csv", "results/out.csv"], report.Written.Select(f => f.RemotePath));
        Assert.Equal(DominoDownloadSelection.AddedOrChangedByRun, report.Selection);
        Assert.Equal(2, report.NotChangedByRun);
        Assert.Equal(["dest/.domino-download.json", "dest/data/old.csv", "dest/results/out.csv"], _project.AllFilesUnderRoot());
        Assert.Equal([OutputCommitId, InputCommitId], _project.ListedCommits);
        var summary = _project.Log.Entries.Last(e => e.Level == DominoLogLevel.Information).Message;
        Assert.EndsWith(
            $"into '{_project.Destination}': the files run {FakeProject.RunId} added or changed (2 files it did not change left out; ask for every file to get them too).",
            summary);
        Assert.StartsWith("Downloaded 2 files", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadResults_asks_for_the_output_and_the_input_listing_at_once()
    {
        // Given a run that changed files, and a server that answers its output listing only once the input listing has
        // been asked for (up to 10 s)
        RunThatWroteResults();
        var inputAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inputFiles = _project.CommitFiles[InputCommitId];
        _project.Mock.Setup(c => c.ListFilesAsync(OutputCommitId, It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, string? _, CancellationToken ct) =>
            {
                await inputAsked.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
                return _project.Files.ToList();
            });
        _project.Mock.Setup(c => c.ListFilesAsync(InputCommitId, It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Returns((string _, string? _, CancellationToken _) =>
            {
                inputAsked.TrySetResult();
                return Task.FromResult<IReadOnlyList<DominoFile>>(inputFiles.ToList());
            });

        // When its results are downloaded
        var report = await _project.Client.DownloadResultsAsync(FakeProject.RunId, _project.Destination);

        // Then both listings were in flight together (one after the other, the output listing would have timed out), and
        // the selection is the same as with them in turn
        Assert.Equal(["data/old.csv", "results/out.csv"], report.Written.Select(f => f.RemotePath));
        Assert.Equal(2, report.NotChangedByRun);
    }

    [Fact]
    public async Task DownloadResults_with_IncludeUnchanged_downloads_every_file_of_the_output_commit()
    {
        RunThatWroteResults();

        var report = await _project.Client.DownloadResultsAsync(FakeProject.RunId, _project.Destination, new DominoDownloadOptions { IncludeUnchanged = true });

        Assert.Equal(["README.md", "data/old.csv", "main.py", "results/out.csv"], report.Written.Select(f => f.RemotePath));
        Assert.Equal(DominoDownloadSelection.AllFiles, report.Selection);
        Assert.Equal(0, report.NotChangedByRun);
        Assert.Equal([OutputCommitId], _project.ListedCommits);
        Assert.EndsWith($": every file of commit {OutputCommitId}.", _project.Log.Entries.Last(e => e.Level == DominoLogLevel.Information).Message);
    }

    [Fact]
    public async Task DownloadResults_of_a_run_already_fetched_does_not_ask_for_it_again()
    {
        var run = RunThatWroteResults();

        var report = await _project.Client.DownloadResultsAsync(run, _project.Destination);

        Assert.Equal(["data/old.csv", "results/out.csv"], report.Written.Select(f => f.RemotePath));
        _project.Mock.Verify(c => c.GetRunAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_files_left_out_count_only_those_under_the_remote_path_and_matching_the_globs()
    {
        RunThatWroteResults();
        var options = new DominoDownloadOptions();
        options.Exclude.Add("README.md");

        var report = await _project.Client.DownloadResultsAsync(FakeProject.RunId, _project.Destination, options);

        Assert.Equal(1, report.NotChangedByRun);
    }

    [Fact]
    public async Task DownloadCommit_takes_every_file_of_the_commit()
    {
        RunThatWroteResults();

        var report = await _project.Client.DownloadCommitAsync(OutputCommitId, _project.Destination);

        Assert.Equal(4, report.Written.Count);
        Assert.Equal(DominoDownloadSelection.AllFiles, report.Selection);
    }
}
