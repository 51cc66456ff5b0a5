using Domino.Client;
using Domino.Client.Ci;
using Moq;

namespace Cake.Domino.Tests;

/// <summary>The add-in hands the core the CI system Cake's own build-system providers detect, and the CiIntegration setting.</summary>
public sealed class CiIntegrationTests : IDisposable
{
    private readonly FakeCakeContext _context = new();

    public void Dispose() => _context.Dispose();

    [Theory]
    [InlineData("GITHUB_ACTIONS", "true", DominoCiSystem.GitHubActions)]
    [InlineData("TEAMCITY_VERSION", "2025.07", DominoCiSystem.TeamCity)]
    [InlineData("CI", "true", DominoCiSystem.None)]
    public void The_client_is_told_the_CI_system_Cake_detects(string variable, string value, DominoCiSystem expected)
    {
        _context.Variables[variable] = value;
        Runs.SetupStart(_context);

        _context.DominoStartRun(s => s.WithCommand("main.py"));

        Assert.Equal(expected, _context.LastOptions.CiSystem);
        Assert.Equal(DominoCiIntegration.Auto, _context.LastOptions.CiIntegration);
    }

    [Fact]
    public void On_GitLab_CI_the_client_is_told_so()
    {
        // What a GitLab runner sets: Cake's provider looks at CI_SERVER.
        _context.Variables["GITLAB_CI"] = "true";
        _context.Variables["CI_SERVER"] = "yes";
        Runs.SetupStart(_context);

        _context.DominoStartRun(s => s.WithCommand("main.py"));

        Assert.Equal(DominoCiSystem.GitLab, _context.LastOptions.CiSystem);
    }

    [Fact]
    public void On_Azure_Pipelines_the_client_is_told_so()
    {
        // What an agent sets: Cake's provider looks at these.
        _context.Variables["TF_BUILD"] = "True";
        _context.Variables["SYSTEM_TEAMFOUNDATIONCOLLECTIONURI"] = "https://dev.azure.com/contoso/";
        _context.Variables["AGENT_NAME"] = "Hosted Agent";
        Runs.SetupStart(_context);

        _context.DominoStartRun(s => s.WithCommand("main.py"));

        Assert.Equal(DominoCiSystem.AzurePipelines, _context.LastOptions.CiSystem);
    }

    [Fact]
    public void CiIntegration_Off_in_the_settings_reaches_the_client()
    {
        _context.Variables["GITHUB_ACTIONS"] = "true";
        Runs.SetupStart(_context);

        _context.DominoStartRun(s => s.WithCommand("main.py").WithCiIntegration(DominoCiIntegration.Off));

        Assert.Equal(DominoCiIntegration.Off, _context.LastOptions.CiIntegration);
    }

    [Fact]
    public void A_run_started_with_CiIntegration_Off_is_waited_for_with_it_off()
    {
        Runs.SetupStart(_context);
        var started = _context.DominoStartRun(s => s.WithCommand("main.py").WithCiIntegration(DominoCiIntegration.Off));
        _context.Project.Setup(p => p.WaitForRunAsync(started.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DominoRun { Id = started.RunId, Status = DominoRunStatus.Succeeded });

        _context.DominoWaitForRun(started);

        Assert.Equal(DominoCiIntegration.Off, _context.LastOptions.CiIntegration);
    }
}
