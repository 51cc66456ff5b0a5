namespace Domino.Client.Tests.Downloading;

public sealed class DownloadProgressLineTests : IDisposable
{
    private readonly FakeProject _project = new();

    public void Dispose() => _project.Dispose();

    private IReadOnlyList<string> Information() =>
        _project.Log.Entries.Where(e => e.Level == DominoLogLevel.Information).Select(e => e.Message).ToList();

    [Fact]
    public async Task A_download_that_takes_longer_than_5_seconds_logs_a_progress_line_at_most_every_5_seconds()
    {
        // Given a file of 1000 KB served 100 KB a second
        var file = _project.Add("big.bin", new byte[1000 * 1024]);
        _project.OpenStream = (key, _) => new TestStream(_project.Blobs[key])
        {
            ChunkSize = 100 * 1024,
            BeforeRead = async (position, ct) =>
            {
                if (position > 0)
                {
                    var second = Task.Delay(TimeSpan.FromSeconds(1), _project.Time, ct);
                    _project.Paused(TimeSpan.FromSeconds(1));
                    await second;
                }
            },
        };

        // When it is downloaded
        var report = await _project.Drive(_project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination));

        // Then a start line, a progress line at 5 s, and the summary
        Assert.Single(report.Written);
        Assert.Equal(
            [
                $"Downloading 1 file (1000.0 KB), every file of commit {FakeProject.CommitId}, into '{_project.Destination}'.",
                "Downloading: 0 of 1 files, 600.0 KB of 1000.0 KB (120.0 KB/s), about 3.3 s left.",
                $"Downloaded 1 file (1000.0 KB), 0 already up to date, in 10 s, into '{_project.Destination}': every file of commit {FakeProject.CommitId}.",
            ],
            Information());
        Assert.Equal(1, _project.OpensOf(file));
    }

    [Fact]
    public async Task A_download_under_5_seconds_logs_no_progress_line()
    {
        _project.Add("a.txt", "alpha");
        _project.Add("b.txt", "beta");

        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal(2, Information().Count);
        Assert.DoesNotContain(Information(), m => m.StartsWith("Downloading:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothing_to_download_logs_no_start_line()
    {
        _project.Add("a.txt", "alpha");
        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);
        var before = Information().Count;

        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        var lines = Information().Skip(before).ToList();
        var summary = Assert.Single(lines);
        Assert.StartsWith("Downloaded 0 files (0 B), 1 already up to date", summary, StringComparison.Ordinal);
    }
}
