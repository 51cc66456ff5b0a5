using Moq;

namespace Domino.Client.Tests.Waiting;

public class RunWaiterOutputTests
{
    private static DominoLogEntry E(long ts, string text, string type = "stdout") => new(ts, type, text);

    private static DominoLogChunk Chunk(params DominoLogEntry[] entries) => new(entries, false);

    private static WaitHarness Streaming(params string[] statuses)
    {
        var h = new WaitHarness().Statuses(statuses);
        h.Options.StreamOutput = true;
        return h;
    }

    [Fact]
    public async Task Output_is_streamed_from_the_v4_log_endpoint_in_order_without_duplicates()
    {
        var h = Streaming("Running", "Running", "Running", "Succeeded");
        var afters = new List<long>();
        h.Client.SetupSequence(c => c.GetRunLogsAsync(WaitHarness.RunId, Capture.In(afters), "stdoutstderr", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Chunk(E(10, "a"), E(20, "b")))
            .ReturnsAsync(Chunk(E(20, "b"), E(30, "c", "stderr")))        // a server that includes latestTimeNano itself
            .ReturnsAsync(Chunk(E(40, "e"), E(35, "d"), E(30, "c", "stderr"))) // out of order
            .ReturnsAsync(new DominoLogChunk(new[] { E(40, "e"), E(50, "f\n") }, true)); // the final fetch after the run ended

        await h.Wait();

        Assert.Equal(new[] { "a", "b", "c", "d", "e", "f" }, h.Logger.At(DominoLogLevel.RunOutput));
        Assert.Equal(new long[] { 0, 19, 29, 39 }, afters);
        h.Client.Verify(c => c.GetRunOutputAsync(It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Entries_sharing_a_timestamp_are_printed_once_each_even_when_resent()
    {
        var h = Streaming("Running", "Running", "Succeeded");
        h.Client.SetupSequence(c => c.GetRunLogsAsync(WaitHarness.RunId, It.IsAny<long>(), "stdoutstderr", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Chunk(E(5, "same"), E(5, "same")))
            .ReturnsAsync(Chunk(E(5, "same"), E(5, "same"), E(5, "other")))
            .ReturnsAsync(Chunk(E(5, "same"), E(5, "same"), E(5, "other")));

        await h.Wait();

        Assert.Equal(new[] { "same", "same", "other" }, h.Logger.At(DominoLogLevel.RunOutput));
    }

    [Fact]
    public async Task Entries_older_than_the_last_printed_are_dropped_when_a_server_resends_everything()
    {
        var h = Streaming("Running", "Running", "Succeeded");
        h.Client.SetupSequence(c => c.GetRunLogsAsync(WaitHarness.RunId, It.IsAny<long>(), "stdoutstderr", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Chunk(E(1, "a"), E(2, "b")))
            .ReturnsAsync(Chunk(E(1, "a"), E(2, "b"), E(3, "c")))
            .ReturnsAsync(Chunk(E(1, "a"), E(2, "b"), E(3, "c")));

        await h.Wait();

        Assert.Equal(new[] { "a", "b", "c" }, h.Logger.At(DominoLogLevel.RunOutput));
    }

    [Fact]
    public async Task A_log_entry_holding_several_lines_is_printed_line_by_line()
    {
        var h = Streaming("Succeeded");
        h.Client.Setup(c => c.GetRunLogsAsync(WaitHarness.RunId, It.IsAny<long>(), "stdoutstderr", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Chunk(E(1, "one\r\ntwo\n")));

        await h.Wait();

        Assert.Equal(new[] { "one", "two" }, h.Logger.At(DominoLogLevel.RunOutput));
    }

    [Fact]
    public async Task Without_the_v4_endpoint_falls_back_to_v1_for_good_and_prints_only_new_lines()
    {
        var h = Streaming("Running", "Running", "Succeeded");
        h.Client.Setup(c => c.GetRunLogsAsync(WaitHarness.RunId, It.IsAny<long>(), It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((DominoLogChunk?)null);
        h.Client.SetupSequence(c => c.GetRunOutputAsync(WaitHarness.RunId, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DominoRunOutput("setup", "l1\nl2\npar"))
            .ReturnsAsync(new DominoRunOutput("setup", "l1\nl2\npartial\nl4\n"))
            .ReturnsAsync(new DominoRunOutput("setup", "l1\nl2\npartial\nl4\nlast words"));

        await h.Wait();

        Assert.Equal(new[] { "l1", "l2", "partial", "l4", "last words" }, h.Logger.At(DominoLogLevel.RunOutput));
        h.Client.Verify(c => c.GetRunLogsAsync(WaitHarness.RunId, It.IsAny<long>(), It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<CancellationToken>()), Times.Once);
        h.Client.Verify(c => c.GetRunOutputAsync(WaitHarness.RunId, null, It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task A_partial_v1_line_is_not_printed_before_it_is_complete()
    {
        var h = Streaming("Running", "Running", "Succeeded");
        h.Client.Setup(c => c.GetRunLogsAsync(WaitHarness.RunId, It.IsAny<long>(), It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((DominoLogChunk?)null);
        h.Client.SetupSequence(c => c.GetRunOutputAsync(WaitHarness.RunId, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DominoRunOutput("", "progress 1"))
            .ReturnsAsync(new DominoRunOutput("", "progress 10"))
            .ReturnsAsync(new DominoRunOutput("", "progress 100%\n"));

        await h.Wait();

        Assert.Equal(new[] { "progress 100%" }, h.Logger.At(DominoLogLevel.RunOutput));
    }

    [Fact]
    public async Task Output_fetch_errors_are_logged_and_do_not_end_the_wait_or_lose_lines()
    {
        var h = Streaming("Running", "Running", "Succeeded");
        h.Client.SetupSequence(c => c.GetRunLogsAsync(WaitHarness.RunId, It.IsAny<long>(), "stdoutstderr", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Chunk(E(1, "first")))
            .ThrowsAsync(WaitHarness.ServerError())
            .ReturnsAsync(Chunk(E(2, "second")));

        var run = await h.Wait();

        Assert.Equal(DominoRunStatus.Succeeded, run.Status);
        Assert.Equal(new[] { "first", "second" }, h.Logger.At(DominoLogLevel.RunOutput));
        Assert.Contains(h.Logger.At(DominoLogLevel.Debug), m => m.Contains("could not fetch its output", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_StreamOutput_no_output_is_fetched()
    {
        var h = new WaitHarness().Statuses("Running", "Succeeded");

        await h.Wait();

        h.Client.Verify(c => c.GetRunLogsAsync(It.IsAny<string>(), It.IsAny<long>(), It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<CancellationToken>()), Times.Never);
        h.Client.Verify(c => c.GetRunOutputAsync(It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Empty(h.Logger.At(DominoLogLevel.RunOutput));
    }

    [Fact]
    public async Task The_final_lines_are_fetched_after_the_run_ends()
    {
        var h = Streaming("Failed");
        h.Client.Setup(c => c.GetRunLogsAsync(WaitHarness.RunId, It.IsAny<long>(), It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Chunk(E(7, "Traceback"), E(8, "KeyError: 'x'")));

        var ex = await Assert.ThrowsAsync<DominoRunFailedException>(() => h.Wait());

        Assert.Equal(new[] { "Traceback", "KeyError: 'x'" }, h.Logger.At(DominoLogLevel.RunOutput));
        Assert.Equal(new[] { "Traceback", "KeyError: 'x'" }, ex.LastOutputLines);
    }
}
