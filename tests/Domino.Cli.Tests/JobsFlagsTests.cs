using Domino.Client;
using Moq;

namespace Domino.Cli.Tests;

/// <summary>The Jobs-API flags and commands map onto the core's request and listings.</summary>
public sealed class JobsFlagsTests
{
    [Fact]
    public async Task Environment_and_branch_flags_reach_the_start_request_and_api_the_options()
    {
        var cli = new CliHarness();
        cli.StartReturns();

        var code = await cli.RunAsync("run", "--environment", "5a4cf8a3e4b0a0cbbd9f8c33", "--branch", "feature/x", "--api", "v4", "--", "main.py");

        Assert.Equal(0, code);
        cli.Project.Verify(p => p.StartRunAsync(
            It.Is<DominoStartRunRequest>(r => r.EnvironmentId == "5a4cf8a3e4b0a0cbbd9f8c33" && r.Branch == "feature/x"), It.IsAny<CancellationToken>()));
        Assert.Equal(DominoApiMode.V4, cli.ClientOptions.Single().Api);
    }

    [Fact]
    public async Task Unknown_api_mode_exits_2()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("runs", "--api", "v3");

        Assert.Equal(2, code);
        Assert.Empty(cli.ClientOptions);
    }

    [Fact]
    public async Task Tiers_prints_a_table_with_the_default_marked()
    {
        var cli = new CliHarness();
        cli.Project.Setup(p => p.ListHardwareTiersAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync([new DominoHardwareTier("small-k8s", "Small", true), new DominoHardwareTier("large-k8s", "Large", false)]);

        var code = await cli.RunAsync("tiers");

        Assert.Equal(0, code);
        Assert.Equal(["ID         NAME   DEFAULT", "small-k8s  Small  yes", "large-k8s  Large"], cli.Out.ToString().TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public async Task Environments_in_json_lists_each_environment()
    {
        var cli = new CliHarness();
        cli.Project.Setup(p => p.ListEnvironmentsAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync([new DominoEnvironment("5a4cf8a3e4b0a0cbbd9f8c33", "Python 3.11", "Global", "python:3.11")]);

        await cli.RunAsync("environments", "-o", "json");

        var environment = cli.OutputJson().GetProperty("environments")[0];
        Assert.Equal("Python 3.11", environment.GetProperty("name").GetString());
        Assert.Equal("python:3.11", environment.GetProperty("dockerImage").GetString());
    }
}
