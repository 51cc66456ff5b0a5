using System.Text;
using Moq;

namespace Domino.Client.Tests.Downloading;

public sealed class DownloadFailureTests : IDisposable
{
    private readonly FakeProject _project = new();

    public void Dispose() => _project.Dispose();

    private static DominoDownloadOptions Tolerant() => new() { ThrowOnFailure = false };

    [Fact]
    public async Task DownloadCommit_retries_a_truncated_body_and_then_writes_the_whole_file()
    {
        var file = _project.Add("a.bin", Encoding.UTF8.GetBytes(new string('z', 10_000)));
        _project.OpenStream = (key, attempt) => attempt == 1 ? new MemoryStream(_project.Blobs[key][..4000]) : null;

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal(2, _project.OpensOf(file));
        Assert.Equal(_project.Blobs[file.Key], File.ReadAllBytes(_project.Local("a.bin")));
        Assert.Single(report.Written);
        Assert.Empty(report.Failed);
        Assert.DoesNotContain(_project.AllFilesUnderRoot(), f => f.EndsWith(".partial", StringComparison.Ordinal));
        Assert.Contains(_project.Log.Entries, e => e.Level == DominoLogLevel.Debug && e.Message.Contains("4000 of the listed 10000 bytes"));
    }

    [Fact]
    public async Task DownloadCommit_retries_a_body_longer_than_listed()
    {
        var file = _project.Add("a.bin", "exact");
        _project.OpenStream = (key, attempt) => attempt == 1 ? new MemoryStream(Encoding.UTF8.GetBytes("exact and more")) : null;

        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal(2, _project.OpensOf(file));
        Assert.Equal("exact", _project.ReadLocal("a.bin"));
    }

    public static TheoryData<string, Func<Exception>> TransientFailures => new()
    {
        { "connection reset", () => new IOException("reset") },
        { "HTTP error", () => new HttpRequestException("boom") },
        { "server error", () => new DominoServerException("503", "GET", "/blobs/x", 503, "busy") },
        { "connection failure", () => new DominoConnectionException("down", "GET", "/blobs/x", null) },
        { "read timeout", () => new TaskCanceledException("timed out") },
    };

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public async Task DownloadCommit_retries_a_transient_failure_midway(string name, Func<Exception> failure)
    {
        Assert.NotNull(name);
        var file = _project.Add("a.bin", new byte[5000]);
        _project.OpenStream = (key, attempt) => attempt < 3
            ? new TestStream(_project.Blobs[key]) { ChunkSize = 1000, FailAfter = 2000, Failure = failure }
            : null;

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal(3, _project.OpensOf(file));
        Assert.Equal(5000, new FileInfo(_project.Local("a.bin")).Length);
        Assert.Single(report.Written);
    }

    public static TheoryData<string, Func<Exception>> OpenFailures => new()
    {
        { "server error", () => new DominoServerException("Server error 502", "GET", "/blobs/x", 502, null) },
        { "connection failure", () => new DominoConnectionException("down", "GET", "/blobs/x", null) },
    };

    [Theory]
    [MemberData(nameof(OpenFailures))]
    public async Task DownloadCommit_does_not_retry_a_failure_to_open_the_blob_which_the_pipeline_already_retried(string name, Func<Exception> failure)
    {
        Assert.NotNull(name);
        var bad = _project.Add("a.txt", "alpha");
        var good = _project.Add("b.txt", "beta");
        _project.OpenStream = (key, attempt) => key == bad.Key && attempt == 1 ? throw failure() : null;

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, Tolerant());

