using Domino.Client.Tests.Waiting;
using Moq;

namespace Domino.Client.Tests.Jobs;

public class WaitExecutionDetailsTests
{
    private static readonly DominoRunExecutionDetails Large = new("large-k8s", "Large", "5f7a8c2e4b0a1c3d5e6f7a8b", "Domino Standard Environment");

    [Fact]
    public async Task WaitForRun_logs_the_tier_and_environment_once_when_the_run_starts_running_and_returns_them()
    {
        // Given a job that queues, runs for a while, then succeeds, on the Large tier
        var h = new WaitHarness { Execution = Large };
        h.Statuses("Queued", "Running", "Running", "Running", DominoRunStatus.Succeeded);

        // When it is waited for
        var run = await h.Wait();

        // Then the details were asked once, logged once at Information, and are on the returned run
        Assert.Equal(1, h.ExecutionRequests);
        Assert.Single(h.Logger.At(DominoLogLevel.Information),
            $"Run {WaitHarness.RunId} runs on hardware tier 'Large' (large-k8s), environment 'Domino Standard Environment' (5f7a8c2e4b0a1c3d5e6f7a8b).");
        Assert.Equal(Large, run.Execution);
    }

    [Fact]
    public async Task WaitForRun_does_not_ask_for_details_while_the_run_is_queued()
    {
        var h = new WaitHarness { Execution = Large };
        h.Statuses("Queued", "Queued", "Running", DominoRunStatus.Succeeded);
        var asked = new List<int>();
        h.Client.Setup(c => c.GetRunExecutionDetailsAsync(WaitHarness.RunId, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                asked.Add(h.PollTimes.Count);
                return Task.FromResult<DominoRunExecutionDetails?>(Large);
            });

        await h.Wait();

        Assert.Equal([3], asked);
    }

    [Fact]
    public async Task WaitForRun_asks_for_details_of_a_run_first_seen_finished()
    {
        var h = new WaitHarness { Execution = Large };
        h.Statuses(DominoRunStatus.Succeeded);

        var run = await h.Wait();

        Assert.Equal(1, h.ExecutionRequests);
        Assert.Equal(Large, run.Execution);
    }

    [Fact]
    public async Task WaitForRun_goes_on_when_the_details_cannot_be_had()
    {
        var h = new WaitHarness();
        h.Statuses("Running", DominoRunStatus.Succeeded);
        h.Client.Setup(c => c.GetRunExecutionDetailsAsync(WaitHarness.RunId, It.IsAny<CancellationToken>())).ThrowsAsync(WaitHarness.ServerError());

        var run = await h.Wait();

        Assert.Equal(DominoRunStatus.Succeeded, run.Status);
        Assert.Null(run.Execution);
        Assert.Contains(h.Logger.At(DominoLogLevel.Debug), l => l.Contains("could not ask which hardware tier and environment it got"));
    }

    [Fact]
    public async Task WaitForRun_of_a_v1_run_logs_no_details()
    {
        var h = new WaitHarness();
        h.Statuses("Running", DominoRunStatus.Succeeded);

        var run = await h.Wait();

        Assert.Null(run.Execution);
        Assert.DoesNotContain(h.Logger.At(DominoLogLevel.Information), l => l.Contains("runs on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitForRun_in_v4_follows_the_job_and_its_details_over_HTTP()
    {
        // Given a v4 server with a job that runs then succeeds
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.Job("Running", false))
            .RespondJson("""{"hardwareTier":{"id":"large-k8s","name":"Large"}}""")
            .RespondJson(Jobs.Job("Succeeded", true, outputCommitId: TestClient.CommitId));

        // When it is waited for
        var run = await t.Drive(t.Project.WaitForRunAsync(Jobs.JobId, new DominoWaitOptions { StreamOutput = false }));

        // Then status came from /v4/jobs, the tier from runtimeExecutionDetails, and the run passed the gate
        Assert.Equal(
            ["GET /v4/gateway/projects/findProjectByOwnerAndName?ownerName=alice&projectName=churn-model",
             "GET /v4/jobs?projectId=55221238e4b02f8c82189faa&page_size=1",
             "GET /v4/jobs/553af271e4b0364c0f717b24",
             "GET /v4/jobs/553af271e4b0364c0f717b24/runtimeExecutionDetails",
             "GET /v4/jobs/553af271e4b0364c0f717b24"],
            t.Handler.Log());
        Assert.True(run.IsSucceeded);
        Assert.Equal(TestClient.CommitId, run.OutputCommitId);
        Assert.Equal("Large", run.Execution?.HardwareTierName);
        Assert.Contains(t.Logger.Lines, l => l.Level == DominoLogLevel.Information && l.Message.Contains("runs on hardware tier 'Large' (large-k8s), environment unknown"));
    }

    [Fact]
    public async Task WaitForRun_in_v4_fails_a_job_that_completes_Failed()
    {
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.Job("Failed", true))
            .RespondJson("""{"hardwareTier":{"id":"large-k8s","name":"Large"}}""");

        var error = await t.Drive(Assert.ThrowsAsync<DominoRunFailedException>(() =>
            t.Project.WaitForRunAsync(Jobs.JobId, new DominoWaitOptions { StreamOutput = false, FailureOutputLines = 0 })));

        Assert.Equal("Failed", error.Run.Status);
    }
}
