using Moq;

namespace Domino.Cli.Tests;

/// <summary>Flags first, then the same environment variables as the other front ends; a missing value exits 3 and sends nothing.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("DOMINO_API_HOST", "No Domino host is set: give --host (for example --host https://domino.example.com) or set the environment variable DOMINO_API_HOST.")]
    [InlineData("DOMINO_USER_API_KEY", "No Domino credentials are set: set the environment variable DOMINO_USER_API_KEY (an API key) or DOMINO_TOKEN_FILE (a file holding a token), or give --api-key-env NAME")]
    [InlineData("DOMINO_PROJECT_NAME", "No Domino project is set: give --project owner/name (for example --project alice/churn-model) or set the environment variables DOMINO_PROJECT_OWNER and DOMINO_PROJECT_NAME.")]
    public async Task Missing_setting_exits_3_naming_the_flag_and_the_variable_in_this_front_ends_words(string removed, string expected)
    {
        var cli = new CliHarness { RealClient = true };
        cli.Environment.Remove(removed);

        var code = await cli.RunAsync("status", CliHarness.RunId);

        Assert.Equal(3, code);
        Assert.Contains("error: " + expected, cli.Error.ToString());
        Assert.DoesNotContain("settings", cli.Error.ToString()); // The Cake add-in's words.
    }

    [Fact]
    public async Task Bad_host_flag_exits_2_naming_the_flag()
    {
        var cli = new CliHarness { RealClient = true };

        var code = await cli.RunAsync("status", CliHarness.RunId, "--host", "ftp://domino.example.com");

        Assert.Equal(2, code);
        Assert.Contains("error: The Domino host given by --host is not valid:", cli.Error.ToString());
    }

    [Fact]
    public async Task Bad_host_variable_exits_3_naming_the_variable()
    {
        var cli = new CliHarness { RealClient = true };
        cli.Environment["DOMINO_API_HOST"] = "domino.example.com";

        var code = await cli.RunAsync("status", CliHarness.RunId);

        Assert.Equal(3, code);
        Assert.Contains("error: The Domino host given by the environment variable DOMINO_API_HOST is not valid:", cli.Error.ToString());
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
        var cli = new CliHarness { CurrentDirectory = "/home/ci/here" };
        cli.Project.Setup(p => p.ListRunsAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);

        await cli.RunAsync("runs", "--host", "https://other.example.com", "--token-file", "token.txt", "--project", "bob/model");

        var options = cli.ClientOptions.Single();
        Assert.Equal("https://other.example.com", options.Host);
        Assert.Equal(Path.GetFullPath("/home/ci/here/token.txt"), options.TokenFile);
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
