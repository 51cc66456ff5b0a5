using Moq;

namespace Domino.Client.Tests.Waiting;

public class RunWaiterPollingTests
{
    [Fact]
    public async Task Poll_intervals_grow_reset_on_status_change_and_respect_the_cap()
    {
        var h = new WaitHarness().Statuses("Queued", "Queued", "Queued", "Queued", "Running", "Running", "Running", "Succeeded");
        h.Options.InitialPollInterval = TimeSpan.FromSeconds(1);
        h.Options.PollBackoffFactor = 2;
        h.Options.MaxPollInterval = TimeSpan.FromSeconds(3);

        await h.Wait();

        var gaps = h.PollTimes.Zip(h.PollTimes.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        Assert.Equal(new double[] { 1, 2, 3, 3, 1, 2, 3 }, gaps);
    }

    [Fact]
    public async Task WaitForRun_returns_the_succeeded_run_with_its_output_commit()
    {
        var h = new WaitHarness().Statuses("Queued", "Running", "Succeeded");

        var run = await h.Wait();

        Assert.Equal(DominoRunStatus.Succeeded, run.Status);
        Assert.Equal(WaitHarness.CommitId, run.OutputCommitId);
        h.Client.Verify(c => c.GetRunAsync(WaitHarness.RunId, It.IsAny<CancellationToken>()), Times.Exactly(3));
        h.Client.Verify(c => c.StopRunAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Contains(h.Logger.At(DominoLogLevel.Information), m => m.Contains("succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_poll_is_logged_at_verbose()
    {
        var h = new WaitHarness().Statuses("Running", "Running", "Running", "Running", "Succeeded");

        await h.Wait();

        var verbose = h.Logger.At(DominoLogLevel.Verbose);
        Assert.Equal(4, verbose.Count);
        Assert.All(verbose, m => Assert.Contains("Run " + WaitHarness.RunId + ": Running", m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_changes_are_reported_as_events_and_logged_with_elapsed_time_but_the_end_with_none()
    {
        var h = new WaitHarness().Statuses("Queued", "Queued", "Running", "Succeeded");
        var progress = new RecordingProgress<DominoRunStatusChange>();
        h.Options.StatusChanged = progress;
        h.Options.PollBackoffFactor = 2;

        await h.Wait();

        Assert.Equal(
            new[]
            {
                new DominoRunStatusChange(WaitHarness.RunId, null, "Queued", TimeSpan.Zero),
                new DominoRunStatusChange(WaitHarness.RunId, "Queued", "Running", TimeSpan.FromSeconds(3)),
                new DominoRunStatusChange(WaitHarness.RunId, "Running", "Succeeded", TimeSpan.FromSeconds(4)),
            },
            progress.Reports);
        Assert.Contains($"Run {WaitHarness.RunId}: Queued -> Running (3 s)", h.Logger.At(DominoLogLevel.Information));
        Assert.Contains($"Run {WaitHarness.RunId}: Running -> Succeeded", h.Logger.At(DominoLogLevel.Information));
    }

    [Fact]
    public async Task An_unknown_status_is_warned_about_once_and_waiting_continues()
    {
        var h = new WaitHarness().Statuses("Hibernating", "Hibernating", "Hibernating", "Running", "Hibernating", "Succeeded");

        var run = await h.Wait();

        Assert.Equal(DominoRunStatus.Succeeded, run.Status);
        var warning = Assert.Single(h.Logger.At(DominoLogLevel.Warning));
        Assert.Contains("Hibernating", warning, StringComparison.Ordinal);
        Assert.Equal(6, h.PollTimes.Count);
    }

    [Fact]
    public async Task Serving_counts_as_started_and_ends_the_wait()
    {
        var h = new WaitHarness().Statuses("Preparing", "Serving");

        var run = await h.Wait();

        Assert.Equal(DominoRunStatus.Serving, run.Status);
        Assert.Equal(2, h.PollTimes.Count);
        Assert.Contains(h.Logger.At(DominoLogLevel.Information), m => m.Contains("is Serving", StringComparison.Ordinal));
        h.Client.Verify(c => c.StopRunAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Transient_server_and_connection_errors_within_the_outage_budget_do_not_end_the_wait()
    {
        var h = new WaitHarness().Polls(
            WaitHarness.Run("Running"),
            WaitHarness.ServerError(),
            WaitHarness.ConnectionError(),
            WaitHarness.ServerError(),
            WaitHarness.Run("Succeeded", WaitHarness.CommitId));

        var run = await h.Wait();

        Assert.Equal(DominoRunStatus.Succeeded, run.Status);
        Assert.Equal(5, h.PollTimes.Count);
        Assert.Equal(3, h.Logger.At(DominoLogLevel.Verbose).Count(m => m.Contains("failed", StringComparison.Ordinal)));
        Assert.Single(h.Logger.At(DominoLogLevel.Warning));
    }

    [Fact]
    public async Task Transient_errors_keep_backing_off_instead_of_hammering_the_server()
    {
        var h = new WaitHarness().Polls(
            WaitHarness.Run("Running"),
            WaitHarness.ServerError(),
            WaitHarness.ServerError(),
            WaitHarness.Run("Succeeded", WaitHarness.CommitId));
        h.Options.PollBackoffFactor = 2;

        await h.Wait();

        Assert.Equal(new double[] { 0, 1, 3, 7 }, h.PollTimes.Select(t => t.TotalSeconds));
    }

    [Fact]
    public async Task Unauthorized_ends_the_wait()
    {
        var h = new WaitHarness().Polls(
            WaitHarness.Run("Running"),
            new DominoUnauthorizedException("GET ... 401", "GET", "/v1/projects/owner/project/runs/" + WaitHarness.RunId, 401, "bad key"));

        await Assert.ThrowsAsync<DominoUnauthorizedException>(() => h.Wait());

        Assert.Equal(2, h.PollTimes.Count);
        h.Client.Verify(c => c.StopRunAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Not_found_ends_the_wait()
    {
        var h = new WaitHarness().Polls(
            new DominoNotFoundException("GET ... 404", "GET", "/v1/projects/owner/project/runs/" + WaitHarness.RunId, 404, "no such run"));

        await Assert.ThrowsAsync<DominoNotFoundException>(() => h.Wait());

        Assert.Single(h.PollTimes);
    }

    [Fact]
    public void A_malformed_run_id_is_refused_before_any_request()
    {
        var h = new WaitHarness();

        var waiter = new Domino.Client.Waiting.RunWaiter(h.Client.Object, h.Time, h.Logger, h.Random);

        // Thrown synchronously, not inside the returned task.
        Assert.Throws<ArgumentException>(() => { _ = waiter.WaitAsync("not-a-run", h.Options, CancellationToken.None); });

        h.Client.Verify(c => c.GetRunAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task WaitForRunAsync_uses_the_clients_time_provider_and_logger()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var logger = new RecordingLogger();
        var client = new Mock<DominoProjectClient>(MockBehavior.Loose) { CallBase = true };
        client.Object.Options.TimeProvider = time;
        client.Object.Options.Logger = logger;
        client.Object.Options.Random = new FixedRandom(0.5);
        client.Setup(c => c.GetRunUrl(WaitHarness.RunId)).Returns(WaitHarness.RunUrl);
        client.SetupSequence(c => c.GetRunAsync(WaitHarness.RunId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(WaitHarness.Run("Running"))
            .ReturnsAsync(WaitHarness.Run("Succeeded", WaitHarness.CommitId));

        var task = client.Object.WaitForRunAsync(WaitHarness.RunId, new DominoWaitOptions { StreamOutput = false });
        Assert.False(task.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var run = await task;
        Assert.Equal(DominoRunStatus.Succeeded, run.Status);
        Assert.Contains($"Run {WaitHarness.RunId}: Running -> Succeeded", logger.At(DominoLogLevel.Information));
    }
}
