using Domino.Client;
using Microsoft.Build.Utilities;
using Moq;

namespace Domino.MSBuild.Tests;

public class ParameterValidationTests
{
    private readonly TaskFixture _fixture = new();

    private void AssertCodedFailure(DominoTaskBase task, string code, string? contains = null)
    {
        var result = task.Execute();

        Assert.False(result);
        var error = _fixture.Engine.SingleError;
        Assert.Equal(code, error.Code);
        Assert.Equal("Domino", error.Subcategory);
        Assert.StartsWith("https://", error.HelpLink);
        Assert.EndsWith("#" + code.ToLowerInvariant(), error.HelpLink);
        if (contains is not null)
        {
            Assert.Contains(contains, error.Message);
        }

        // Nothing was asked of Domino.
        Assert.DoesNotContain(_fixture.ProjectClient.Invocations, i => i.Method.Name.EndsWith("Async"));
    }

    [Fact]
    public void StartRun_without_Command_logs_DOM002_and_sends_nothing() =>
        AssertCodedFailure(_fixture.Create<DominoStartRun>(), "DOM002", "command is empty (Command)");

    [Fact]
    public void StartRun_with_IsDirect_and_several_command_parts_logs_DOM002() =>
        AssertCodedFailure(
            _fixture.Create<DominoStartRun>(t => { t.Command = [new TaskItem("echo"), new TaskItem("hi")]; t.IsDirect = "true"; }),
            "DOM002",
            "IsDirect");

    [Theory]
    [InlineData("maybe")]
    [InlineData("1")]
    public void StartRun_with_a_malformed_boolean_logs_DOM002_naming_the_parameter(string value) =>
        AssertCodedFailure(
            _fixture.Create<DominoStartRun>(t => { t.Command = [new TaskItem("main.py")]; t.PublishApiEndpoint = value; }),
            "DOM002",
            "PublishApiEndpoint '" + value + "'");

    [Fact]
    public void StartRun_with_a_malformed_CommitId_logs_DOM002() =>
        AssertCodedFailure(
            _fixture.Create<DominoStartRun>(t => { t.Command = [new TaskItem("main.py")]; t.CommitId = "HEAD"; }),
            "DOM002",
            "CommitId 'HEAD'");