        Assert.Equal(1, _project.OpensOf(bad));
        Assert.Equal(1, _project.OpensOf(good));
        var failed = Assert.Single(report.Failed);
        Assert.Equal("a.txt", failed.RemotePath);
        Assert.DoesNotContain("attempts", failed.Error);
        Assert.Equal("beta", _project.ReadLocal("b.txt"));
        Assert.DoesNotContain(_project.Log.Entries, e => e.Message.Contains("Retrying", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DownloadCommit_stops_retrying_a_cut_body_when_reopening_the_blob_fails()
    {
        var file = _project.Add("a.bin", new byte[5000]);
        _project.OpenStream = (key, attempt) => attempt == 1
            ? new MemoryStream(_project.Blobs[key][..1000])
            : throw new DominoServerException("Server error 503", "GET", "/blobs/x", 503, null);

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, Tolerant());

        Assert.Equal(2, _project.OpensOf(file));
        var failed = Assert.Single(report.Failed);
        Assert.Contains("after 2 attempts", failed.Error);
        Assert.Contains("Server error 503", failed.Error);
    }

    [Fact]
    public async Task DownloadCommit_keeps_going_when_a_file_fails_for_good_and_reports_it()
    {
        _project.Add("good1.txt", "one");
        var bad = _project.Add("bad.bin", new byte[4000]);
        _project.Add("good2.txt", "two");
        Directory.CreateDirectory(_project.Destination);
        await File.WriteAllTextAsync(_project.Local("bad.bin"), "the good old copy");
        _project.Client.Options.Retry.MaxRetries = 2;
        _project.OpenStream = (key, _) => key == bad.Key
            ? new TestStream(_project.Blobs[key]) { ChunkSize = 1000, FailAfter = 3000 }
            : null;

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, Tolerant());

        Assert.Equal(3, _project.OpensOf(bad));
        Assert.Equal("one", _project.ReadLocal("good1.txt"));
        Assert.Equal("two", _project.ReadLocal("good2.txt"));
        Assert.Equal("the good old copy", _project.ReadLocal("bad.bin"));
        var failure = Assert.Single(report.Failed);
        Assert.Equal("bad.bin", failure.RemotePath);
        Assert.Contains("after 3 attempts", failure.Error);
        Assert.Contains("reset", failure.Error);
        Assert.Equal(2, report.Written.Count);
        Assert.Equal(
            ["dest/.domino-download.json", "dest/bad.bin", "dest/good1.txt", "dest/good2.txt"],
            _project.AllFilesUnderRoot());
        Assert.Contains(_project.Log.Entries, e => e.Level == DominoLogLevel.Warning && e.Message.Contains("bad.bin"));
    }

    [Fact]
    public async Task DownloadCommit_throws_DominoDownloadException_with_the_report_when_a_file_fails()
    {
        _project.Add("good.txt", "one");
        var bad = _project.Add("bad.txt", "two");
        _project.Client.Options.Retry.MaxRetries = 0;
        _project.OpenStream = (key, _) => key == bad.Key ? new MemoryStream([]) : null;

        var error = await Assert.ThrowsAsync<DominoDownloadException>(
            () => _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination));

