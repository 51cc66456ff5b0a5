using Domino.Client;
using Moq;

namespace Domino.MSBuild.Tests;

public class CancellationTests
{
    private readonly TaskFixture _fixture = new();

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    public async Task Cancel_stops_the_wait_at_once_and_reports_DOM010_as_a_user_cancel(string? stopOnCancel, bool expectedStop)
    {
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DominoWaitOptions? options = null;
        _fixture.ProjectClient.Setup(p => p.WaitForRunAsync(TaskFixture.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .Returns<string, DominoWaitOptions?, CancellationToken>(async (_, o, token) =>
            {
                options = o;
                waiting.SetResult();
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            });
        var task = _fixture.Create<DominoWaitForRun>(t => { t.RunId = TaskFixture.RunId; t.StopOnCancel = stopOnCancel; });

        var execution = Task.Run(task.Execute);
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        task.Cancel();
        var result = await execution.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(result);
        Assert.Equal(expectedStop, options!.StopOnCancel);
        var error = _fixture.Engine.SingleError;
        Assert.Equal("DOM010", error.Code);
        Assert.Contains("cancelled by the user", error.Message);
        Assert.Contains("not a timeout", error.Message);
        Assert.Contains(expectedStop ? "asked to stop the run" : "the run keeps going", error.Message);
        _fixture.Engine.Mock.Verify(e => e.Yield(), Times.Once);
        _fixture.Engine.Mock.Verify(e => e.Reacquire(), Times.Once);
    }

    [Fact]
    public void Cancel_before_execution_sends_nothing_and_reports_DOM010()
    {
        _fixture.ProjectClient.Setup(p => p.DownloadResultsAsync(TaskFixture.RunId, It.IsAny<string>(), It.IsAny<DominoDownloadOptions>(), It.IsAny<CancellationToken>()))
            .Returns<string, string, DominoDownloadOptions?, CancellationToken>((_, _, _, token) => Task.FromCanceled<DominoDownloadReport>(token));
        var task = _fixture.Create<DominoDownloadResults>(t => { t.RunId = TaskFixture.RunId; t.DestinationFolder = "out"; });
        task.Cancel();

        Assert.False(task.Execute());
        Assert.Equal("DOM010", _fixture.Engine.SingleError.Code);
    }

    [Fact]
    public void An_OperationCanceledException_without_a_user_cancel_is_not_reported_as_one()
    {
        _fixture.ProjectClient.Setup(p => p.WaitForRunAsync(TaskFixture.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new OperationCanceledException("The operation was canceled."));
        var task = _fixture.Create<DominoWaitForRun>(t => t.RunId = TaskFixture.RunId);

        Assert.False(task.Execute());
        Assert.NotEqual("DOM010", _fixture.Engine.SingleError.Code);
        Assert.DoesNotContain("cancelled by the user", _fixture.Engine.SingleError.Message);
    }
}
