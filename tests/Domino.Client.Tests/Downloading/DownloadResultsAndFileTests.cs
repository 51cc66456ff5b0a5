using Moq;

namespace Domino.Client.Tests.Downloading;

public sealed class DownloadResultsAndFileTests : IDisposable
{
    private const string OutputCommitId = "0123456789abcdef0123456789abcdef01234567";

    private readonly FakeProject _project = new();

    public void Dispose() => _project.Dispose();

    private void RunIs(string status, string? outputCommitId) =>
        _project.Mock.Setup(c => c.GetRunAsync(FakeProject.RunId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DominoRun { Id = FakeProject.RunId, Status = status, OutputCommitId = outputCommitId });

    [Fact]
    public async Task DownloadResults_fails_with_a_clear_error_when_the_run_has_no_output_commit_yet()
    {
        RunIs("Running", null);

        var error = await Assert.ThrowsAsync<DominoException>(
            () => _project.Client.DownloadResultsAsync(FakeProject.RunId, _project.Destination));

        Assert.Contains($"The run {FakeProject.RunId} has no results yet", error.Message);
        Assert.Contains("Running", error.Message);
        Assert.Contains("Wait for the run to finish", error.Message);
        _project.Mock.Verify(c => c.ListFilesAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.False(Directory.Exists(_project.Destination));
    }

    [Fact]
    public async Task DownloadResults_says_the_results_are_not_saved_yet_for_a_finished_run()
    {
        RunIs("Succeeded", null);

        var error = await Assert.ThrowsAsync<DominoException>(
            () => _project.Client.DownloadResultsAsync(FakeProject.RunId, _project.Destination));

        Assert.Contains("finished (Succeeded) but its results are not saved yet", error.Message);
    }

    [Fact]
    public async Task DownloadResults_of_a_run_that_names_no_input_commit_downloads_every_file_of_its_output_commit_and_warns()
    {
        RunIs("Succeeded", OutputCommitId);
        _project.Add("results/a.txt", "alpha");
        var options = new DominoDownloadOptions { RemotePath = "results" };

        var report = await _project.Client.DownloadResultsAsync(FakeProject.RunId, _project.Destination, options);

        Assert.Equal(OutputCommitId, report.CommitId);
        Assert.Equal(DominoDownloadSelection.AllFiles, report.Selection);
        _project.Mock.Verify(c => c.ListFilesAsync(OutputCommitId, "results", It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal("alpha", _project.ReadLocal("results/a.txt"));
        Assert.Contains(_project.Log.Entries, e => e.Level == DominoLogLevel.Warning && e.Message.Contains("names no input commit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DownloadResults_rejects_a_malformed_run_id_before_any_request()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _project.Client.DownloadResultsAsync("run-1", _project.Destination));

        _project.Mock.Verify(c => c.GetRunAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task DownloadFile_writes_the_listed_file_to_the_local_path()
    {
        _project.Add("results/a.txt", "alpha");
        var file = _project.Add("results/b.txt", "beta");
        var localPath = Path.Combine(_project.Root, "out", "renamed.txt");

        var downloaded = await _project.Client.DownloadFileAsync(FakeProject.CommitId, "results/b.txt", localPath);

        Assert.Equal(new DominoDownloadedFile("results/b.txt", localPath, file.Key, 4), downloaded);
        Assert.Equal("beta", await File.ReadAllTextAsync(localPath));
        Assert.Equal(["out/renamed.txt"], _project.AllFilesUnderRoot());
        _project.Mock.Verify(c => c.ListFilesAsync(FakeProject.CommitId, "results/b.txt", It.IsAny<CancellationToken>()), Times.Once);
        Assert.Contains(_project.Log.Entries, e => e.Level == DominoLogLevel.Information && e.Message.StartsWith("Downloaded results/b.txt (4 B)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DownloadFile_throws_not_found_when_the_commit_has_no_such_file()
    {
        _project.Add("results/a.txt", "alpha");

        var error = await Assert.ThrowsAsync<DominoNotFoundException>(
            () => _project.Client.DownloadFileAsync(FakeProject.CommitId, "results/a.tx", Path.Combine(_project.Root, "a.txt")));

        Assert.Contains($"The commit {FakeProject.CommitId} has no file 'results/a.tx'", error.Message);
        Assert.Empty(_project.AllFilesUnderRoot());
    }

    [Fact]
    public async Task DownloadFile_retries_a_truncated_body()
    {
        var file = _project.Add("a.bin", new byte[3000]);
        _project.OpenStream = (key, attempt) => attempt == 1 ? new MemoryStream(new byte[1000]) : null;
        var localPath = Path.Combine(_project.Root, "a.bin");

        await _project.Client.DownloadFileAsync(FakeProject.CommitId, "a.bin", localPath);

        Assert.Equal(2, _project.OpensOf(file));
        Assert.Equal(3000, new FileInfo(localPath).Length);
    }

    [Fact]
    public async Task DownloadFile_that_keeps_failing_throws_and_leaves_the_existing_file_and_no_partial()
    {
        var file = _project.Add("a.bin", new byte[3000]);
        _project.Client.Options.Retry.MaxRetries = 1;
        _project.OpenStream = (_, _) => new MemoryStream(new byte[1000]);
        var localPath = Path.Combine(_project.Root, "a.bin");
        await File.WriteAllTextAsync(localPath, "the good old copy");

        var error = await Assert.ThrowsAsync<DominoDownloadException>(
            () => _project.Client.DownloadFileAsync(FakeProject.CommitId, "a.bin", localPath));

        Assert.Contains("Downloading 'a.bin' failed after 2 attempts", error.Message);
        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(2, _project.OpensOf(file));
        Assert.Equal("the good old copy", await File.ReadAllTextAsync(localPath));
        Assert.Equal(["a.bin"], _project.AllFilesUnderRoot());
    }

    [Fact]
    public async Task DownloadFile_rejects_a_folder_as_the_local_path()
    {
        _project.Add("a.txt", "alpha");

        await Assert.ThrowsAsync<ArgumentException>(() => _project.Client.DownloadFileAsync(FakeProject.CommitId, "a.txt", _project.Root));
    }
}
