using Domino.Emulator;

namespace Domino.Client.Tests.EndToEnd;

/// <summary>
/// The core against the real emulator: real runs (python3), real files, faults injected per route. Real time, with
/// tiny poll and retry intervals; every wait is bounded.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection("EndToEnd")]
public class EndToEndTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_is_started_waited_with_streamed_output_and_its_results_downloaded_byte_for_byte()
    {
        await using var e = await EmulatorHarness.StartAsync();
        var runId = await e.StartMainAsync();

        var run = await e.Runs.WaitForRunAsync(runId, EmulatorHarness.FastWait()).WaitAsync(Bound);
        Assert.Equal(DominoRunStatus.Succeeded, run.Status);
        Assert.NotNull(run.OutputCommitId);

        // Output: every line once, in order, as printed (no HTML, entities decoded).
        Assert.Equal(EmulatorHarness.MainLines, e.OutputLines);
        Assert.DoesNotContain(e.Logger.Lines, l => l.Message.Contains("<pre", StringComparison.Ordinal) || l.Message.Contains("&amp;", StringComparison.Ordinal));

        var destination = e.NewFolder("results");
        var report = await e.Runs.DownloadResultsAsync(runId, destination, new DominoDownloadOptions { RemotePath = "results" }).WaitAsync(Bound);

        Assert.Empty(report.Failed);
        Assert.Equal(["results/data.bin", "results/sub/note.txt"], report.Written.Select(f => f.RemotePath).Order(StringComparer.Ordinal));
        Assert.Equal(EmulatorHarness.ExpectedData, await File.ReadAllBytesAsync(Path.Combine(destination, "results", "data.bin")));
        Assert.Equal("note \u2713\n", await File.ReadAllTextAsync(Path.Combine(destination, "results", "sub", "note.txt")));
        Assert.Equal([".domino-download.json", "results/data.bin", "results/sub/note.txt"], EmulatorHarness.FilesUnder(destination));
    }

    [Fact]
    public async Task Failing_script_throws_RunFailed_with_its_last_output_lines()
    {
        await using var e = await EmulatorHarness.StartAsync();
        var started = await e.Runs.StartRunAsync(new DominoStartRunRequest { Command = ["fail.py"] });

        var error = await Assert.ThrowsAsync<DominoRunFailedException>(
            () => e.Runs.WaitForRunAsync(started.RunId, EmulatorHarness.FastWait()).WaitAsync(Bound));

        Assert.Equal(DominoRunStatus.Failed, error.Run.Status);
        Assert.Equal("about to fail", error.LastOutputLines[^1]);
        Assert.Equal("fail line 29", error.LastOutputLines[^2]);
        Assert.Equal(20, error.LastOutputLines.Count);
        Assert.Contains("about to fail", error.Message);
        Assert.Contains(started.RunId, error.Message);
        Assert.Equal("3", error.Run.Diagnostics["exitCode"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_Python_traceback_keeps_its_angle_brackets_in_the_streamed_output(bool v1Only)
    {
        await using var e = await EmulatorHarness.StartAsync();
        if (v1Only)
        {
            e.Emulator.Faults.Add("GET", EmulatorHarness.LogsRoute, EmulatorFault.Status(404), count: 1000);
        }

        var started = await e.Runs.StartRunAsync(new DominoStartRunRequest { Command = ["crash.py"] });

        var error = await Assert.ThrowsAsync<DominoRunFailedException>(
            () => e.Runs.WaitForRunAsync(started.RunId, EmulatorHarness.FastWait()).WaitAsync(Bound));

        Assert.Equal("ValueError: bad <value> & more", error.LastOutputLines[^1]);
        Assert.Contains(e.OutputLines, l => l.EndsWith(", line 3, in <module>", StringComparison.Ordinal));
        Assert.Equal("Traceback (most recent call last):", e.OutputLines[0]);
    }

    [Fact]
    public async Task Cancelling_the_wait_stops_the_run_in_the_emulator()
    {
        await using var e = await EmulatorHarness.StartAsync();
        var started = await e.Runs.StartRunAsync(new DominoStartRunRequest { Command = ["sleep 60"], IsDirect = true });
        using var cancel = new CancellationTokenSource();
        var options = EmulatorHarness.FastWait();
        options.StatusChanged = new SyncProgress<DominoRunStatusChange>(change =>
        {
            if (change.NewStatus == "Running")
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => e.Runs.WaitForRunAsync(started.RunId, options, cancel.Token).WaitAsync(Bound));

        Assert.Equal("Stopped", await e.Emulator.WaitForRunAsync(started.RunId).WaitAsync(Bound));
        Assert.Equal(1, e.Count("POST", EmulatorHarness.StopRoute));
    }

    [Fact]
    public async Task A_503_burst_on_run_status_is_retried_and_the_wait_succeeds()
    {
        await using var e = await EmulatorHarness.StartAsync();
        var runId = await e.StartMainAsync();
        e.Emulator.Faults.Add("GET", EmulatorHarness.RunRoute, EmulatorFault.Status(503), count: 4);

        var run = await e.Runs.WaitForRunAsync(runId, EmulatorHarness.FastWait()).WaitAsync(Bound);

        Assert.Equal(DominoRunStatus.Succeeded, run.Status);
        Assert.Equal(0, e.Emulator.Faults.PendingCount);
        Assert.True(e.Count("GET", EmulatorHarness.RunRoute) >= 5);
        Assert.Equal(4, e.Logger.Lines.Count(l => l.Message.StartsWith("Retrying GET /v1/projects/alice/demo/runs/", StringComparison.Ordinal)));
        Assert.Equal(EmulatorHarness.MainLines, e.OutputLines);
    }

    [Fact]
    public async Task A_503_burst_on_blobs_is_retried_and_the_download_succeeds()
    {
        await using var e = await EmulatorHarness.StartAsync();
        var runId = await e.StartMainAsync();
        await e.Runs.WaitForRunAsync(runId, EmulatorHarness.FastWait()).WaitAsync(Bound);
        e.Emulator.Faults.Add("GET", EmulatorHarness.BlobRoute, EmulatorFault.Status(503), count: 3);
        var destination = e.NewFolder("burst");

        var report = await e.Runs.DownloadResultsAsync(runId, destination, new DominoDownloadOptions { RemotePath = "results", MaxParallelism = 1 }).WaitAsync(Bound);

        Assert.Equal(2, report.Written.Count);
        Assert.Equal(2 + 3, e.Count("GET", EmulatorHarness.BlobRoute));
        Assert.Equal(EmulatorHarness.ExpectedData, await File.ReadAllBytesAsync(Path.Combine(destination, "results", "data.bin")));
    }

    [Fact]
    public async Task A_blob_answering_503_through_every_pipeline_attempt_is_opened_again_after_a_pause_within_the_outage_budget()
    {
        await using var e = await EmulatorHarness.StartAsync();
        var runId = await e.StartMainAsync();
        await e.Runs.WaitForRunAsync(runId, EmulatorHarness.FastWait()).WaitAsync(Bound);
        var maxRetries = e.Client.Options.Retry.MaxRetries;
        e.Emulator.Faults.Add("GET", EmulatorHarness.BlobRoute, EmulatorFault.Status(503), count: maxRetries + 1);
        var destination = e.NewFolder("persistent");

        var report = await e.Runs.DownloadResultsAsync(runId, destination, new DominoDownloadOptions { RemotePath = "results", MaxParallelism = 1 }).WaitAsync(Bound);

        // The first file takes every 503 (the pipeline's MaxRetries + 1 attempts), is opened again after a pause, and is written.
        Assert.Empty(report.Failed);
        Assert.Equal(2, report.Written.Count);
        Assert.Equal(maxRetries + 1 + 2, e.Count("GET", EmulatorHarness.BlobRoute));
        Assert.Equal(0, e.Emulator.Faults.PendingCount);
        Assert.Contains(e.Logger.Lines, l => l.Level == DominoLogLevel.Warning && l.Message.StartsWith("Domino answers 503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_results_of_a_run_are_the_files_it_wrote_unless_IncludeUnchanged()
    {
        await using var e = await EmulatorHarness.StartAsync();
        var runId = await e.StartMainAsync();
        await e.Runs.WaitForRunAsync(runId, EmulatorHarness.FastWait()).WaitAsync(Bound);

        var results = await e.Runs.DownloadResultsAsync(runId, e.NewFolder("results-only")).WaitAsync(Bound);
        var everything = await e.Runs.DownloadResultsAsync(runId, e.NewFolder("everything"), new DominoDownloadOptions { IncludeUnchanged = true }).WaitAsync(Bound);

        Assert.Equal(DominoDownloadSelection.AddedOrChangedByRun, results.Selection);
        Assert.NotEmpty(results.Written);
        Assert.All(results.Written, f => Assert.StartsWith("results/", f.RemotePath, StringComparison.Ordinal));
        Assert.Contains(everything.Written, f => f.RemotePath == "main.py");
        Assert.Equal(everything.Written.Count - results.Written.Count, results.NotChangedByRun);
    }

    [Fact]
    public async Task Retry_After_is_honoured()
    {
        await using var e = await EmulatorHarness.StartAsync();
        var runId = await e.StartMainAsync();
        e.Emulator.Faults.Add("GET", EmulatorHarness.RunRoute, EmulatorFault.Status(503, TimeSpan.FromSeconds(1)), count: 1);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var run = await e.Runs.GetRunAsync(runId).WaitAsync(Bound);

        Assert.Equal(runId, run.Id);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"the retry came after {clock.Elapsed}, before the Retry-After of 1 s");
        Assert.Contains(e.Logger.Lines, l => l.Message.StartsWith("Retrying GET", StringComparison.Ordinal) && l.Message.Contains(" in 1 s ", StringComparison.Ordinal));
        Assert.Equal(2, e.Count("GET", EmulatorHarness.RunRoute));
    }

    [Fact]
    public async Task A_truncated_blob_is_retried_and_leaves_the_right_bytes_and_no_partial_file()
    {
        await using var e = await EmulatorHarness.StartAsync();
        var runId = await e.StartMainAsync();
        var run = await e.Runs.WaitForRunAsync(runId, EmulatorHarness.FastWait()).WaitAsync(Bound);
        e.Emulator.Faults.Add("GET", EmulatorHarness.BlobRoute, EmulatorFault.TruncateBody(1000), count: 2);
        var destination = e.NewFolder("truncated");
        var local = Path.Combine(destination, "data.bin");

        var file = await e.Runs.DownloadFileAsync(run.OutputCommitId!, "results/data.bin", local).WaitAsync(Bound);

        Assert.Equal(EmulatorHarness.ExpectedData.Length, file.Size);
        Assert.Equal(EmulatorHarness.ExpectedData, await File.ReadAllBytesAsync(local));
        Assert.Equal(3, e.Count("GET", EmulatorHarness.BlobRoute));
        Assert.Equal(["data.bin"], EmulatorHarness.FilesUnder(destination));
    }

    [Fact]
    public async Task A_dropped_connection_on_run_status_and_on_a_blob_is_retried()
    {
        await using var e = await EmulatorHarness.StartAsync();
        var runId = await e.StartMainAsync();
        e.Emulator.Faults.Add("GET", EmulatorHarness.RunRoute, EmulatorFault.DropConnection(), count: 2);

        var run = await e.Runs.WaitForRunAsync(runId, EmulatorHarness.FastWait()).WaitAsync(Bound);
        e.Emulator.Faults.Add("GET", EmulatorHarness.BlobRoute, EmulatorFault.DropConnection(), count: 1);
        var destination = e.NewFolder("dropped");
        var report = await e.Runs.DownloadCommitAsync(run.OutputCommitId!, destination, new DominoDownloadOptions { RemotePath = "results", MaxParallelism = 1 }).WaitAsync(Bound);

        Assert.Equal(DominoRunStatus.Succeeded, run.Status);
        Assert.Equal(2, report.Written.Count);
        Assert.Equal(3, e.Count("GET", EmulatorHarness.BlobRoute));
        Assert.Equal(EmulatorHarness.ExpectedData, await File.ReadAllBytesAsync(Path.Combine(destination, "results", "data.bin")));
    }

    [Fact]
    public async Task A_lost_start_reply_may_have_started_then_the_same_marker_reattaches_to_the_one_run()
    {
        await using var e = await EmulatorHarness.StartAsync();
        e.Emulator.Faults.Add("POST", EmulatorHarness.RunsRoute, EmulatorFault.LoseReply(), count: 1);
        var request = new DominoStartRunRequest { Command = ["main.py"], Marker = "ci-42-attempt-1" };

        var lost = await Assert.ThrowsAsync<DominoRunMayHaveStartedException>(() => e.Runs.StartRunAsync(request).WaitAsync(Bound));
        Assert.Equal(1, e.Count("POST", EmulatorHarness.RunsRoute));
        var runs = await e.Runs.ListRunsAsync();
        var created = Assert.Single(runs);
        Assert.Contains("[ci-42-attempt-1]", created.Title);
        Assert.Contains("may have started", lost.Message);
        Assert.DoesNotContain(EmulatorHarness.ApiKey, lost.ToString());

        var again = await e.Runs.StartRunAsync(request).WaitAsync(Bound);

        Assert.True(again.Reattached);
        Assert.Equal(created.Id, again.RunId);
        Assert.Equal(1, e.Count("POST", EmulatorHarness.RunsRoute));
        Assert.Single(await e.Runs.ListRunsAsync());
        Assert.Equal(DominoRunStatus.Succeeded, (await e.Runs.WaitForRunAsync(again.RunId, EmulatorHarness.FastWait()).WaitAsync(Bound)).Status);
    }

    [Fact]
    public async Task A_start_that_times_out_after_sending_is_not_resent_and_a_marked_start_runs_once()
    {
        await using var e = await EmulatorHarness.StartAsync(configureClient: o => o.RequestTimeout = TimeSpan.FromMilliseconds(500));
        e.Emulator.Faults.Add("POST", EmulatorHarness.RunsRoute, EmulatorFault.Delay(TimeSpan.FromSeconds(2)), count: 1);
        var request = new DominoStartRunRequest { Command = ["main.py"], Marker = "ci-7-attempt-2" };

        var lost = await Assert.ThrowsAsync<DominoRunMayHaveStartedException>(() => e.Runs.StartRunAsync(request).WaitAsync(Bound));
        Assert.Contains("timed out", lost.Message);
        Assert.Equal(1, e.Count("POST", EmulatorHarness.RunsRoute));

        // The emulator drops a delayed request whose client hung up, so no run exists: the same marker starts one, once.
        var first = await e.Runs.StartRunAsync(request).WaitAsync(Bound);
        var second = await e.Runs.StartRunAsync(request).WaitAsync(Bound);

        Assert.False(first.Reattached);
        Assert.True(second.Reattached);
        Assert.Equal(first.RunId, second.RunId);
        Assert.Equal(2, e.Count("POST", EmulatorHarness.RunsRoute));
        Assert.Single(await e.Runs.ListRunsAsync());
    }

    [Fact]
    public async Task A_second_download_skips_unchanged_files_without_blob_requests()
    {
        await using var e = await EmulatorHarness.StartAsync();
        var runId = await e.StartMainAsync();
        await e.Runs.WaitForRunAsync(runId, EmulatorHarness.FastWait()).WaitAsync(Bound);
        var destination = e.NewFolder("skip");
        var all = new DominoDownloadOptions { IncludeUnchanged = true };
        var first = await e.Runs.DownloadResultsAsync(runId, destination, all).WaitAsync(Bound);
        var blobsAfterFirst = e.Count("GET", EmulatorHarness.BlobRoute);

        var second = await e.Runs.DownloadResultsAsync(runId, destination, all).WaitAsync(Bound);

        Assert.True(first.Written.Count >= 5, "the whole output commit: the scripts and the results");
        Assert.Equal(first.Written.Count, blobsAfterFirst);
        Assert.Empty(second.Written);
        Assert.Equal(first.Written.Count, second.Skipped.Count);
        Assert.Equal(blobsAfterFirst, e.Count("GET", EmulatorHarness.BlobRoute));
    }

    [Fact]
    public async Task An_uploaded_file_is_read_by_the_next_run()
    {
        await using var e = await EmulatorHarness.StartAsync();
        using var content = new MemoryStream("hello from the upload\n"u8.ToArray());
        var uploaded = await e.Runs.UploadFileAsync("inputs/uploaded.txt", content).WaitAsync(Bound);
        Assert.Equal("inputs/uploaded.txt", uploaded.Path);
        var started = await e.Runs.StartRunAsync(new DominoStartRunRequest { Command = ["reads.py"] });

        var run = await e.Runs.WaitForRunAsync(started.RunId, EmulatorHarness.FastWait()).WaitAsync(Bound);
        var local = Path.Combine(e.NewFolder("echo"), "echo.txt");
        await e.Runs.DownloadFileAsync(run.OutputCommitId!, "results/echo.txt", local).WaitAsync(Bound);

        Assert.Equal(["read: hello from the upload"], e.OutputLines);
        Assert.Equal("HELLO FROM THE UPLOAD\n", await File.ReadAllTextAsync(local));
    }

    [Fact]
    public async Task Without_the_v4_log_endpoint_output_comes_from_v1_each_line_once()
    {
        await using var e = await EmulatorHarness.StartAsync();
        e.Emulator.Faults.Add("GET", EmulatorHarness.LogsRoute, EmulatorFault.Status(404), count: 1000);
        var runId = await e.StartMainAsync();

        await e.Runs.WaitForRunAsync(runId, EmulatorHarness.FastWait()).WaitAsync(Bound);

        Assert.Equal(EmulatorHarness.MainLines, e.OutputLines);
        Assert.Equal(1, e.Count("GET", EmulatorHarness.LogsRoute));
        Assert.True(e.Count("GET", EmulatorHarness.StdoutRoute) >= 1);
    }

    [Fact]
    public async Task Quoted_line_breaks_in_v1_output_become_clean_lines()
    {
        await using var e = await EmulatorHarness.StartAsync(o => o.QuotedLineBreaks = true);
        e.Emulator.Faults.Add("GET", EmulatorHarness.LogsRoute, EmulatorFault.Status(404), count: 1000);
        var runId = await e.StartMainAsync();

        await e.Runs.WaitForRunAsync(runId, EmulatorHarness.FastWait()).WaitAsync(Bound);
        var output = await e.Runs.GetRunOutputAsync(runId);

        Assert.Equal(EmulatorHarness.MainLines, e.OutputLines);
        Assert.DoesNotContain(e.OutputLines, l => l.Contains("'\\n'", StringComparison.Ordinal));
        Assert.Equal(string.Join("\n", EmulatorHarness.MainLines) + "\n", output.Stdout);
    }

    /// <summary>Reports synchronously on the caller's thread (Progress&lt;T&gt; posts, which would race the assertions).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
