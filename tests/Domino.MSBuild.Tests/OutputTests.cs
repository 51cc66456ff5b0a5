using Domino.Client;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Moq;

namespace Domino.MSBuild.Tests;

public class OutputTests
{
    private readonly TaskFixture _fixture = new();

    [Fact]
    public void StartRun_sends_the_request_and_returns_RunId_and_RunUrl()
    {
        DominoStartRunRequest? sent = null;
        _fixture.ProjectClient.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .Callback<DominoStartRunRequest, CancellationToken>((r, _) => sent = r)
            .ReturnsAsync(new DominoRunStarted(TaskFixture.RunId, TaskFixture.RunUrl, "started", false));
        var task = _fixture.Create<DominoStartRun>(t =>
        {
            t.Command = [new TaskItem("main.py"), new TaskItem("foo"), new TaskItem("1")];
            t.Title = "nightly";
            t.Tier = "Small";
            t.CommitId = TaskFixture.CommitId;
            t.PublishApiEndpoint = "TRUE";
            t.Marker = "ci-42-1";
        });

        Assert.True(task.Execute());

        Assert.Equal(TaskFixture.RunId, task.RunId);
        Assert.Equal(TaskFixture.RunUrl.ToString(), task.RunUrl);
        Assert.False(task.Reattached);
        Assert.NotNull(sent);
        Assert.Equal(["main.py", "foo", "1"], sent!.Command);
        Assert.False(sent.IsDirect);
        Assert.Equal("nightly", sent.Title);
        Assert.Equal("Small", sent.Tier);
        Assert.Equal(TaskFixture.CommitId, sent.CommitId);
        Assert.True(sent.PublishApiEndpoint);
        Assert.Equal("ci-42-1", sent.Marker);
        Assert.Equal("alice/quick", _fixture.RequestedProject);
        Assert.Contains(_fixture.Engine.Messages, m => m.Importance == MessageImportance.High && m.Message!.Contains(TaskFixture.RunId) && m.Message.Contains(TaskFixture.RunUrl.ToString()));
        Assert.Empty(_fixture.Engine.Errors);
        Assert.Empty(_fixture.Engine.Warnings);
    }

    [Fact]
    public void StartRun_reports_a_reattached_run()
    {
        _fixture.ProjectClient.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DominoRunStarted(TaskFixture.RunId, TaskFixture.RunUrl, null, true));
        var task = _fixture.Create<DominoStartRun>(t => { t.Command = [new TaskItem("main.py")]; t.Marker = "ci-42-1"; });

