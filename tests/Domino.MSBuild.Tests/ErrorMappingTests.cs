using Domino.Client;
using Microsoft.Build.Framework;
using Moq;

namespace Domino.MSBuild.Tests;

public class ErrorMappingTests
{
    private readonly TaskFixture _fixture = new();

    public static TheoryData<string, string> Exceptions() => new()
    {
        { "unauthorized", "DOM003" },
        { "conflict", "DOM003" },
        { "notfound", "DOM004" },
        { "badrequest", "DOM005" },
        { "server", "DOM006" },
        { "connection", "DOM006" },
        { "format", "DOM006" },
        { "configuration", "DOM001" },
        { "domino", "DOM012" },
        { "argument", "DOM002" },
        { "bug", "DOM013" },
        { "timeout-cancel", "DOM013" },
    };

    private static Exception Make(string kind) => kind switch
    {
        "unauthorized" => new DominoUnauthorizedException("GET /v1/projects/alice/quick/runs/x: 401 Unauthorized", "GET", "/v1/projects/alice/quick/runs/x", 401, "no"),
        "conflict" => new DominoConflictException("GET ...: 409 Conflict", "GET", "/p", 409, "log in again"),
        "notfound" => new DominoNotFoundException("GET /v1/projects/alice/quick/runs/x: 404 Not Found", "GET", "/p", 404, "not found"),
        "badrequest" => new DominoBadRequestException("GET ...: 400", "GET", "/p", 400, "not a valid ID"),
        "server" => new DominoServerException("GET ...: 503 after 5 retries", "GET", "/p", 503, "busy"),
        "connection" => new DominoConnectionException("GET ...: connection refused", "GET", "/p", null),
        "format" => new DominoResponseFormatException("GET ...: not JSON", "GET", "/p", 200),
        "configuration" => new DominoConfigurationException("The host 'ftp://x' is not valid."),
        "domino" => new DominoException("Run 553af271e4b0364c0f717b24 has no output commit yet."),
        "argument" => new ArgumentException("The run id 'x' is not valid."),
        "timeout-cancel" => new TaskCanceledException("A task was canceled."),
        _ => new InvalidOperationException("boom"),
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void A_client_exception_becomes_one_coded_error_and_never_escapes(string kind, string code)
    {
        var exception = Make(kind);
        _fixture.ProjectClient.Setup(p => p.GetRunAsync(TaskFixture.RunId, It.IsAny<CancellationToken>())).ThrowsAsync(exception);
        var task = _fixture.Create<DominoGetRun>(t => t.RunId = TaskFixture.RunId);

        var result = task.Execute();

        Assert.False(result);
        var error = _fixture.Engine.SingleError;
        Assert.Equal(code, error.Code);
        Assert.Contains(exception.Message, error.Message);
        Assert.Contains("Reading run " + TaskFixture.RunId, error.Message);
    }

    [Fact]
    public void An_exception_from_creating_the_client_is_a_coded_error()
    {
        var task = _fixture.Create<DominoGetRun>(t => t.RunId = TaskFixture.RunId);
        task.ClientFactory = _ => throw new DominoConfigurationException("The host 'nope' is not a URL.");

        Assert.False(task.Execute());
        Assert.Equal("DOM001", _fixture.Engine.SingleError.Code);
    }

    [Fact]
    public void A_start_that_may_have_reached_the_server_is_DOM007_with_advice()
    {
        _fixture.ProjectClient.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DominoRunMayHaveStartedException("POST /v1/projects/alice/quick/runs: connection reset after the request was sent", "POST", "/v1/projects/alice/quick/runs", null, null, null));
        var task = _fixture.Create<DominoStartRun>(t => t.Command = [new Microsoft.Build.Utilities.TaskItem("main.py")]);

        Assert.False(task.Execute());
        var error = _fixture.Engine.SingleError;
        Assert.Equal("DOM007", error.Code);
        Assert.Contains("Marker", error.Message);
        Assert.Null(task.RunId);
    }

