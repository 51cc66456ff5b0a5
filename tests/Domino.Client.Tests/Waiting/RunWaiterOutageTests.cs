using Moq;

namespace Domino.Client.Tests.Waiting;

public class RunWaiterOutageTests
{
    private static DominoServerException BadGateway() =>
        new("GET /v1/projects/owner/project/runs/" + WaitHarness.RunId + " failed with 502 Bad Gateway after 6 attempts: 502 Bad Gateway (nginx)",
            "GET", "/v1/projects/owner/project/runs/" + WaitHarness.RunId, 502, "502 Bad Gateway (nginx)");

    /// <summary>A harness polling every 10 s exactly, so the times of failures and warnings are known.</summary>
    private static WaitHarness EveryTenSeconds()
    {
        var h = new WaitHarness();
        h.Options.InitialPollInterval = TimeSpan.FromSeconds(10);
        h.Options.MaxPollInterval = TimeSpan.FromSeconds(10);
        return h;
    }

    private static object[] Repeat(object result, int count) => Enumerable.Repeat(result, count).ToArray();

    [Fact]
    public async Task WaitForRun_fails_with_an_outage_error_when_every_poll_fails_for_MaxOutage()
    {
        // Given a run seen Running once, then a server answering 502 to every poll from 10 s on
        var h = EveryTenSeconds().Polls(WaitHarness.Run("Running"), BadGateway());
        h.Options.MaxOutage = TimeSpan.FromMinutes(2);

        // When waiting
        var error = await Assert.ThrowsAsync<DominoOutageException>(() => h.Wait());

        // Then the wait ends exactly MaxOutage after the first failed poll, naming the answer, how long, the run and its page
        Assert.Equal(TimeSpan.FromSeconds(130), h.Time.GetUtcNow() - h.Start);
        Assert.Equal(TimeSpan.FromMinutes(2), error.Duration);
        Assert.Equal(TimeSpan.FromMinutes(2), error.MaxOutage);
        Assert.Equal(502, error.LastFailure.StatusCode);
        Assert.Equal(WaitHarness.RunUrl, error.RunUrl);
        Assert.Equal(
            $"Domino answered 502 Bad Gateway (nginx) to every request for run {WaitHarness.RunId} for 2 min 0 s (12 failed tries, each after its own retries), "
            + $"so the wait gives up (MaxOutage is 2 min 0 s). The run itself may still be going: see {WaitHarness.RunUrl}",
            error.Message);
        h.Client.Verify(c => c.StopRunAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_first_failed_poll_warns_with_the_status_and_the_servers_words_then_at_most_once_a_minute()
    {
        // Given a server failing every poll from 10 s to 170 s, then answering again
        var h = EveryTenSeconds().Polls([WaitHarness.Run("Running"), .. Repeat(BadGateway(), 17), WaitHarness.Run("Succeeded", WaitHarness.CommitId)]);

        // When waiting
        var run = await h.Wait();

        // Then the wait succeeds; the outage was warned about at 10, 70 and 130 s, and its end said
        Assert.Equal(DominoRunStatus.Succeeded, run.Status);
        Assert.Equal(
            [
                $"Domino answers 502 Bad Gateway (nginx) for run {WaitHarness.RunId}; still waiting, giving up in 5 min 0 s.",
                $"Domino answers 502 Bad Gateway (nginx) for run {WaitHarness.RunId}; still waiting, giving up in 4 min 0 s.",
                $"Domino answers 502 Bad Gateway (nginx) for run {WaitHarness.RunId}; still waiting, giving up in 3 min 0 s.",
            ],
            h.Logger.At(DominoLogLevel.Warning));
        Assert.Contains($"Domino answers again for run {WaitHarness.RunId}, after failing for 2 min 50 s.", h.Logger.At(DominoLogLevel.Information));
        Assert.Equal(17, h.Logger.At(DominoLogLevel.Verbose).Count(m => m.Contains("status poll", StringComparison.Ordinal) && m.Contains("failed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_good_answer_resets_the_outage_budget()
    {
        // Given two outages of 40 s each (five failed polls), within a budget of 1 minute, with a good answer between them
        var h = EveryTenSeconds().Polls(
            [WaitHarness.Run("Running"), .. Repeat(WaitHarness.ServerError(), 5), WaitHarness.Run("Running"), .. Repeat(WaitHarness.ConnectionError(), 5),
             WaitHarness.Run("Succeeded", WaitHarness.CommitId)]);
        h.Options.MaxOutage = TimeSpan.FromMinutes(1);

        // When waiting
        var run = await h.Wait();

        // Then neither outage ends the wait, and each is warned about once
        Assert.Equal(DominoRunStatus.Succeeded, run.Status);
        var warnings = h.Logger.At(DominoLogLevel.Warning);
        Assert.Equal(2, warnings.Count);
        Assert.StartsWith("Domino answers 503 Service Unavailable (overloaded) for run ", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("Domino answers nothing (GET /v1/... failed: connection reset) for run ", warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_poll_still_retrying_when_the_budget_runs_out_is_cut_and_the_wait_fails()
    {
        // Given a poll that fails at 10 s, and a next poll whose request (with its own retries) never ends
        var h = EveryTenSeconds();
        h.Options.MaxOutage = TimeSpan.FromMinutes(1);
        var calls = 0;
        h.Client.Setup(c => c.GetRunAsync(WaitHarness.RunId, It.IsAny<CancellationToken>()))
            .Returns((string _, CancellationToken token) =>
            {
                calls++;
                if (calls == 1)
                {
                    return Task.FromResult(WaitHarness.Run("Running"));
                }

                if (calls == 2)
                {
                    return Task.FromException<DominoRun>(BadGateway());
                }

                var pending = new TaskCompletionSource<DominoRun>();
                token.Register(() => pending.TrySetCanceled(token));
                return pending.Task;
            });

        // When waiting
        var error = await Assert.ThrowsAsync<DominoOutageException>(() => h.Wait());

        // Then the hanging request is cut when the budget ends, 1 minute after the first failed poll
        Assert.Equal(TimeSpan.FromSeconds(70), h.Time.GetUtcNow() - h.Start);
        Assert.Equal(3, calls);
        Assert.Contains("502 Bad Gateway (nginx)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_is_not_fetched_while_the_server_fails()
    {
        var h = EveryTenSeconds().Polls(WaitHarness.Run("Running"), BadGateway(), BadGateway(), WaitHarness.Run("Succeeded", WaitHarness.CommitId));
        h.Options.StreamOutput = true;
        h.Client.Setup(c => c.GetRunLogsAsync(WaitHarness.RunId, It.IsAny<long>(), "stdoutstderr", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DominoLogChunk([], false));

        await h.Wait();

        // One fetch after the first good poll, one at the end: none for the two failed polls.
        h.Client.Verify(c => c.GetRunLogsAsync(WaitHarness.RunId, It.IsAny<long>(), "stdoutstderr", null, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_MaxOutage_that_is_not_positive_is_refused_before_any_request(int seconds)
    {
        var h = new WaitHarness();
        h.Options.MaxOutage = TimeSpan.FromSeconds(seconds);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => { _ = h.StartWait(); });

        Assert.Contains("MaxOutage", error.Message, StringComparison.Ordinal);
        h.Client.Verify(c => c.GetRunAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
