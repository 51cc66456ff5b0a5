using Domino.Client;
using Moq;

namespace Domino.Cli.Tests;

/// <summary>A bad command line exits 2, names what was wrong and shows the right form, and sends nothing.</summary>
public sealed class UsageTests
{
    [Fact]
    public async Task Unknown_option_before_the_double_dash_exits_2_naming_it_and_connects_nowhere()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("run", "--wiat", "--", "main.py");

        Assert.Equal(2, code);
        Assert.Contains("Unrecognized option '--wiat'", cli.Error.ToString());
        Assert.Contains(" run <COMMAND>... [options]", cli.Error.ToString()); // The right form, under "Usage:".
        Assert.Empty(cli.ClientOptions);
        Assert.Equal(string.Empty, cli.Out.ToString());
    }

    [Fact]
    public async Task Words_after_the_double_dash_are_the_runs_command_even_when_they_look_like_options()
    {
        var cli = new CliHarness();
        cli.StartReturns();

        var code = await cli.RunAsync("run", "--", "main.py", "--epochs", "3", "-v");

        Assert.Equal(0, code);
        cli.Project.Verify(p => p.StartRunAsync(
            It.Is<DominoStartRunRequest>(r => r.Command.SequenceEqual(new[] { "main.py", "--epochs", "3", "-v" })), It.IsAny<CancellationToken>()));
        Assert.Equal(CliHarness.RunId, cli.Out.ToString().Trim());
    }

    [Theory]
    [InlineData("RUN_ID '123' is not a run id", "wait", "123")]
    [InlineData("--timeout '5 minutes' is not a duration", "wait", CliHarness.RunId, "--timeout", "5 minutes")]
    [InlineData("--project 'alice' is not valid: give it as owner/name", "status", CliHarness.RunId, "--project", "alice")]
    [InlineData("--limit 0 is not valid", "runs", "--limit", "0")]
    [InlineData("neither a run id", "files", "results")]
    [InlineData("Argument 'yaml' not recognized", "runs", "--output", "yaml")]
    [InlineData("Required argument missing", "run", "--wait")]
    [InlineData("--max-parallelism '0' is not a number of files from 1 to 64.", "download", CliHarness.CommitId, "out", "--max-parallelism", "0")]
    [InlineData("--max-parallelism '65' is not a number of files from 1 to 64.", "download", CliHarness.CommitId, "out", "--max-parallelism", "65")]
    [InlineData("--max-parallelism 'eight' is not a number of files from 1 to 64.", "run", "--download", "out", "--max-parallelism", "eight", "--", "main.py")]
    public async Task Bad_value_exits_2_naming_it_and_connects_nowhere(string expected, params string[] args)
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, cli.Error.ToString());
        Assert.Contains("Usage:", cli.Error.ToString());
        Assert.Empty(cli.ClientOptions);
    }

    [Fact]
    public async Task Api_key_env_given_something_that_is_no_variable_name_exits_2_without_echoing_it()
    {
        var cli = new CliHarness();
        const string Key = "sk-live/abc+def==";

        var code = await cli.RunAsync("runs", "--api-key-env", Key);

        Assert.Equal(2, code);
        Assert.Contains("--api-key-env takes the NAME of an environment variable", cli.Error.ToString());
        Assert.DoesNotContain(Key, cli.Error.ToString() + cli.Out.ToString());
    }

    [Fact]
    public async Task Token_file_and_api_key_env_together_exit_2()
    {
        var cli = new CliHarness();
        cli.Environment["MY_KEY"] = "k";

        var code = await cli.RunAsync("runs", "--token-file", "t.txt", "--api-key-env", "MY_KEY");

        Assert.Equal(2, code);
        Assert.Contains("give one of them", cli.Error.ToString());
        Assert.Empty(cli.ClientOptions);
    }

    [Fact]
    public async Task Usage_error_with_output_json_prints_one_object_of_kind_usage_on_stdout()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("wait", "nope", "--output", "json");

        Assert.Equal(2, code);
        var json = cli.OutputJson();
        Assert.Equal(2, json.GetProperty("exitCode").GetInt32());
        Assert.Equal("usage", json.GetProperty("error").GetProperty("kind").GetString());
        Assert.Contains("RUN_ID 'nope'", json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Help_exits_0_and_lists_every_command()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("--help");

        Assert.Equal(0, code);
        foreach (var command in new[] { "run", "wait", "logs", "stop", "status", "runs", "files", "download", "upload" })
        {
            Assert.Matches($@"(?m)^\s+{command}\b", cli.Out.ToString());
        }
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("45m", 2700)]
    [InlineData("2h", 7200)]
    [InlineData("1h30m", 5400)]
    [InlineData("01:30:00", 5400)]
    [InlineData("1.5s", 1.5)]
    public void Durations_read_the_forms_people_type(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("0s")]
    [InlineData("-5m")]
    [InlineData("5 m")]
    [InlineData("m5")]
    public void Durations_refuse_what_is_not_a_positive_duration(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }
}
