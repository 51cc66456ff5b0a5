using Moq;

namespace Domino.Client.Tests.Waiting;

public class RunWaiterOutcomeTests
{
    [Theory]
    [InlineData("Failed")]
    [InlineData("Error")]
    [InlineData("Stopped")]
    [InlineData("Faulty")]
    [InlineData("Cancelled")]
    [InlineData("Canceled")]
    public async Task WaitForRun_fails_with_id_status_url_and_last_output_lines_when_run_ends(string status)
    {
        var h = new WaitHarness().Statuses("Running", status);
        h.Options.FailureOutputLines = 2;
        h.Client.Setup(c => c.GetRunOutputAsync(WaitHarness.RunId, 2, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DominoRunOutput("setup", "line 1\nTraceback (most recent call last):\nValueError: boom\n"));

        var ex = await Assert.ThrowsAsync<DominoRunFailedException>(() => h.Wait());

        Assert.Contains(WaitHarness.RunId, ex.Message, StringComparison.Ordinal);
        Assert.Contains("of owner/project", ex.Message, StringComparison.Ordinal);
        Assert.Contains(status, ex.Message, StringComparison.Ordinal);
        Assert.Contains(WaitHarness.RunUrl.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("ValueError: boom", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("line 1", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "Traceback (most recent call last):", "ValueError: boom" }, ex.LastOutputLines);
        Assert.Equal(status, ex.Run.Status);
        Assert.Equal(WaitHarness.RunUrl, ex.RunUrl);
        h.Client.Verify(c => c.GetRunOutputAsync(WaitHarness.RunId, 2, It.IsAny<CancellationToken>()), Times.Once);
        h.Client.Verify(c => c.StopRunAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_failure_still_throws_when_its_output_cannot_be_fetched()
    {
        var h = new WaitHarness().Statuses("Failed");
        h.Client.Setup(c => c.GetRunOutputAsync(WaitHarness.RunId, 20, It.IsAny<CancellationToken>()))
            .ThrowsAsync(WaitHarness.ServerError());

        var ex = await Assert.ThrowsAsync<DominoRunFailedException>(() => h.Wait());

        Assert.Empty(ex.LastOutputLines);
        Assert.Contains("No output", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_uses_the_streamed_output_tail_instead_of_fetching_it_again()
    {
        var h = new WaitHarness().Statuses("Running", "Failed");
        h.Options.StreamOutput = true;
        h.Options.FailureOutputLines = 2;
        h.Client.SetupSequence(c => c.GetRunLogsAsync(WaitHarness.RunId, It.IsAny<long>(), "stdoutstderr", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DominoLogChunk(new[] { new DominoLogEntry(10, "stdout", "a"), new DominoLogEntry(20, "stdout", "b") }, false))
            .ReturnsAsync(new DominoLogChunk(new[] { new DominoLogEntry(30, "stderr", "c") }, true));

        var ex = await Assert.ThrowsAsync<DominoRunFailedException>(() => h.Wait());

        Assert.Equal(new[] { "b", "c" }, ex.LastOutputLines);
        h.Client.Verify(c => c.GetRunOutputAsync(It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Without_ThrowOnFailure_a_failed_run_is_returned_with_a_warning()
    {
        var h = new WaitHarness().Statuses("Running", "Error");
        h.Options.ThrowOnFailure = false;

        var run = await h.Wait();

        Assert.Equal("Error", run.Status);
        Assert.Contains(h.Logger.At(DominoLogLevel.Warning), m => m.Contains("Error", StringComparison.Ordinal) && m.Contains(WaitHarness.RunUrl.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_accepted_status_counts_as_success_case_insensitively()
    {
        var h = new WaitHarness().Polls(WaitHarness.Run("Running"), WaitHarness.Run("Stopped", WaitHarness.CommitId));
        h.Options.AcceptStatuses.Add("stopped");

        var run = await h.Wait();

        Assert.Equal("Stopped", run.Status);
        Assert.Contains(h.Logger.At(DominoLogLevel.Information), m => m.Contains("accepted", StringComparison.Ordinal));
        h.Client.Verify(c => c.GetRunOutputAsync(It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_status_not_in_the_accepted_list_still_fails()
    {
        var h = new WaitHarness().Statuses("Failed");
        h.Options.AcceptStatuses.Add("Stopped");
        h.Client.Setup(c => c.GetRunOutputAsync(WaitHarness.RunId, 20, It.IsAny<CancellationToken>())).ReturnsAsync(new DominoRunOutput("", ""));

        await Assert.ThrowsAsync<DominoRunFailedException>(() => h.Wait());
    }

    [Fact]
    public async Task IsCompleted_from_the_server_ends_the_wait_even_with_an_unknown_status()
    {
        var h = new WaitHarness().Polls(WaitHarness.Run("Running"), WaitHarness.Run("Done", isCompleted: true));
        h.Client.Setup(c => c.GetRunOutputAsync(WaitHarness.RunId, 20, It.IsAny<CancellationToken>())).ReturnsAsync(new DominoRunOutput("", ""));

        var ex = await Assert.ThrowsAsync<DominoRunFailedException>(() => h.Wait());

        Assert.Equal("Done", ex.Run.Status);
        Assert.Equal(2, h.PollTimes.Count);
    }

    [Fact]
    public async Task After_success_waits_for_the_output_commit()
    {
        var h = new WaitHarness().Polls(
            WaitHarness.Run("Running"),
            WaitHarness.Run("Succeeded"),
            WaitHarness.Run("Succeeded"),
            WaitHarness.Run("Succeeded"),
            WaitHarness.Run("Succeeded", WaitHarness.CommitId));

        var run = await h.Wait();

        Assert.Equal(WaitHarness.CommitId, run.OutputCommitId);
        Assert.Equal(5, h.PollTimes.Count);
        Assert.Contains(h.Logger.At(DominoLogLevel.Information), m => m.Contains("results saved as commit " + WaitHarness.CommitId, StringComparison.Ordinal));
        Assert.Empty(h.Logger.At(DominoLogLevel.Warning));
    }

    [Fact]
    public async Task Without_an_output_commit_gives_up_after_ResultsTimeout_with_a_warning()
    {
        var h = new WaitHarness().Polls(WaitHarness.Run("Succeeded"));
        h.Options.ResultsTimeout = TimeSpan.FromSeconds(20);
        h.Options.PollBackoffFactor = 2;

        var run = await h.Wait();

        Assert.Null(run.OutputCommitId);
        Assert.Equal(DominoRunStatus.Succeeded, run.Status);
        // Polls at 0 (finished), then 1, 3, 7, 15; the next (31) is past the 20 s bound.
        Assert.Equal(new double[] { 0, 1, 3, 7, 15 }, h.PollTimes.Select(t => t.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(20), h.Time.GetUtcNow() - h.Start);
        var warning = Assert.Single(h.Logger.At(DominoLogLevel.Warning));
        Assert.Contains("results were not saved", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_run_is_not_waited_on_for_results()
    {
        var h = new WaitHarness().Statuses("Failed");
        h.Options.ThrowOnFailure = false;

        await h.Wait();

        Assert.Single(h.PollTimes);
    }

    [Fact]
    public async Task The_results_wait_is_bounded_by_the_overall_deadline()
    {
        var h = new WaitHarness().Polls(WaitHarness.Run("Running"), WaitHarness.Run("Succeeded"));
        h.Options.Timeout = TimeSpan.FromSeconds(5);
        h.Options.ResultsTimeout = TimeSpan.FromMinutes(2);

        var run = await h.Wait();

        Assert.Null(run.OutputCommitId);
        Assert.Equal(TimeSpan.FromSeconds(5), h.Time.GetUtcNow() - h.Start);
        Assert.Single(h.Logger.At(DominoLogLevel.Warning));
    }
}
