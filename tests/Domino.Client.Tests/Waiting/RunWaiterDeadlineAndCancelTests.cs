using Moq;

namespace Domino.Client.Tests.Waiting;

public class RunWaiterDeadlineAndCancelTests
{
    private static void SetupStop(WaitHarness h, List<CancellationToken> tokens, Func<CancellationToken, Task>? behaviour = null) =>
        h.Client.Setup(c => c.StopRunAsync(WaitHarness.RunId, true, It.IsAny<CancellationToken>()))
            .Returns((string _, bool _, CancellationToken token) =>
            {
                tokens.Add(token);
                return behaviour?.Invoke(token) ?? Task.CompletedTask;
            });

    [Fact]
    public async Task The_deadline_fails_with_a_timeout_error_saying_the_run_is_still_going()
    {
        var h = new WaitHarness().Statuses("Running");
        h.Options.Timeout = TimeSpan.FromSeconds(10);

        var ex = await Assert.ThrowsAsync<DominoWaitTimeoutException>(() => h.Wait());

        Assert.Contains("still going", ex.Message, StringComparison.Ordinal);
        Assert.Contains("of owner/project", ex.Message, StringComparison.Ordinal);
        Assert.Contains(WaitHarness.RunId, ex.Message, StringComparison.Ordinal);
        Assert.Contains(WaitHarness.RunUrl.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(10), ex.Timeout);
        Assert.Equal("Running", ex.Run.Status);
        Assert.Equal(TimeSpan.FromSeconds(10), h.Time.GetUtcNow() - h.Start);
        Assert.All(h.PollTimes, t => Assert.True(t < TimeSpan.FromSeconds(10)));
        h.Client.Verify(c => c.StopRunAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task With_StopOnTimeout_the_deadline_stops_the_run_once()
    {
        var h = new WaitHarness().Statuses("Running");
        h.Options.Timeout = TimeSpan.FromSeconds(10);
        h.Options.StopOnTimeout = true;
        var tokens = new List<CancellationToken>();
        SetupStop(h, tokens);

        var ex = await Assert.ThrowsAsync<DominoWaitTimeoutException>(() => h.Wait());

        Assert.Contains("asked to stop", ex.Message, StringComparison.Ordinal);
        var token = Assert.Single(tokens);
        Assert.True(token.CanBeCanceled);
        Assert.False(token.IsCancellationRequested);
    }

    [Fact]
    public async Task A_failed_stop_on_timeout_is_reported_in_the_timeout_error()
    {
        var h = new WaitHarness().Statuses("Running");
        h.Options.Timeout = TimeSpan.FromSeconds(5);
        h.Options.StopOnTimeout = true;
        SetupStop(h, new List<CancellationToken>(), _ => Task.FromException(WaitHarness.ServerError()));

        var ex = await Assert.ThrowsAsync<DominoWaitTimeoutException>(() => h.Wait());

        Assert.Contains("request to stop it failed", ex.Message, StringComparison.Ordinal);
        Assert.Single(h.Logger.At(DominoLogLevel.Warning));
    }

    [Fact]
    public async Task The_deadline_cancels_a_hanging_status_request()
    {
        var h = new WaitHarness();
        h.Options.Timeout = TimeSpan.FromSeconds(30);
        h.Client.Setup(c => c.GetRunAsync(WaitHarness.RunId, It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken token) => Task.Delay(Timeout.Infinite, token).ContinueWith<DominoRun>(_ => throw new OperationCanceledException(token), TaskScheduler.Default));

        var task = h.StartWait();
        h.AdvanceUntil(() => h.Time.GetUtcNow() - h.Start >= TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<DominoWaitTimeoutException>(() => task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Cancel_stops_polling_at_once_and_stops_the_run_with_a_fresh_token()
    {
        using var cts = new CancellationTokenSource();
        var h = new WaitHarness().Polls(WaitHarness.Run("Queued"), WaitHarness.Run("Running"));
        var polls = 0;
        h.Client.Setup(c => c.GetRunAsync(WaitHarness.RunId, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                if (++polls == 3)
                {
                    cts.Cancel(); // Ctrl-C while the third poll is in flight
                }

                return Task.FromResult(WaitHarness.Run("Running"));
            });
        var tokens = new List<CancellationToken>();
        SetupStop(h, tokens);

        var task = h.StartWait(cts.Token);
        h.AdvanceUntil(() => task.IsCompleted);
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var ex = await Assert.ThrowsAsync<OperationCanceledException>(() => task);
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Equal(3, polls);
        var token = Assert.Single(tokens);
        Assert.True(token.CanBeCanceled);
        Assert.False(token.IsCancellationRequested);
        Assert.NotEqual(cts.Token, token);
        Assert.Contains(h.Logger.At(DominoLogLevel.Information), m => m.Contains("asked Domino to stop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancel_without_StopOnCancel_leaves_the_run_going()
    {
        using var cts = new CancellationTokenSource();
        var h = new WaitHarness();
        h.Options.StopOnCancel = false;
        h.Client.Setup(c => c.GetRunAsync(WaitHarness.RunId, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                cts.Cancel();
                return Task.FromResult(WaitHarness.Run("Running"));
            });

        await Assert.ThrowsAsync<OperationCanceledException>(() => h.Wait(cts.Token));

        h.Client.Verify(c => c.StopRunAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Contains(h.Logger.At(DominoLogLevel.Information), m => m.Contains("keeps going", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_stop_after_cancel_is_a_warning_and_the_cancel_still_surfaces()
    {
        using var cts = new CancellationTokenSource();
        var h = new WaitHarness();
        h.Client.Setup(c => c.GetRunAsync(WaitHarness.RunId, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                cts.Cancel();
                return Task.FromResult(WaitHarness.Run("Running"));
            });
        SetupStop(h, new List<CancellationToken>(), _ => Task.FromException(WaitHarness.ConnectionError()));

        await Assert.ThrowsAsync<OperationCanceledException>(() => h.Wait(cts.Token));

        var warning = Assert.Single(h.Logger.At(DominoLogLevel.Warning));
        Assert.Contains("may still be going", warning, StringComparison.Ordinal);
        Assert.Contains(WaitHarness.RunUrl.ToString(), warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stop_after_cancel_gives_up_after_at_most_8_seconds()
    {
        using var cts = new CancellationTokenSource();
        var h = new WaitHarness();
        h.Options.StopRequestTimeout = TimeSpan.FromMinutes(1); // capped to 8 s after a cancel
        h.Client.Setup(c => c.GetRunAsync(WaitHarness.RunId, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                cts.Cancel();
                return Task.FromResult(WaitHarness.Run("Running"));
            });
        SetupStop(h, new List<CancellationToken>(), token => Task.Delay(Timeout.Infinite, token));

        var task = h.StartWait(cts.Token);
        h.Time.Advance(TimeSpan.FromSeconds(7.9));
        Assert.False(task.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(0.1));

        await Assert.ThrowsAsync<OperationCanceledException>(() => task.WaitAsync(TimeSpan.FromSeconds(30)));
        var warning = Assert.Single(h.Logger.At(DominoLogLevel.Warning));
        Assert.Contains("no answer within 8 s", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_after_the_run_finished_does_not_stop_it()
    {
        using var cts = new CancellationTokenSource();
        var h = new WaitHarness();
        var polls = 0;
        h.Client.Setup(c => c.GetRunAsync(WaitHarness.RunId, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                if (++polls == 2)
                {
                    cts.Cancel(); // while waiting for the results to be saved
                }

                return Task.FromResult(WaitHarness.Run("Succeeded"));
            });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Wait(cts.Token));

        h.Client.Verify(c => c.StopRunAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
