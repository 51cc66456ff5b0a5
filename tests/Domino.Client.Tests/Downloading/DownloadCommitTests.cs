using System.Text;
using Moq;

namespace Domino.Client.Tests.Downloading;

public sealed class DownloadCommitTests : IDisposable
{
    private readonly FakeProject _project = new();

    public void Dispose() => _project.Dispose();

    [Fact]
    public async Task DownloadCommit_writes_every_file_keeping_the_layout()
    {
        var a = _project.Add("a.txt", "alpha");
        _project.Add("results/x.png", "png bytes");
        _project.Add("results/deep/y/z.bin", new byte[] { 0, 1, 2, 255 });

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal("alpha", _project.ReadLocal("a.txt"));
        Assert.Equal("png bytes", _project.ReadLocal("results/x.png"));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, File.ReadAllBytes(_project.Local("results/deep/y/z.bin")));
        Assert.Equal(["a.txt", "results/deep/y/z.bin", "results/x.png"], report.Written.Select(f => f.RemotePath));
        Assert.Equal(new DominoDownloadedFile("a.txt", _project.Local("a.txt"), a.Key, 5), report.Written[0]);
        Assert.Empty(report.Skipped);
        Assert.Empty(report.Failed);
        Assert.Equal(5 + 9 + 4, report.BytesWritten);
        Assert.Equal(FakeProject.CommitId, report.CommitId);
        Assert.Equal(_project.Destination, report.Destination);
        Assert.Equal(Path.Combine(_project.Destination, ".domino-download.json"), report.ManifestPath);
        Assert.Equal(
            ["dest/.domino-download.json", "dest/a.txt", "dest/results/deep/y/z.bin", "dest/results/x.png"],
            _project.AllFilesUnderRoot());
    }

    [Fact]
    public async Task DownloadCommit_lists_the_whole_commit_without_RemotePath()
    {
        _project.Add("a.txt", "alpha");

        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        _project.Mock.Verify(c => c.ListFilesAsync(FakeProject.CommitId, null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData("results")]
    [InlineData("results/")]
    [InlineData("/results")]
    public async Task DownloadCommit_keeps_only_files_under_RemotePath(string remotePath)
    {
        _project.Add("results/a.txt", "a");
        _project.Add("results/sub/b.txt", "b");
        _project.Add("results2/c.txt", "c");
        _project.Add("resultsa.txt", "d");
        _project.Add("other/results/e.txt", "e");

        var report = await _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { RemotePath = remotePath });

        Assert.Equal(["results/a.txt", "results/sub/b.txt"], report.Written.Select(f => f.RemotePath));
        Assert.Equal(["dest/.domino-download.json", "dest/results/a.txt", "dest/results/sub/b.txt"], _project.AllFilesUnderRoot());
        Assert.Equal("results", Assert.Single(_project.ListedPaths));
    }

    [Fact]
    public async Task DownloadCommit_strips_RemotePath_from_local_paths_when_asked()
    {
        _project.Add("results/a.png", "a");
        _project.Add("results/sub/b.png", "b");

        var report = await _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { RemotePath = "results", StripRemotePath = true });

        Assert.Equal("a", _project.ReadLocal("a.png"));
        Assert.Equal("b", _project.ReadLocal("sub/b.png"));
        Assert.False(Directory.Exists(_project.Local("results")));
        Assert.Equal(_project.Local("sub/b.png"), report.Written.Single(f => f.RemotePath == "results/sub/b.png").LocalPath);
    }

    [Fact]
    public async Task DownloadCommit_keeps_files_matching_the_include_globs_and_no_exclude_glob()
    {
        _project.Add("results/a.png", "1");
        _project.Add("results/x/y/b.png", "2");
        _project.Add("results/x/skip-me.png", "3");
        _project.Add("results/c.jpg", "4");
        _project.Add("top.png", "5");
        _project.Add("results/tables/t.csv", "6");
        var options = new DominoDownloadOptions();
        options.Include.Add("results/**/*.png");
        options.Include.Add("**/*.csv");
        options.Exclude.Add("**/skip-*");

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, options);

        Assert.Equal(["results/a.png", "results/tables/t.csv", "results/x/y/b.png"], report.Written.Select(f => f.RemotePath));
        Assert.Equal(
            ["dest/.domino-download.json", "dest/results/a.png", "dest/results/tables/t.csv", "dest/results/x/y/b.png"],
            _project.AllFilesUnderRoot());
    }

    [Fact]
    public async Task DownloadCommit_never_runs_more_downloads_at_once_than_MaxParallelism()
    {
        for (var i = 0; i < 20; i++)
        {
            _project.Add($"f{i:00}.bin", new string('x', 1000 + i));
        }

        var current = 0;
        var max = 0;
        var gate = new object();
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _project.OpenStream = (key, _) =>
        {
            lock (gate)
            {
                current++;
                max = Math.Max(max, current);
                if (current == 3)
                {
                    OpenSoon(full);
                }
            }

            // Every download holds its blob open until three are in flight at once, so the bound is reached.
            return new TestStream(_project.Blobs[key])
            {
                ChunkSize = 100,
                BeforeRead = (_, ct) => WaitOrGiveUp(full, ct),
                Disposed = () =>
                {
                    lock (gate)
                    {
                        current--;
                    }
                },
            };
        };

        var report = await _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { MaxParallelism = 3 });

        Assert.Equal(20, report.Written.Count);
        Assert.Equal(3, max);
        Assert.Equal(0, current);
    }

    [Fact]
    public async Task DownloadCommit_runs_8_downloads_at_once_by_default()
    {
        for (var i = 0; i < 12; i++)
        {
            _project.Add($"f{i:00}.bin", $"content {i}");
        }

        var current = 0;
        var max = 0;
        var gate = new object();
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _project.OpenStream = (key, _) =>
        {
            lock (gate)
            {
                max = Math.Max(max, ++current);
                if (current == 8)
                {
                    OpenSoon(full);
                }
            }

            return new TestStream(_project.Blobs[key])
            {
                BeforeRead = (_, ct) => WaitOrGiveUp(full, ct),
                Disposed = () =>
                {
                    lock (gate)
                    {
                        current--;
                    }
                },
            };
        };

        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal(8, max);
    }

    [Fact]
    public async Task DownloadCommit_takes_the_files_of_different_folders_in_turn()
    {
        // Given three folders of three, two and one files, listed folder by folder
        var paths = new[] { "a/1.txt", "a/2.txt", "a/3.txt", "b/1.txt", "b/2.txt", "top.txt" };
        var keyToPath = paths.ToDictionary(path => _project.Add(path, "content of " + path).Key, path => path);
        var opened = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _project.OpenStream = (key, _) =>
        {
            opened.Enqueue(keyToPath[key]);
            return null;
        };

        // When they are downloaded one at a time
        var report = await _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { MaxParallelism = 1 });

        // Then each folder gives one file in turn (files in flight at once sit in different folders), and all arrive
        Assert.Equal(["a/1.txt", "b/1.txt", "top.txt", "a/2.txt", "b/2.txt", "a/3.txt"], opened);
        Assert.Equal(6, report.Written.Count);
        Assert.Equal("content of a/3.txt", _project.ReadLocal("a/3.txt"));
    }

    /// <summary>
    /// Opens the gate a moment after the bound is reached: the only real wait in these tests, so that an unbounded
    /// implementation has the time to open more blobs while the first ones are held.
    /// </summary>
    private static void OpenSoon(TaskCompletionSource gate) =>
        _ = Task.Delay(TimeSpan.FromMilliseconds(200)).ContinueWith(_ => gate.TrySetResult(), TaskScheduler.Default);

    /// <summary>Waits for the gate; if it stays shut (the bound is never reached), opens it so the test fails fast on its assertion.</summary>
    private static async ValueTask WaitOrGiveUp(TaskCompletionSource gate, CancellationToken cancellationToken)
    {
        try
        {
            await gate.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (TimeoutException)
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task DownloadCommit_builds_no_line_per_file_for_a_log_that_hides_debug()
    {
        _project.Add("a.txt", new byte[1536]);
        _project.Add("b.txt", new byte[512]);
        _project.Log.Enabled = level => level != DominoLogLevel.Debug;

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal(2, report.Written.Count);
        Assert.DoesNotContain(_project.Log.Entries, e => e.Message.Contains("a.txt", StringComparison.Ordinal) || e.Message.Contains("b.txt", StringComparison.Ordinal));
        Assert.Equal(2, _project.Log.Entries.Count(e => e.Level == DominoLogLevel.Information));
    }

    [Fact]
    public async Task DownloadCommit_reports_Duration_from_the_time_provider()
    {
        _project.Add("a.txt", "alpha");
        _project.OnList = () => _project.Time.Advance(TimeSpan.FromSeconds(2));

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal(TimeSpan.FromSeconds(2), report.Duration);
    }

    [Fact]
    public async Task DownloadCommit_logs_a_start_line_and_a_summary_at_Information_and_each_file_at_Debug()
    {
        _project.Add("a.txt", new byte[1536]);
        _project.Add("b.txt", new byte[512]);
        _project.OnList = () => _project.Time.Advance(TimeSpan.FromSeconds(1.5));

        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        var entries = _project.Log.Entries;
        Assert.Contains((DominoLogLevel.Debug, "Downloaded a.txt (1.5 KB)."), entries);
        Assert.Contains((DominoLogLevel.Debug, "Downloaded b.txt (512 B)."), entries);
        Assert.Equal(
            [
                $"Downloading 2 files (2.0 KB), every file of commit {FakeProject.CommitId}, into '{_project.Destination}'.",
                $"Downloaded 2 files (2.0 KB), 0 already up to date, in 1.5 s, into '{_project.Destination}': every file of commit {FakeProject.CommitId}.",
            ],
            entries.Where(e => e.Level == DominoLogLevel.Information).Select(e => e.Message));
    }

    [Fact]
    public async Task DownloadCommit_rejects_a_malformed_commit_id_before_any_request()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => _project.Client.DownloadCommitAsync("HEAD", _project.Destination));

        Assert.Contains("40 lower-case hex", error.Message);
        _project.Mock.Verify(c => c.ListFilesAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData("../up")]
    [InlineData("a/../b")]
    public async Task DownloadCommit_rejects_an_unsafe_RemotePath_before_any_request(string remotePath)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { RemotePath = remotePath }));

        _project.Mock.Verify(c => c.ListFilesAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData("sub/manifest.json")]
    [InlineData("..")]
    [InlineData("")]
    public async Task DownloadCommit_rejects_a_ManifestFileName_that_is_not_a_plain_file_name(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { ManifestFileName = name }));
    }

    [Fact]
    public async Task DownloadCommit_rejects_MaxParallelism_below_one()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { MaxParallelism = 0 }));
    }

    [Theory]
    [InlineData(1000, 7)]              // fits in the buffer: written once, when complete
    [InlineData(300_001, 10_007)]      // larger than the buffer: written read by read
    public async Task DownloadCommit_writes_every_byte_in_order_however_the_body_arrives(int size, int chunk)
    {
        var content = new byte[size];
        new Random(size).NextBytes(content);
        _project.Add("data/file.bin", content);
        _project.OpenStream = (key, _) => new TestStream(_project.Blobs[key]) { ChunkSize = chunk };

        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(_project.Destination, "data", "file.bin")));
    }

    [Fact]
    public async Task DownloadCommit_reports_progress_when_files_complete_and_at_the_end()
    {
        _project.Add("a.bin", new byte[300_000]);
        _project.Add("b.bin", new byte[100]);
        var progress = new RecordingProgress();
        _project.OpenStream = (key, _) => new TestStream(_project.Blobs[key]) { ChunkSize = 1000 };

        await _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { Progress = progress, MaxParallelism = 1 });

        // The clock does not move: 300 chunks give no reports of their own, only the start, each file, the end.
        Assert.Equal(
            [
                new DominoDownloadProgress(0, 2, 0, 300_100),
                new DominoDownloadProgress(1, 2, 300_000, 300_100),
                new DominoDownloadProgress(2, 2, 300_100, 300_100),
                new DominoDownloadProgress(2, 2, 300_100, 300_100),
            ],
            progress.Reports);
    }

    [Fact]
    public async Task DownloadCommit_reports_bytes_in_flight_at_most_every_250_ms()
    {
        var content = new byte[100 * 1000];
        _project.Add("a.bin", content);
        var progress = new RecordingProgress();
        _project.OpenStream = (key, _) => new TestStream(_project.Blobs[key])
        {
            ChunkSize = 1000,
            BeforeRead = (_, _) =>
            {
                _project.Time.Advance(TimeSpan.FromMilliseconds(100));
                return ValueTask.CompletedTask;
            },
        };

        await _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { Progress = progress });

        var reports = progress.Reports;

        // 100 chunks, one every 100 ms: a report every third chunk (300 ms), plus the start, the file and the end.
        Assert.InRange(reports.Count, 30, 40);
        Assert.Equal(new DominoDownloadProgress(0, 1, 0, 100_000), reports[0]);
        Assert.Equal(new DominoDownloadProgress(1, 1, 100_000, 100_000), reports[^1]);
        Assert.Contains(new DominoDownloadProgress(0, 1, 3000, 100_000), reports);
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].BytesDone >= reports[i - 1].BytesDone, $"Bytes went back at report {i}.");
        }
    }

    [Fact]
    public async Task DownloadCommit_counts_skipped_files_as_done_in_progress()
    {
        _project.Add("a.txt", "alpha");
        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);
        _project.Add("b.txt", "beta");
        var progress = new RecordingProgress();

        await _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { Progress = progress });

        Assert.Equal(new DominoDownloadProgress(1, 2, 0, 4), progress.Reports[0]);
        Assert.Equal(new DominoDownloadProgress(2, 2, 4, 4), progress.Reports[^1]);
    }

    [Fact]
    public async Task DownloadCommit_downloads_an_empty_file()
    {
        _project.Add("empty.txt", []);

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal(0, new FileInfo(_project.Local("empty.txt")).Length);
        Assert.Single(report.Written);
    }

    [Fact]
    public async Task DownloadCommit_overwrites_an_older_local_copy_not_in_the_manifest()
    {
        _project.Add("a.txt", "new contents");
        Directory.CreateDirectory(_project.Destination);
        await File.WriteAllTextAsync(_project.Local("a.txt"), "old contents", Encoding.UTF8);

        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal("new contents", _project.ReadLocal("a.txt"));
    }
}