        Assert.NotNull(error.Report);
        Assert.Equal("bad.txt", Assert.Single(error.Report.Failed).RemotePath);
        Assert.Equal("good.txt", Assert.Single(error.Report.Written).RemotePath);
        Assert.Contains("1 of 2 files", error.Message);
        Assert.Contains("bad.txt", error.Message);
        Assert.Contains("0 of the listed 3 bytes", error.Message);
        Assert.Equal("one", _project.ReadLocal("good.txt"));
    }

    [Fact]
    public async Task DownloadCommit_failure_message_lists_the_first_five_failures()
    {
        for (var i = 0; i < 7; i++)
        {
            _project.Add($"f{i}.txt", $"content {i}");
        }

        _project.Client.Options.Retry.MaxRetries = 0;
        _project.OpenStream = (_, _) => throw new DominoUnauthorizedException("Unauthorized (401)", "GET", "/blobs", 401, null);

        var error = await Assert.ThrowsAsync<DominoDownloadException>(
            () => _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination));

        Assert.Contains("7 of 7 files", error.Message);
        Assert.Contains("f4.txt", error.Message);
        Assert.DoesNotContain("f5.txt", error.Message);
        Assert.Contains("and 2 more", error.Message);
    }

    public static TheoryData<string, Func<Exception>> PermanentFailures => new()
    {
        { "not found", () => new DominoNotFoundException("Not found (404)", "GET", "/blobs/x", 404, null) },
        { "unauthorized", () => new DominoUnauthorizedException("Unauthorized (401)", "GET", "/blobs/x", 401, null) },
        { "bad request", () => new DominoBadRequestException("Bad request (400)", "GET", "/blobs/x", 400, null) },
        { "local access denied", () => new UnauthorizedAccessException("denied") },
    };

    [Theory]
    [MemberData(nameof(PermanentFailures))]
    public async Task DownloadCommit_does_not_retry_a_permanent_failure(string name, Func<Exception> failure)
    {
        Assert.NotNull(name);
        var file = _project.Add("a.txt", "alpha");
        _project.OpenStream = (_, _) => throw failure();

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, Tolerant());

        Assert.Equal(1, _project.OpensOf(file));
        Assert.Single(report.Failed);
    }

    [Fact]
    public async Task DownloadCommit_waits_the_jittered_backoff_on_the_time_provider_between_attempts()
    {
        var file = _project.Add("a.txt", "alpha");
        _project.Client.Options.Retry.BaseDelay = TimeSpan.FromSeconds(10);
        _project.Client.Options.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        _project.Client.Options.Random = new FixedRandom(0.5);
        _project.OpenStream = (key, attempt) => attempt == 1 ? new MemoryStream(_project.Blobs[key][..2]) : null;
        var retrying = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _project.Log.OnLog = (_, message) =>
        {
            if (message.Contains("Retrying", StringComparison.Ordinal))
            {
                retrying.TrySetResult(message);
            }
        };

        var download = _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);
        var message = await retrying.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Full jitter: half (the fixed random draw) of the base delay for the first retry.
        Assert.Contains("Retrying in 5 s", message);
        _project.Time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(1, _project.OpensOf(file));
        Assert.False(download.IsCompleted);
        while (!download.IsCompleted)
        {
            _project.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(download, Task.Delay(5));
        }

        await download;
        Assert.Equal(2, _project.OpensOf(file));
        Assert.Equal("alpha", _project.ReadLocal("a.txt"));
    }

    [Fact]
    public async Task DownloadCommit_cancelled_midway_leaves_no_partial_file_and_keeps_the_old_copy()
    {
        _project.Add("a.bin", new byte[10_000]);
        Directory.CreateDirectory(_project.Destination);
        await File.WriteAllTextAsync(_project.Local("a.bin"), "the good old copy");
        using var cancellation = new CancellationTokenSource();
        var partialSeen = false;
        _project.OpenStream = (key, _) => new TestStream(_project.Blobs[key])
        {
            ChunkSize = 1000,
            BeforeRead = (position, _) =>
            {
                if (position == 5000)
                {
                    partialSeen = FakeProject.AllFiles(_project.Destination).Any(f => f.EndsWith(".partial", StringComparison.Ordinal));
                    cancellation.Cancel();
                }

                return ValueTask.CompletedTask;
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, cancellationToken: cancellation.Token));

        Assert.True(partialSeen, "The download should write to a .partial file while it runs.");
        Assert.Equal("the good old copy", _project.ReadLocal("a.bin"));
        Assert.Equal(["dest/.domino-download.json", "dest/a.bin"], _project.AllFilesUnderRoot());
    }

    [Fact]
    public async Task DownloadCommit_cancelled_during_a_retry_delay_stops_at_once()
    {
        _project.Add("a.txt", "alpha");
        _project.Client.Options.Retry.BaseDelay = TimeSpan.FromMinutes(1);
        _project.Client.Options.Retry.MaxDelay = TimeSpan.FromMinutes(1);
        _project.OpenStream = (key, _) => new MemoryStream(_project.Blobs[key][..1]);
        using var cancellation = new CancellationTokenSource();
        _project.Log.OnLog = (_, message) =>
        {
            if (message.Contains("Retrying", StringComparison.Ordinal))
            {
                cancellation.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, cancellationToken: cancellation.Token))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(_project.AllFilesUnderRoot(), f => f.EndsWith(".partial", StringComparison.Ordinal));
        Assert.False(File.Exists(_project.Local("a.txt")));
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
