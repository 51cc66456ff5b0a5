namespace Domino.Client.Tests.Waiting;

/// <summary>One run, one duration: the wait's lines give the run's own time, the one every summary shows.</summary>
public class RunWaiterDurationTests
{
    private static readonly DateTimeOffset Began = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_000);

    /// <summary>A finished run that ran 3.4 s by its own timestamps.</summary>
    private static DominoRun Finished(string status) => WaitHarness.Run(status, WaitHarness.CommitId) with
    {
        Started = Began,
        Completed = Began + TimeSpan.FromMilliseconds(3400),
    };

    /// <summary>A harness that sees the run Queued, Running, then finished, polling every 5 s: the wait takes 10 s.</summary>
    private static WaitHarness EveryFiveSeconds(DominoRun finished)
    {
        var h = new WaitHarness().Polls(WaitHarness.Run("Queued"), WaitHarness.Run("Running"), finished);
        h.Options.InitialPollInterval = TimeSpan.FromSeconds(5);
        h.Options.MaxPollInterval = TimeSpan.FromSeconds(5);
        return h;
    }

    [Fact]
    public async Task The_success_line_gives_the_runs_own_duration_and_no_other_line_gives_the_waits()
    {
        // Given a run that ran 3.4 s, waited for during 10 s
        var h = EveryFiveSeconds(Finished(DominoRunStatus.Succeeded));

        // When waiting
        var run = await h.Wait();

        // Then the end is said with the run's 3.4 s, the same figure as DominoRun.Duration, and the 10 s of the wait appear nowhere
        Assert.Equal(TimeSpan.FromSeconds(10), h.Time.GetUtcNow() - h.Start);
        Assert.Equal(TimeSpan.FromMilliseconds(3400), run.Duration);
        var lines = h.Logger.At(DominoLogLevel.Information);
        Assert.Contains($"Run {WaitHarness.RunId} succeeded (3.4 s).", lines);
        Assert.Contains($"Run {WaitHarness.RunId}: Running -> Succeeded", lines);
        Assert.DoesNotContain(lines, l => l.Contains("10 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_ended_without_success_is_warned_about_with_its_own_duration()
    {
        var h = EveryFiveSeconds(Finished(DominoRunStatus.Failed));
        h.Options.ThrowOnFailure = false;

        await h.Wait();

        var warning = Assert.Single(h.Logger.At(DominoLogLevel.Warning));
        Assert.StartsWith($"Run {WaitHarness.RunId} ended Failed after 3.4 s, without success: ", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_runs_timestamps_the_success_line_gives_the_waits_time()
    {
        // Given a server that gives no start or end time
        var h = EveryFiveSeconds(WaitHarness.Run(DominoRunStatus.Succeeded, WaitHarness.CommitId));

        await h.Wait();

        Assert.Contains($"Run {WaitHarness.RunId} succeeded (10 s).", h.Logger.At(DominoLogLevel.Information));
    }
}
