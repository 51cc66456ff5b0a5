using System.Text;
using Domino.Client.Downloading;
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
    public async Task DownloadCommit_tries_again_to_open_a_blob_while_the_server_fails_within_the_outage_budget(string name, Func<Exception> failure)
    {
        // Given a server that fails (after the pipeline's own retries) the first two times the blob is opened
        Assert.NotNull(name);
        var bad = _project.Add("a.txt", "alpha");
        var good = _project.Add("b.txt", "beta");
        _project.OpenStream = (key, attempt) => key == bad.Key && attempt <= 2 ? throw failure() : null;

        // When the commit is downloaded, one file at a time
        var report = await _project.Drive(_project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { MaxParallelism = 1 }));

        // Then the file is opened again after a pause, one warning says so, and a line says when Domino answers again
        Assert.Equal(3, _project.OpensOf(bad));
        Assert.Equal(1, _project.OpensOf(good));
        Assert.Empty(report.Failed);
        Assert.Equal("alpha", _project.ReadLocal("a.txt"));
        var warning = Assert.Single(_project.Log.Entries, e => e.Level == DominoLogLevel.Warning).Message;
        Assert.StartsWith($"Domino answers ", warning, StringComparison.Ordinal);
        Assert.Contains($"for the download of commit {FakeProject.CommitId}; still trying, giving up in ", warning, StringComparison.Ordinal);
        Assert.Contains(_project.Log.Entries, e => e.Level == DominoLogLevel.Information && e.Message.StartsWith("Domino answers again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DownloadCommit_does_not_retry_a_blob_that_cannot_be_opened_for_another_reason_than_an_outage()
    {
        var bad = _project.Add("a.txt", "alpha");
        var good = _project.Add("b.txt", "beta");
        _project.OpenStream = (key, _) => key == bad.Key ? throw new DominoUnauthorizedException("GET /blobs/x failed with 403", "GET", "/blobs/x", 403, null) : null;

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, Tolerant());

        Assert.Equal(1, _project.OpensOf(bad));
        var failed = Assert.Single(report.Failed);
        Assert.Equal("a.txt", failed.RemotePath);
        Assert.DoesNotContain("attempts", failed.Error);
        Assert.Equal("beta", _project.ReadLocal("b.txt"));
    }

    [Fact]
    public async Task DownloadCommit_gives_up_with_an_outage_error_once_the_server_has_failed_for_MaxOutage()
    {
        // Given a blob whose body is cut, and a server that then answers 503 to every request for it
        _project.Add("done.txt", "done");
        var file = _project.Add("a.bin", new byte[5000]);
        var options = new DominoDownloadOptions { MaxOutage = TimeSpan.FromMinutes(2), MaxParallelism = 1 };
        _project.OpenStream = (key, attempt) => key != file.Key ? null
            : attempt == 1 ? new MemoryStream(_project.Blobs[key][..1000])
            : throw new DominoServerException("GET /blobs/x failed with 503 Service Unavailable after 6 attempts: overloaded", "GET", "/blobs/x", 503, "overloaded");
        var started = _project.Time.GetUtcNow();

        // When the commit is downloaded
        var error = await Assert.ThrowsAsync<DominoOutageException>(
            () => _project.Drive(_project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, options)));

        // Then the download gives up after MaxOutage, naming the last answer and how long, and keeps what it wrote
        Assert.Equal(TimeSpan.FromMinutes(2), _project.Time.GetUtcNow() - started);
        Assert.Equal(503, error.LastFailure.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(2), error.Duration);
        Assert.StartsWith($"Domino answered 503 Service Unavailable (overloaded) to every request for the download of commit {FakeProject.CommitId} for 2 min 0 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("the download gives up", error.Message, StringComparison.Ordinal);
        Assert.Contains("(MaxOutage is 2 min 0 s)", error.Message, StringComparison.Ordinal);
        Assert.Null(error.RunUrl);
        Assert.Equal("done", _project.ReadLocal("done.txt"));
        Assert.Contains("done.txt", File.ReadAllText(_project.Local(".domino-download.json")), StringComparison.Ordinal);
        Assert.DoesNotContain(_project.AllFilesUnderRoot(), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DownloadCommit_warns_at_most_once_a_minute_during_an_outage()
    {
        // Given a server that fails the first 8 times a blob is opened: tries at 0, 5, 15, 35, 65, 95, 125 and 155 s
        var file = _project.Add("a.bin", "x");
        _project.OpenStream = (_, attempt) => attempt <= 8 ? throw new DominoServerException("503", "GET", "/blobs/x", 503, null) : null;

        // When the commit is downloaded
        await _project.Drive(_project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination));

        // Then the outage is told at its first failure and then at most once a minute, with what is left of the budget
        Assert.Equal(9, _project.OpensOf(file));
        var warnings = _project.Log.Entries.Where(e => e.Level == DominoLogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.EndsWith("giving up in 5 min 0 s.", warnings[0], StringComparison.Ordinal);
        Assert.EndsWith("giving up in 3 min 55 s.", warnings[1], StringComparison.Ordinal);
        Assert.EndsWith("giving up in 2 min 55 s.", warnings[2], StringComparison.Ordinal);
        Assert.Contains(_project.Log.Entries, e => e.Message == $"Domino answers again for the download of commit {FakeProject.CommitId}, after failing for 3 min 5 s.");
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

    [Theory]
    [InlineData(10_000, 1_000)]
    [InlineData(2 * 1024 * 1024, 64 * 1024)]
    public async Task DownloadCommit_cancelled_midway_leaves_no_partial_file_and_keeps_the_old_copy(int size, int chunk)
    {
        // Given an old copy of a file, and a download of its new content cancelled halfway
        _project.Add("a.bin", new byte[size]);
        Directory.CreateDirectory(_project.Destination);
        await File.WriteAllTextAsync(_project.Local("a.bin"), "the good old copy");
        using var cancellation = new CancellationTokenSource();
        List<string>? midway = null;
        string? oldCopyMidway = null;
        _project.OpenStream = (key, _) => new TestStream(_project.Blobs[key])
        {
            ChunkSize = chunk,
            BeforeRead = (position, _) =>
            {
                if (position == size / 2)
                {
                    midway = FakeProject.AllFiles(_project.Destination);
                    oldCopyMidway = _project.ReadLocal("a.bin");
                    cancellation.Cancel();
                }

                return ValueTask.CompletedTask;
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, cancellationToken: cancellation.Token));

        // Then midway the old copy was whole under its name, the new bytes were in a .partial file, or, for a small file
        // where the system makes unnamed files (Linux), in no named file at all; and afterwards only the old copy is left
        Assert.NotNull(midway);
        Assert.Equal("the good old copy", oldCopyMidway);
        var unnamed = size < 1024 * 1024 && UnnamedFile.IsAvailable;
        Assert.Equal(unnamed ? 0 : 1, midway.Count(f => f.EndsWith(".partial", StringComparison.Ordinal)));
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

    /// <summary>
    /// The error .NET raises when the file system is full (an <see cref="IOException"/> whose HResult is the system's
    /// code: errno ENOSPC off Windows, ERROR_DISK_FULL as an HRESULT on Windows), as a write of the download would get it.
    /// </summary>
    private static IOException NoSpaceLeft() =>
        new("No space left on device", OperatingSystem.IsWindows() ? unchecked((int)0x80070070) : 28);

    [Fact]
    public async Task A_destination_that_is_full_stops_the_download_at_once_and_keeps_what_was_written()
    {
        // Given five files, the third of which meets a full disk halfway
        var files = Enumerable.Range(1, 5).Select(i => _project.Add($"f{i}.bin", Enumerable.Repeat((byte)i, 4000).ToArray())).ToList();
        var full = files[2];
        _project.OpenStream = (key, _) => key == full.Key
            ? new TestStream(_project.Blobs[key]) { ChunkSize = 1000, FailAfter = 2000, Failure = NoSpaceLeft }
            : null;

        // When the commit is downloaded one file at a time
        var error = await Assert.ThrowsAsync<DominoDownloadException>(() => _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { MaxParallelism = 1 }));

        // Then that file is not tried again and no later file is tried at all; the message says what happened and what
        // to do; the files written stay whole, in the report and in the manifest; nothing half-written is left
        Assert.Equal(1, _project.OpensOf(full));
        var report = error.Report!;
        Assert.Equal(["f1.bin", "f2.bin"], report.Written.Select(f => f.RemotePath));
        Assert.Equal(3, _project.Opens.Values.Sum());
        Assert.Contains($"The download into '{_project.Destination}' stopped: Writing 'f3.bin' failed: No space left on device.", error.Message);
        Assert.Contains("2 of the 5 files to download were written (they stay, and the next download skips them).", error.Message);
        Assert.EndsWith("Free space there, or choose another destination folder.", error.Message);
        Assert.IsType<IOException>(error.InnerException);
        Assert.DoesNotContain(_project.Log.Entries, e => e.Message.Contains("Retrying", StringComparison.Ordinal));
        Assert.All(report.Written, f => Assert.Equal(4000, new FileInfo(f.LocalPath).Length));
        var manifest = DownloadManifest.TryRead(Path.Combine(_project.Destination, ".domino-download.json"), _project.Log)!;
        Assert.Equal(report.Written.Select(f => f.RemotePath).Order(StringComparer.Ordinal), manifest.Files.Select(f => f.RemotePath).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(_project.Local("f3.bin")));
        Assert.DoesNotContain(_project.AllFilesUnderRoot(), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stopped_download_whose_manifest_cannot_be_written_says_the_next_download_fetches_the_files_again()
    {
        // Given a destination where the manifest cannot be written either (a folder holds its name)
        var files = Enumerable.Range(1, 3).Select(i => _project.Add($"f{i}.bin", Enumerable.Repeat((byte)i, 4000).ToArray())).ToList();
        Directory.CreateDirectory(Path.Combine(_project.Destination, ".domino-download.json"));
        _project.OpenStream = (key, _) => key == files[1].Key
            ? new TestStream(_project.Blobs[key]) { ChunkSize = 1000, FailAfter = 2000, Failure = NoSpaceLeft }
            : null;

        var error = await Assert.ThrowsAsync<DominoDownloadException>(() => _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { MaxParallelism = 1 }));

        Assert.Contains("but the download manifest could not be written, so the next download fetches them again", error.Message);
        Assert.Contains(_project.Log.Entries, e => e.Level == DominoLogLevel.Warning && e.Message.StartsWith("The download manifest", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task When_files_failed_and_the_manifest_cannot_be_written_the_error_leads_with_the_files(bool throwOnFailure)
    {
        // Given a file the server refuses and a destination where the manifest cannot be written (a folder holds its name)
        var bad = _project.Add("a.txt", "alpha");
        _project.Add("b.txt", "beta");
        Directory.CreateDirectory(Path.Combine(_project.Destination, ".domino-download.json"));
        _project.OpenStream = (key, _) => key == bad.Key ? throw new DominoUnauthorizedException("GET /blobs/x failed with 403", "GET", "/blobs/x", 403, null) : null;

        var error = await Assert.ThrowsAsync<DominoDownloadException>(() => _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { ThrowOnFailure = throwOnFailure }));

        Assert.StartsWith($"1 of 2 files of commit {FakeProject.CommitId} could not be downloaded into '{_project.Destination}':\n  Downloading 'a.txt' failed", error.Message, StringComparison.Ordinal);
        Assert.Contains($"\nThe download manifest '{Path.Combine(_project.Destination, ".domino-download.json")}' could not be written: ", error.Message);
        Assert.Equal(["b.txt"], error.Report!.Written.Select(f => f.RemotePath));
    }

    [Fact]
    public async Task A_full_destination_fails_a_single_file_download_at_once_with_what_to_do()
    {
        var file = _project.Add("a.bin", new byte[4000]);
        _project.OpenStream = (key, _) => new TestStream(_project.Blobs[key]) { ChunkSize = 1000, FailAfter = 1000, Failure = NoSpaceLeft };
        var localPath = Path.Combine(_project.Root, "a.bin");

        var error = await Assert.ThrowsAsync<DominoDownloadException>(() => _project.Client.DownloadFileAsync(FakeProject.CommitId, "a.bin", localPath));

        Assert.Equal(1, _project.OpensOf(file));
        Assert.Equal("Writing 'a.bin' failed: No space left on device. Free space there, or choose another destination folder.", error.Message);
        Assert.False(File.Exists(localPath));
        Assert.DoesNotContain(_project.AllFilesUnderRoot(), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_file_systems_full_quota_and_read_only_errors_refuse_every_write()
    {
        int Code(int errno, int win32) => OperatingSystem.IsWindows() ? unchecked((int)0x80070000) | win32 : errno;
        var overQuota = OperatingSystem.IsLinux() ? 122 : 69;
        Assert.True(FileTransfer.RefusesEveryWrite(new IOException("full", Code(28, 112))));
        Assert.True(FileTransfer.RefusesEveryWrite(new IOException("full", Code(28, 39))));
        Assert.True(FileTransfer.RefusesEveryWrite(new IOException("read-only", Code(30, 19))));
        Assert.True(FileTransfer.RefusesEveryWrite(new IOException("quota", Code(overQuota, 112))));

        // What a download meets otherwise is retried or fails that file alone: a cut connection, another I/O error
        // (EIO), a refused permission, a path too long.
        Assert.False(FileTransfer.RefusesEveryWrite(new IOException("The connection was reset.", new System.Net.Sockets.SocketException(104))));
        Assert.False(FileTransfer.RefusesEveryWrite(new IOException("reset")));
        Assert.False(FileTransfer.RefusesEveryWrite(new IOException("I/O error", Code(5, 1117))));
        Assert.False(FileTransfer.RefusesEveryWrite(new UnauthorizedAccessException("denied")));
        Assert.False(FileTransfer.RefusesEveryWrite(new PathTooLongException("too long")));
        Assert.False(FileTransfer.RefusesEveryWrite(new HttpRequestException("full", new IOException("full", Code(28, 112)))));
    }

    [Fact]
    public async Task A_destination_that_is_a_file_is_refused_before_any_request()
    {
        _project.Add("a.txt", "alpha");
        Directory.CreateDirectory(_project.Root);
        var file = Path.Combine(_project.Root, "results.zip");
        await File.WriteAllTextAsync(file, "not a folder");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _project.Client.DownloadCommitAsync(FakeProject.CommitId, file));
        var under = await Assert.ThrowsAsync<ArgumentException>(() => _project.Client.DownloadResultsAsync(FakeProject.RunId, Path.Combine(file, "out")));

        Assert.StartsWith($"The destination '{file}' is a file: give a folder to download into (it is made when missing).", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"The destination '{Path.Combine(file, "out")}' cannot be made: '{file}' is a file.", under.Message, StringComparison.Ordinal);
        Assert.Empty(_project.ListedCommits);
        Assert.Equal("not a folder", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_file_in_the_way_of_a_folder_fails_that_folders_files_at_once_and_the_others_are_written()
    {
        // Given a local file named like a folder of the commit
        var blocked = _project.Add("plots/a.png", "a");
        _project.Add("plots/b.png", "b");
        _project.Add("metrics.json", "{}");
        Directory.CreateDirectory(_project.Destination);
        await File.WriteAllTextAsync(_project.Local("plots"), "a file");

        // When the commit is downloaded
        var error = await Assert.ThrowsAsync<DominoDownloadException>(() => _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination));

        // Then the folder's files fail without a request or a retry, naming the file in the way, and the rest is written
        Assert.Equal(0, _project.OpensOf(blocked));
        Assert.DoesNotContain(_project.Log.Entries, e => e.Message.Contains("Retrying", StringComparison.Ordinal));
        var report = error.Report!;
        Assert.Equal(["plots/a.png", "plots/b.png"], report.Failed.Select(f => f.RemotePath));
        Assert.All(report.Failed, f => Assert.Equal(
            $"Downloading '{f.RemotePath}' failed: '{_project.Local("plots")}' is a file where the download needs a folder; move it away, or choose another destination folder.",
            f.Error));
        Assert.Equal(["metrics.json"], report.Written.Select(f => f.RemotePath));
        Assert.Equal("a file", _project.ReadLocal("plots"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_local_folder_with_a_files_name_fails_that_file_after_one_request_and_the_others_are_written(bool empty)
    {
        // Given a local folder (empty or not) where a file of the commit goes
        var blocked = _project.Add("plots/a.png", "a");
        _project.Add("plots/b.png", "b");
        Directory.CreateDirectory(Path.Combine(_project.Local("plots/a.png"), empty ? "" : "inner"));

        var error = await Assert.ThrowsAsync<DominoDownloadException>(() => _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination));

        Assert.Equal(1, _project.OpensOf(blocked));
        Assert.DoesNotContain(_project.Log.Entries, e => e.Message.Contains("Retrying", StringComparison.Ordinal));
        var failed = Assert.Single(error.Report!.Failed);
        Assert.Equal(
            $"Downloading 'plots/a.png' failed: '{_project.Local("plots/a.png")}' is a folder where the download needs a file; move it away, or choose another destination folder.",
            failed.Error);
        Assert.Equal("b", _project.ReadLocal("plots/b.png"));
        Assert.True(Directory.Exists(_project.Local("plots/a.png")));
        Assert.DoesNotContain(_project.AllFilesUnderRoot(), f => f.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_single_file_download_under_a_file_fails_at_once_naming_it()
    {
        var file = _project.Add("a.bin", "alpha");
        Directory.CreateDirectory(_project.Root);
        var blocking = Path.Combine(_project.Root, "out");
        await File.WriteAllTextAsync(blocking, "a file");

        var error = await Assert.ThrowsAsync<DominoDownloadException>(
            () => _project.Client.DownloadFileAsync(FakeProject.CommitId, "a.bin", Path.Combine(blocking, "sub", "a.bin")));

        Assert.Equal(0, _project.OpensOf(file));
        Assert.Contains($"'{blocking}' is a file where the download needs a folder", error.Message);
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