        Assert.True(task.Execute());
        Assert.True(task.Reattached);
        Assert.Contains(_fixture.Engine.Messages, m => m.Message!.Contains("reattached"));
    }

    [Fact]
    public void StartRun_IsDirect_sends_one_command_line_with_an_escaped_semicolon()
    {
        DominoStartRunRequest? sent = null;
        _fixture.ProjectClient.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .Callback<DominoStartRunRequest, CancellationToken>((r, _) => sent = r)
            .ReturnsAsync(new DominoRunStarted(TaskFixture.RunId, TaskFixture.RunUrl, null, false));
        // What MSBuild passes for Command="python a.py%3B echo done": one item whose spec is unescaped.
        var task = _fixture.Create<DominoStartRun>(t => { t.Command = [new TaskItem("python a.py%3B echo done")]; t.IsDirect = "true"; });

        Assert.True(task.Execute());
        Assert.True(sent!.IsDirect);
        Assert.Equal(["python a.py; echo done"], sent.Command);
    }

    [Fact]
    public void WaitForRun_returns_status_outputs_and_passes_the_wait_options()
    {
        DominoWaitOptions? options = null;
        _fixture.ProjectClient.Setup(p => p.WaitForRunAsync(TaskFixture.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .Callback<string, DominoWaitOptions?, CancellationToken>((_, o, _) => options = o)
            .ReturnsAsync(TaskFixture.Run("Succeeded", TaskFixture.CommitId));
        var task = _fixture.Create<DominoWaitForRun>(t =>
        {
            t.RunId = TaskFixture.RunId;
            t.Timeout = "00:30:00";
            t.PollInterval = "0.5";
            t.MaxPollInterval = "10";
            t.StopOnCancel = "false";
            t.StopOnTimeout = "true";
            t.AcceptStatuses = "Stopped; Failed";
            t.FailureOutputLines = "5";
        });

        Assert.True(task.Execute());

        Assert.Equal("Succeeded", task.Status);
        Assert.True(task.Succeeded);
        Assert.Equal(TaskFixture.CommitId, task.OutputCommitId);
        Assert.Equal("00:01:30", task.Duration);
        Assert.Equal(TaskFixture.RunUrl.ToString(), task.RunUrl);
        Assert.Equal(TimeSpan.FromMinutes(30), options!.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.InitialPollInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), options.MaxPollInterval);
        Assert.False(options.StopOnCancel);
        Assert.True(options.StopOnTimeout);
        Assert.True(options.ThrowOnFailure);
        Assert.Equal(5, options.FailureOutputLines);
        Assert.Equal(["Stopped", "Failed"], options.AcceptStatuses);
        _fixture.Engine.Mock.Verify(e => e.Yield(), Times.Once);
        _fixture.Engine.Mock.Verify(e => e.Reacquire(), Times.Once);
    }

    [Fact]
    public void Reacquire_happens_on_the_thread_that_yielded_even_when_the_work_resumes_elsewhere()
    {
        int? yieldThread = null;
        int? reacquireThread = null;
        _fixture.Engine.Mock.Setup(e => e.Yield()).Callback(() => yieldThread = Environment.CurrentManagedThreadId);
        _fixture.Engine.Mock.Setup(e => e.Reacquire()).Callback(() => reacquireThread = Environment.CurrentManagedThreadId);
        _fixture.ProjectClient.Setup(p => p.WaitForRunAsync(TaskFixture.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                // Complete on another thread, as real HTTP work does.
                await System.Threading.Tasks.Task.Run(() => { }).ConfigureAwait(false);
                await System.Threading.Tasks.Task.Yield();
                return TaskFixture.Run("Succeeded", TaskFixture.CommitId);
            });
        var task = _fixture.Create<DominoWaitForRun>(t => t.RunId = TaskFixture.RunId);

        var thread = new Thread(() => Assert.True(task.Execute()));
        thread.Start();
        thread.Join();

        Assert.Equal(thread.ManagedThreadId, yieldThread);
        Assert.Equal(yieldThread, reacquireThread);
    }

    [Fact]
    public void WaitForRun_counts_an_accepted_status_as_succeeded()
    {
        _fixture.ProjectClient.Setup(p => p.WaitForRunAsync(TaskFixture.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(TaskFixture.Run("Stopped"));
        var task = _fixture.Create<DominoWaitForRun>(t => { t.RunId = TaskFixture.RunId; t.AcceptStatuses = "stopped"; });

        Assert.True(task.Execute());
        Assert.Equal("Stopped", task.Status);
        Assert.True(task.Succeeded);
    }

    [Fact]
    public void StartRun_and_GetRun_do_not_yield_the_node()
    {
        _fixture.ProjectClient.Setup(p => p.GetRunAsync(TaskFixture.RunId, It.IsAny<CancellationToken>())).ReturnsAsync(TaskFixture.Run("Running"));
        Assert.True(_fixture.Create<DominoGetRun>(t => t.RunId = TaskFixture.RunId).Execute());
        _fixture.Engine.Mock.Verify(e => e.Yield(), Times.Never);
    }

    [Fact]
    public void DownloadResults_lists_written_and_skipped_files_with_metadata()
    {
        var destination = Path.GetFullPath("out");
        string? usedDestination = null;
        DominoDownloadOptions? usedOptions = null;
        var report = new DominoDownloadReport
        {
            CommitId = TaskFixture.CommitId,
            Destination = destination,
            Written = [new DominoDownloadedFile("results/a.png", Path.Combine(destination, "results", "a.png"), new string('1', 40), 14292)],
            Skipped = [new DominoDownloadedFile("results/b.csv", Path.Combine(destination, "results", "b.csv"), new string('2', 40), 7)],
            Failed = [],
            BytesWritten = 14292,
            ManifestPath = Path.Combine(destination, ".domino-download.json"),
        };
        _fixture.ProjectClient.Setup(p => p.DownloadResultsAsync(TaskFixture.RunId, It.IsAny<string>(), It.IsAny<DominoDownloadOptions>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, DominoDownloadOptions?, CancellationToken>((_, d, o, _) => { usedDestination = d; usedOptions = o; })
            .ReturnsAsync(report);
        var task = _fixture.Create<DominoDownloadResults>(t =>
        {
            t.RunId = TaskFixture.RunId;
            t.DestinationFolder = "out";
            t.RemotePath = "/results/";
            t.Include = "**/*.png; **/*.csv";
            t.Exclude = "**\\tmp\\**";
            t.SkipUnchangedFiles = "false";
            t.MaxParallelism = "3";
        });

        Assert.True(task.Execute());

        Assert.Equal(destination, usedDestination);
        // The core normalises separators; the task passes the values as given.
        Assert.Equal("/results/", usedOptions!.RemotePath);
        Assert.Equal(["**/*.png", "**/*.csv"], usedOptions.Include);
        Assert.Equal(["**\\tmp\\**"], usedOptions.Exclude);
        Assert.False(usedOptions.SkipUnchanged);
        Assert.Equal(3, usedOptions.MaxParallelism);
        var written = Assert.Single(task.DownloadedFiles);
        Assert.Equal(Path.Combine(destination, "results", "a.png"), written.ItemSpec);
        Assert.Equal("results/a.png", written.GetMetadata("RemotePath"));
        Assert.Equal(Path.Combine("results", "a.png"), written.GetMetadata("RelativePath"));
        Assert.Equal(new string('1', 40), written.GetMetadata("Key"));
        Assert.Equal("14292", written.GetMetadata("Size"));
        Assert.Equal(TaskFixture.CommitId, written.GetMetadata("CommitId"));
        var skipped = Assert.Single(task.SkippedFiles);
        Assert.Equal("results/b.csv", skipped.GetMetadata("RemotePath"));
        Assert.Equal("7", skipped.GetMetadata("Size"));
        Assert.Equal(TaskFixture.CommitId, task.DownloadedCommitId);
        Assert.Equal(report.ManifestPath, task.ManifestFile);
        _fixture.Engine.Mock.Verify(e => e.Yield(), Times.Once);
        _fixture.Engine.Mock.Verify(e => e.Reacquire(), Times.Once);
    }

    [Fact]
    public void DownloadResults_with_CommitId_downloads_that_commit()
    {
        _fixture.ProjectClient.Setup(p => p.DownloadCommitAsync(TaskFixture.CommitId, It.IsAny<string>(), It.IsAny<DominoDownloadOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DominoDownloadReport
            {
                CommitId = TaskFixture.CommitId, Destination = "/d", Written = [], Skipped = [], Failed = [], ManifestPath = "/d/.domino-download.json",
            });
        var task = _fixture.Create<DominoDownloadResults>(t => { t.CommitId = TaskFixture.CommitId; t.DestinationFolder = "/d"; });

        Assert.True(task.Execute());
        Assert.Empty(task.DownloadedFiles);
        _fixture.ProjectClient.Verify(p => p.DownloadResultsAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<DominoDownloadOptions>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void GetRun_returns_the_run_state()
    {
        _fixture.ProjectClient.Setup(p => p.GetRunAsync(TaskFixture.RunId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(TaskFixture.Run("Failed", TaskFixture.CommitId) with { Title = "t", Number = 7, CommitId = new string('c', 40) });
        var task = _fixture.Create<DominoGetRun>(t => t.RunId = TaskFixture.RunId);

        Assert.True(task.Execute());
        Assert.Equal("Failed", task.Status);
        Assert.Equal("Failed", task.StatusKind);
        Assert.True(task.IsFinished);
        Assert.False(task.Succeeded);
        Assert.Equal(TaskFixture.CommitId, task.OutputCommitId);
        Assert.Equal(new string('c', 40), task.CommitId);
        Assert.Equal("t", task.Title);
        Assert.Equal("7", task.Number);
        Assert.Equal(TaskFixture.RunUrl.ToString(), task.RunUrl);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    public void StopRun_passes_CommitResults(string? commitResults, bool expected)
    {
        _fixture.ProjectClient.Setup(p => p.StopRunAsync(TaskFixture.RunId, expected, It.IsAny<CancellationToken>())).Returns(System.Threading.Tasks.Task.CompletedTask);
        var task = _fixture.Create<DominoStopRun>(t => { t.RunId = TaskFixture.RunId; t.CommitResults = commitResults; });

        Assert.True(task.Execute());
        _fixture.ProjectClient.Verify(p => p.StopRunAsync(TaskFixture.RunId, expected, It.IsAny<CancellationToken>()), Times.Once);
    }
}
