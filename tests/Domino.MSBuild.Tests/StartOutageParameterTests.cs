using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Domino.Client;
using Microsoft.Build.Utilities;
using Moq;

namespace Domino.MSBuild.Tests;

/// <summary>The start's outage budget, as an MSBuild project sets it.</summary>
public class StartOutageParameterTests
{
    private readonly TaskFixture _fixture = new();

    private Func<DominoStartRunRequest?> CaptureStart()
    {
        DominoStartRunRequest? sent = null;
        _fixture.ProjectClient.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .Callback<DominoStartRunRequest, CancellationToken>((r, _) => sent = r)
            .ReturnsAsync(new DominoRunStarted(TaskFixture.RunId, TaskFixture.RunUrl, null, false));
        return () => sent;
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("00:02:00", 120)]
    public void StartRun_sends_the_MaxOutage_parameter_in_the_request(string value, int seconds)
    {
        var sent = CaptureStart();
        var task = _fixture.Create<DominoStartRun>(t => { t.Command = [new TaskItem("main.py")]; t.MaxOutage = value; });

        Assert.True(task.Execute());

        Assert.Equal(TimeSpan.FromSeconds(seconds), sent()!.MaxOutage);
    }

    [Fact]
    public void StartRun_without_MaxOutage_leaves_the_clients_default_of_5_minutes()
    {
        var sent = CaptureStart();
        var task = _fixture.Create<DominoStartRun>(t => t.Command = [new TaskItem("main.py")]);

        Assert.True(task.Execute());

        Assert.Equal(TimeSpan.FromMinutes(5), sent()!.MaxOutage);
    }

    [Theory]
    [InlineData("0", "MaxOutage '0' is not a positive duration")]
    [InlineData("soon", "MaxOutage 'soon'")]
    public void StartRun_with_a_bad_MaxOutage_logs_DOM002_naming_the_parameter_and_sends_nothing(string value, string expected)
    {
        var task = _fixture.Create<DominoStartRun>(t => { t.Command = [new TaskItem("main.py")]; t.MaxOutage = value; });

        Assert.False(task.Execute());

        var error = _fixture.Engine.SingleError;
        Assert.Equal("DOM002", error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_fixture.ProjectClient.Invocations, i => i.Method.Name.EndsWith("Async", StringComparison.Ordinal));
    }

    [Fact]
    public void A_start_given_up_on_a_failing_Domino_is_DOM015_saying_no_run_was_started()
    {
        var lastFailure = new DominoServerException(
            "POST /v4/jobs/start could not reach the server", "POST", "/v4/jobs/start", 503, "overloaded");
        _fixture.ProjectClient.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DominoOutageException(
                "Domino answered 503 Service Unavailable (overloaded) to every request for the start of a run in alice/quick for 5 min 0 s (9 failed tries, each after its own retries), so no run was started (MaxOutage is 5 min 0 s).",
                lastFailure, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), null));
        var task = _fixture.Create<DominoStartRun>(t => t.Command = [new TaskItem("main.py")]);

        Assert.False(task.Execute());

        var error = _fixture.Engine.SingleError;
        Assert.Equal("DOM015", error.Code);
        Assert.Contains("so no run was started", error.Message, StringComparison.Ordinal);
        Assert.Contains("raise the task's MaxOutage parameter (DominoMaxOutage for the DominoRun target)", error.Message, StringComparison.Ordinal);
        Assert.Null(task.RunId);
    }

    [Fact]
    public void The_DominoRun_target_gives_DominoMaxOutage_to_the_start_the_wait_and_the_download()
    {
        var targets = XDocument.Load(Path.Combine(RepoRoot(), "src", "Domino.MSBuild", "build", "Domino.MSBuild.targets"));

        foreach (var task in new[] { "DominoStartRun", "DominoWaitForRun", "DominoDownloadResults" })
        {
            var uses = targets.Descendants().Where(e => e.Name.LocalName == task && e.Parent?.Name.LocalName == "Target").ToList();
            Assert.NotEmpty(uses);
            Assert.All(uses, use => Assert.Equal("$(DominoMaxOutage)", (string?)use.Attribute("MaxOutage")));
        }
    }

    private static string RepoRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
