using Moq;

namespace Domino.Client.Tests.Waiting;

public class RunWaiterQuietTests
{
    private static DominoLogChunk Chunk(params string[] lines) =>
        new(lines.Select((line, i) => new DominoLogEntry(i + 1, "stdout", line)).ToList(), false);

    /// <summary>Polls every 30 s exactly: Running for <paramref name="runningPolls"/> polls, then Succeeded.</summary>
    private static WaitHarness RunningFor(int runningPolls)
    {
        var h = new WaitHarness().Statuses([.. Enumerable.Repeat("Running", runningPolls), "Succeeded"]);
        h.Options.InitialPollInterval = TimeSpan.FromSeconds(30);
        h.Options.MaxPollInterval = TimeSpan.FromSeconds(30);
        return h;
    }

    private static IReadOnlyList<string> StillLines(WaitHarness h) =>
        h.Logger.At(DominoLogLevel.Information).Where(m => m.Contains(": still ", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task A_running_job_that_logs_nothing_for_5_minutes_gets_one_line_then_at_most_every_5_minutes()
    {
        // Given a run Running for 12 minutes whose output is not streamed
        var h = RunningFor(24);

        // When waiting
        await h.Wait();

        // Then one line at 5 and one at 10 minutes
        Assert.Equal(
            [$"Run {WaitHarness.RunId}: still Running after 5 min 0 s.", $"Run {WaitHarness.RunId}: still Running after 10 min 0 s."],
            StillLines(h));
    }

    [Fact]
    public async Task The_line_tells_how_long_ago_the_run_last_printed()
    {
        // Given a run Running for 12 minutes that prints one line at 60 s and nothing after
        var h = RunningFor(24);
        h.Options.StreamOutput = true;
        var fetches = 0;
        h.Client.Setup(c => c.GetRunLogsAsync(WaitHarness.RunId, It.IsAny<long>(), "stdoutstderr", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => ++fetches == 3 ? Chunk("epoch 1") : Chunk());

        // When waiting
        await h.Wait();

        // Then the first line comes 5 minutes after that output, and the next 5 minutes later
        Assert.Equal(
            [
                $"Run {WaitHarness.RunId}: still Running after 6 min 0 s; last output 5 min 0 s ago.",
                $"Run {WaitHarness.RunId}: still Running after 11 min 0 s; last output 10 min 0 s ago.",
            ],
            StillLines(h));
    }

    [Fact]
    public async Task A_run_that_keeps_printing_gets_no_line()
    {
        var h = RunningFor(24);
        h.Options.StreamOutput = true;
        var fetches = 0;
        h.Client.Setup(c => c.GetRunLogsAsync(WaitHarness.RunId, It.IsAny<long>(), "stdoutstderr", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new DominoLogChunk([new DominoLogEntry(++fetches, "stdout", $"line {fetches}")], false));

        await h.Wait();

        Assert.Empty(StillLines(h));
    }

    [Fact]
    public async Task A_run_with_no_output_yet_says_so()
    {
        var h = RunningFor(12);
        h.Options.StreamOutput = true;
        h.Client.Setup(c => c.GetRunLogsAsync(WaitHarness.RunId, It.IsAny<long>(), "stdoutstderr", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Chunk());

        await h.Wait();

        Assert.Equal([$"Run {WaitHarness.RunId}: still Running after 5 min 0 s; no output yet."], StillLines(h));
    }
}
