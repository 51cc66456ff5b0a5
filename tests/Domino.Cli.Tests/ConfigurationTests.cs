using Moq;

namespace Domino.Cli.Tests;

/// <summary>Flags first, then the same environment variables as the other front ends; a missing value exits 3 and sends nothing.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task Missing_host_exits_3_naming_the_flag_and_the_variable()
    {
        var cli = new CliHarness { RealClient = true };
        cli.Environment.Remove("DOMINO_API_HOST");

        var code = await cli.RunAsync("runs");

        Assert.Equal(3, code);
        Assert.Contains("DOMINO_API_HOST", cli.Error.ToString());
    }

    [Fact]
    public async Task Missing_key_exits_3_naming_the_variable()
    {
        var cli = new CliHarness { RealClient = true };
        cli.Environment.Remove("DOMINO_USER_API_KEY");

        var code = await cli.RunAsync("status", CliHarness.RunId);

        Assert.Equal(3, code);
        Assert.Contains("DOMINO_USER_API_KEY", cli.Error.ToString());
    }

    [Fact]
    public async Task Api_key_env_naming_an_unset_variable_exits_3_naming_it()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("runs", "--api-key-env", "CI_DOMINO_KEY");

        Assert.Equal(3, code);
        Assert.Contains("The environment variable CI_DOMINO_KEY (named by --api-key-env) is not set", cli.Error.ToString());
        Assert.Empty(cli.ClientOptions);
    }

    [Fact]
    public async Task Api_key_env_takes_the_key_from_the_named_variable()
    {
        var cli = new CliHarness();
        cli.Environment["CI_DOMINO_KEY"] = "ci-key-42";
        cli.Project.Setup(p => p.ListRunsAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);

        var code = await cli.RunAsync("runs", "--api-key-env", "CI_DOMINO_KEY");

        Assert.Equal(0, code);
        Assert.Equal("ci-key-42", cli.ClientOptions.Single().ApiKey);
    }

    [Fact]
    public async Task Flags_are_given_to_the_core_and_what_is_left_out_is_read_from_the_environment()
    {
        var cli = new CliHarness { CurrentDirectory = "/work/here" };
        cli.Project.Setup(p => p.ListRunsAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);

        await cli.RunAsync("runs", "--host", "https://other.example.com", "--token-file", "token.txt", "--project", "bob/model");

        var options = cli.ClientOptions.Single();
        Assert.Equal("https://other.example.com", options.Host);
        Assert.Equal(Path.GetFullPath("/work/here/token.txt"), options.TokenFile);
        Assert.Null(options.ApiKey);
        Assert.Equal("https://domino.example.com", options.Environment.GetVariable("DOMINO_API_HOST"));
        cli.Client.Verify(c => c.GetProjectClient("bob/model"));
    }

    [Fact]
    public async Task Without_project_flag_the_core_resolves_it_from_the_environment()
    {
        var cli = new CliHarness();
        cli.Project.Setup(p => p.ListRunsAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);

        await cli.RunAsync("runs");

        cli.Client.Verify(c => c.GetProjectClient(null));
    }
}