    [Fact]
    public void A_failed_run_is_DOM008_naming_run_status_url_and_last_output_lines()
    {
        var run = TaskFixture.Run("Failed");
        _fixture.ProjectClient.Setup(p => p.WaitForRunAsync(TaskFixture.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DominoRunFailedException("Run failed.", run, TaskFixture.RunUrl, ["Traceback (most recent call last):", "ValueError: bad input"]));
        var task = _fixture.Create<DominoWaitForRun>(t => t.RunId = TaskFixture.RunId);

        Assert.False(task.Execute());

        var error = _fixture.Engine.SingleError;
        Assert.Equal("DOM008", error.Code);
        Assert.Contains(TaskFixture.RunId, error.Message);
        Assert.Contains("Failed", error.Message);
        Assert.Contains(TaskFixture.RunUrl.ToString(), error.Message);
        Assert.Contains("ValueError: bad input", error.Message);
        Assert.Contains("Traceback", error.Message);
        _fixture.Engine.Mock.Verify(e => e.Reacquire(), Times.Once);
    }

    [Fact]
    public void ContinueOnRunFailure_turns_a_failed_run_into_warning_DOM021()
    {
        _fixture.ProjectClient.Setup(p => p.WaitForRunAsync(TaskFixture.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DominoRunFailedException("Run failed.", TaskFixture.Run("Error"), TaskFixture.RunUrl, []));
        var task = _fixture.Create<DominoWaitForRun>(t => { t.RunId = TaskFixture.RunId; t.ContinueOnRunFailure = "true"; });

        Assert.True(task.Execute());

        Assert.Empty(_fixture.Engine.Errors);
        var warning = Assert.Single(_fixture.Engine.Warnings);
        Assert.Equal("DOM021", warning.Code);
        Assert.Contains("Error", warning.Message);
        Assert.Equal("Error", task.Status);
        Assert.False(task.Succeeded);
    }

    [Fact]
    public void A_timeout_is_DOM009_and_says_it_is_not_a_cancellation()
    {
        _fixture.ProjectClient.Setup(p => p.WaitForRunAsync(TaskFixture.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DominoWaitTimeoutException("Timed out.", TaskFixture.Run("Running"), TaskFixture.RunUrl, TimeSpan.FromMinutes(5)));
        var task = _fixture.Create<DominoWaitForRun>(t => { t.RunId = TaskFixture.RunId; t.Timeout = "300"; });

        Assert.False(task.Execute());

        var error = _fixture.Engine.SingleError;
        Assert.Equal("DOM009", error.Code);
        Assert.Contains("not a cancellation", error.Message);
        Assert.Contains("Running", error.Message);
        Assert.Contains("keeps going", error.Message);
        Assert.Contains(TaskFixture.RunUrl.ToString(), error.Message);
    }

    [Fact]
    public void A_failed_download_is_DOM011_listing_the_failed_files_and_keeping_what_was_written()
    {
        var report = new DominoDownloadReport
        {
            CommitId = TaskFixture.CommitId,
            Destination = "/d",
            Written = [new DominoDownloadedFile("a.txt", "/d/a.txt", new string('1', 40), 1)],
            Skipped = [],
            Failed = [new DominoDownloadFailure("b.txt", "size 3 expected, got 2")],
            ManifestPath = "/d/.domino-download.json",
        };
        _fixture.ProjectClient.Setup(p => p.DownloadResultsAsync(TaskFixture.RunId, It.IsAny<string>(), It.IsAny<DominoDownloadOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DominoDownloadException("1 of 2 files failed.", report));
        var task = _fixture.Create<DominoDownloadResults>(t => { t.RunId = TaskFixture.RunId; t.DestinationFolder = "/d"; });

        Assert.False(task.Execute());

        var error = _fixture.Engine.SingleError;
        Assert.Equal("DOM011", error.Code);
        Assert.Contains("b.txt: size 3 expected, got 2", error.Message);
        Assert.Equal("/d/a.txt", Assert.Single(task.DownloadedFiles).ItemSpec);
    }

    [Fact]
    public void Errors_point_at_the_task_in_the_project_file()
    {
        _fixture.ProjectClient.Setup(p => p.GetRunAsync(TaskFixture.RunId, It.IsAny<CancellationToken>())).ThrowsAsync(new DominoNotFoundException("404", "GET", "/p", 404, null));
        _fixture.Create<DominoGetRun>(t => t.RunId = TaskFixture.RunId).Execute();

        Assert.Equal("/src/App.csproj", _fixture.Engine.SingleError.File);
    }
}