    [Theory]
    [InlineData(null, "RunId is empty")]
    [InlineData("", "RunId is empty")]
    [InlineData("553AF271E4B0364C0F717B24", "is not a Domino run id")]
    [InlineData("553af271", "is not a Domino run id")]
    public void WaitForRun_with_a_bad_RunId_logs_DOM002(string? runId, string expected) =>
        AssertCodedFailure(_fixture.Create<DominoWaitForRun>(t => t.RunId = runId), "DOM002", expected);

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("-00:01:00")]
    public void WaitForRun_with_a_bad_Timeout_logs_DOM002(string timeout) =>
        AssertCodedFailure(_fixture.Create<DominoWaitForRun>(t => { t.RunId = TaskFixture.RunId; t.Timeout = timeout; }), "DOM002", "Timeout '" + timeout + "'");

    [Fact]
    public void WaitForRun_with_an_in_progress_status_to_accept_logs_DOM002() =>
        AssertCodedFailure(
            _fixture.Create<DominoWaitForRun>(t => { t.RunId = TaskFixture.RunId; t.AcceptStatuses = "Stopped;Running"; }),
            "DOM002",
            "'Running'");

    [Fact]
    public void WaitForRun_with_MaxPollInterval_below_PollInterval_logs_DOM002() =>
        AssertCodedFailure(
            _fixture.Create<DominoWaitForRun>(t => { t.RunId = TaskFixture.RunId; t.PollInterval = "10"; t.MaxPollInterval = "5"; }),
            "DOM002",
            "MaxPollInterval");

    [Fact]
    public void DownloadResults_without_RunId_or_CommitId_logs_DOM002() =>
        AssertCodedFailure(_fixture.Create<DominoDownloadResults>(t => t.DestinationFolder = "out"), "DOM002", "both are empty");

    [Fact]
    public void DownloadResults_with_both_RunId_and_CommitId_logs_DOM002() =>
        AssertCodedFailure(
            _fixture.Create<DominoDownloadResults>(t => { t.RunId = TaskFixture.RunId; t.CommitId = TaskFixture.CommitId; t.DestinationFolder = "out"; }),
            "DOM002",
            "not both");

    [Fact]
    public void DownloadResults_without_DestinationFolder_logs_DOM002() =>
        AssertCodedFailure(_fixture.Create<DominoDownloadResults>(t => t.RunId = TaskFixture.RunId), "DOM002", "DestinationFolder is empty");

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("many")]
    public void DownloadResults_with_a_bad_MaxParallelism_logs_DOM002(string value) =>
        AssertCodedFailure(
            _fixture.Create<DominoDownloadResults>(t => { t.RunId = TaskFixture.RunId; t.DestinationFolder = "out"; t.MaxParallelism = value; }),
            "DOM002",
            "MaxParallelism");

    [Fact]
    public void DownloadResults_stripping_an_empty_RemotePath_logs_DOM002() =>
        AssertCodedFailure(
            _fixture.Create<DominoDownloadResults>(t => { t.RunId = TaskFixture.RunId; t.DestinationFolder = "out"; t.StripRemotePath = "true"; }),
            "DOM002",
            "StripRemotePath");

    [Theory]
    [InlineData("alice")]
    [InlineData("alice/quick/extra")]
    [InlineData("/quick")]
    public void A_malformed_Project_logs_DOM002(string project) =>
        AssertCodedFailure(_fixture.Create<DominoGetRun>(t => { t.RunId = TaskFixture.RunId; t.Project = project; }), "DOM002", "owner/name");

    [Fact]
    public void No_Project_and_none_in_the_environment_logs_DOM001() =>
        AssertCodedFailure(_fixture.Create<DominoGetRun>(t => { t.RunId = TaskFixture.RunId; t.Project = ""; }), "DOM001", "DOMINO_PROJECT_OWNER");

    [Fact]
    public void No_host_logs_DOM001_naming_DOMINO_API_HOST_and_Host()
    {
        _fixture.Environment.Remove("DOMINO_API_HOST");
        AssertCodedFailure(_fixture.Create<DominoGetRun>(t => t.RunId = TaskFixture.RunId), "DOM001", "DOMINO_API_HOST");
        Assert.Contains("Host parameter", _fixture.Engine.SingleError.Message);
    }

    [Fact]
    public void No_credentials_logs_DOM001_naming_both_variables()
    {
        _fixture.Environment.Remove("DOMINO_USER_API_KEY");
        AssertCodedFailure(_fixture.Create<DominoGetRun>(t => t.RunId = TaskFixture.RunId), "DOM001", "DOMINO_USER_API_KEY");
        Assert.Contains("DOMINO_TOKEN_FILE", _fixture.Engine.SingleError.Message);
    }

    [Fact]
    public void ApiKeyVariable_naming_an_unset_variable_logs_DOM001() =>
        AssertCodedFailure(
            _fixture.Create<DominoGetRun>(t => { t.RunId = TaskFixture.RunId; t.ApiKeyVariable = "CI_DOMINO_KEY"; }),
            "DOM001",
            "CI_DOMINO_KEY");

    [Fact]
    public void ApiKeyVariable_holding_something_that_is_not_a_name_logs_DOM002_without_echoing_it()
    {
        const string pasted = "abc-123/XYZ=";
        AssertCodedFailure(_fixture.Create<DominoGetRun>(t => { t.RunId = TaskFixture.RunId; t.ApiKeyVariable = pasted; }), "DOM002", "ApiKeyVariable");
        Assert.DoesNotContain(pasted, _fixture.Engine.SingleError.Message);
    }

    [Fact]
    public void Project_defaults_to_the_environment()
    {
        _fixture.Environment["DOMINO_PROJECT_OWNER"] = "bob";
        _fixture.Environment["DOMINO_PROJECT_NAME"] = "churn";
        _fixture.ProjectClient.Setup(p => p.GetRunAsync(TaskFixture.RunId, It.IsAny<CancellationToken>())).ReturnsAsync(TaskFixture.Run("Running"));
        var task = _fixture.Create<DominoGetRun>(t => { t.RunId = TaskFixture.RunId; t.Project = null; });

        Assert.True(task.Execute());
        Assert.Equal("bob/churn", _fixture.RequestedProject);
    }

    [Fact]
    public void ApiKeyVariable_reads_the_key_from_the_named_variable_as_an_explicit_key()
    {
        _fixture.Environment["CI_DOMINO_KEY"] = "other-key-value";
        _fixture.Environment["DOMINO_TOKEN_FILE"] = "token.txt";
        _fixture.ProjectClient.Setup(p => p.GetRunAsync(TaskFixture.RunId, It.IsAny<CancellationToken>())).ReturnsAsync(TaskFixture.Run("Running"));
        var task = _fixture.Create<DominoGetRun>(t => { t.RunId = TaskFixture.RunId; t.ApiKeyVariable = "CI_DOMINO_KEY"; });

        Assert.True(task.Execute());
        Assert.Equal("other-key-value", _fixture.Options!.ApiKey);
        Assert.Equal("other-key-value", _fixture.Options.Environment.GetVariable("DOMINO_USER_API_KEY"));
        // A relative token file is resolved against the current directory before the task yields.
        Assert.Equal(Path.GetFullPath("token.txt"), _fixture.Options.Environment.GetVariable("DOMINO_TOKEN_FILE"));
    }

    [Fact]
    public void Host_parameter_wins_over_the_environment()
    {
        _fixture.ProjectClient.Setup(p => p.GetRunAsync(TaskFixture.RunId, It.IsAny<CancellationToken>())).ReturnsAsync(TaskFixture.Run("Running"));
        var task = _fixture.Create<DominoGetRun>(t => { t.RunId = TaskFixture.RunId; t.Host = " https://other.example.com "; });

        Assert.True(task.Execute());
        Assert.Equal("https://other.example.com", _fixture.Options!.Host);
        Assert.StartsWith("Domino.MSBuild/", _fixture.Options.UserAgentSuffix);
    }
}
