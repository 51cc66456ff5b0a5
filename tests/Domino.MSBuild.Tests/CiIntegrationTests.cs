using Domino.Client;
using Domino.Client.Ci;
using Microsoft.Build.Utilities;
using Moq;

namespace Domino.MSBuild.Tests;

/// <summary>The tasks hand the core their CiIntegration parameter and the CI variables of the build's environment.</summary>
public sealed class CiIntegrationTests
{
    private readonly TaskFixture _fixture = new();

    [Theory]
    [InlineData(null, DominoCiIntegration.Auto)]
    [InlineData("off", DominoCiIntegration.Off)]
    [InlineData(" Auto ", DominoCiIntegration.Auto)]
    public void CiIntegration_reaches_the_client(string? value, DominoCiIntegration expected)
    {
        SetupWait();
        var task = _fixture.Create<DominoWaitForRun>(t => { t.RunId = TaskFixture.RunId; t.CiIntegration = value; });

        Assert.True(task.Execute(), string.Join("\n", _fixture.Engine.Errors.Select(e => e.Message)));

        Assert.Equal(expected, _fixture.Options!.CiIntegration);
    }

    [Fact]
    public void A_CiIntegration_that_is_neither_Auto_nor_Off_is_DOM002_naming_the_property()
    {
        var task = _fixture.Create<DominoWaitForRun>(t => { t.RunId = TaskFixture.RunId; t.CiIntegration = "sometimes"; });

        Assert.False(task.Execute());

        var error = Assert.Single(_fixture.Engine.Errors);
        Assert.Equal("DOM002", error.Code);
        Assert.Contains("CiIntegration 'sometimes'", error.Message, StringComparison.Ordinal);
        Assert.Contains("DominoCiIntegration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_CI_variables_of_the_build_environment_reach_the_client()
    {
        SetupWait();
        _fixture.Environment["GITHUB_ACTIONS"] = "true";
        _fixture.Environment["GITHUB_OUTPUT"] = "/runner/temp/github-output";
        _fixture.Environment["GITHUB_STEP_SUMMARY"] = "/runner/temp/step-summary";
        var task = _fixture.Create<DominoWaitForRun>(t => t.RunId = TaskFixture.RunId);

        Assert.True(task.Execute());

        var environment = _fixture.Options!.Environment;
        Assert.Equal(DominoCiSystem.GitHubActions, DominoCiDetection.Detect(environment));
        Assert.Equal("/runner/temp/github-output", environment.GetVariable("GITHUB_OUTPUT"));
        Assert.Equal("/runner/temp/step-summary", environment.GetVariable("GITHUB_STEP_SUMMARY"));
    }

    private void SetupWait() =>
        _fixture.ProjectClient.Setup(p => p.WaitForRunAsync(TaskFixture.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DominoRun { Id = TaskFixture.RunId, Status = DominoRunStatus.Succeeded, OutputCommitId = TaskFixture.CommitId });
}
