using Domino.Client;
using Moq;

namespace Domino.Cli.Tests;

/// <summary>Each way a command can end has its exit code, and the error reaches stderr (and the JSON object).</summary>
public sealed class ExitCodeTests
{
    private static readonly Uri Url = new("https://domino.example.com/alice/quick#r/" + CliHarness.RunId);

    public static TheoryData<Exception, int, string> CoreExceptions => new()
    {
        { new DominoRunFailedException("failed", CliHarness.Run("Failed"), Url, []), 1, "runFailed" },
        { new DominoWaitTimeoutException("late", CliHarness.Run("Running"), Url, TimeSpan.FromMinutes(5)), 124, "timeout" },
        { new DominoConfigurationException("no host"), 3, "configuration" },
        { new DominoUnauthorizedException("401", "GET", "/v1/x", 401, null), 4, "refused" },
        { new DominoNotFoundException("404", "GET", "/v1/x", 404, null), 4, "refused" },
        { new DominoBadRequestException("400", "POST", "/v1/x", 400, null), 4, "refused" },
        { new DominoConflictException("409", "GET", "/v1/x", 409, null), 4, "refused" },
        { new DominoServerException("502", "GET", "/v1/x", 502, null), 5, "unreachable" },
        { new DominoConnectionException("refused", "GET", "/v1/x", null), 5, "unreachable" },
        { new DominoDownloadException("2 files failed"), 1, "failed" },
        { new DominoRunMayHaveStartedException("lost", "POST", "/v1/x", null, null, null), 1, "failed" },
        { new ArgumentException("The run id 'x' is not valid"), 2, "usage" },
    };

    [Theory]
    [MemberData(nameof(CoreExceptions))]
    public void Core_exception_maps_to_its_documented_exit_code(Exception exception, int code, string kind)
    {
        Assert.Equal((code, kind), ExitCodes.For(exception));
    }

    [Theory]
    [MemberData(nameof(CoreExceptions))]
    public async Task Command_failing_with_a_core_exception_exits_with_its_code_and_says_why_on_stderr(Exception exception, int code, string kind)
    {
        var cli = new CliHarness();
        cli.Project.Setup(p => p.GetRunAsync(CliHarness.RunId, It.IsAny<CancellationToken>())).ThrowsAsync(exception);

        var exit = await cli.RunAsync("status", CliHarness.RunId, "--output", "json");

        Assert.Equal(code, exit);
        Assert.Contains("error: " + exception.Message, cli.Error.ToString());
        var json = cli.OutputJson();
        Assert.Equal(code, json.GetProperty("exitCode").GetInt32());
        Assert.Equal(kind, json.GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Failed_run_exits_1_with_its_last_output_lines_on_stderr_and_in_the_json()
    {
        var cli = new CliHarness();
        cli.StartReturns();
        var lines = new[] { "loading data", "ERROR: column 'label' is missing" };
        cli.Project.Setup(p => p.WaitForRunAsync(CliHarness.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DominoRunFailedException("Run ended Failed.\nLast 2 line(s) of its output:\n  loading data\n  ERROR: column 'label' is missing", CliHarness.Run("Failed"), Url, lines));

        var exit = await cli.RunAsync("run", "--wait", "-o", "json", "--", "fail.py");

        Assert.Equal(1, exit);
        Assert.Contains("  ERROR: column 'label' is missing", cli.Error.ToString());
        var json = cli.OutputJson();
        Assert.Equal("Failed", json.GetProperty("status").GetString());
        Assert.False(json.GetProperty("succeeded").GetBoolean());
        Assert.Equal(lines, json.GetProperty("error").GetProperty("lastOutputLines").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Timeout_is_given_to_the_core_wait_and_its_passing_exits_124()
    {
        var cli = new CliHarness();
        cli.StartReturns();
        DominoWaitOptions? given = null;
        cli.Project.Setup(p => p.WaitForRunAsync(CliHarness.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .Callback((string _, DominoWaitOptions? o, CancellationToken _) => given = o)
            .ThrowsAsync(new DominoWaitTimeoutException("did not finish within 1:30", CliHarness.Run("Running"), Url, TimeSpan.FromSeconds(90)));

        var exit = await cli.RunAsync("run", "--wait", "--timeout", "90s", "--", "main.py");

        Assert.Equal(124, exit);
        Assert.Equal(TimeSpan.FromSeconds(90), given?.Timeout);
        Assert.Contains("did not finish within 1:30", cli.Error.ToString());
    }

    [Fact]
    public async Task Ctrl_c_while_waiting_cancels_the_core_wait_and_exits_130()
    {
        var cli = new CliHarness();
        cli.StartReturns();
        var stopOnCancel = false;
        cli.Project.Setup(p => p.WaitForRunAsync(CliHarness.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, DominoWaitOptions? options, CancellationToken token) =>
            {
                stopOnCancel = options?.StopOnCancel ?? true;
                Assert.True(cli.CancelSignal.Press());
                await Task.Delay(Timeout.Infinite, token);
                return CliHarness.Run("Running");
            });

        var exit = await cli.RunAsync("run", "--wait", "--", "main.py");

        Assert.Equal(130, exit);
        Assert.True(stopOnCancel);
        Assert.Contains("Cancelling (press Ctrl-C again to quit at once)", cli.Error.ToString());
    }

    [Fact]
    public async Task Second_ctrl_c_is_not_handled_so_the_process_ends_at_once()
    {
        var cli = new CliHarness();
        cli.StartReturns();
        var second = true;
        cli.Project.Setup(p => p.WaitForRunAsync(CliHarness.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, DominoWaitOptions? _, CancellationToken token) =>
            {
                cli.CancelSignal.Press();
                second = cli.CancelSignal.Press();
                await Task.Delay(Timeout.Infinite, token);
                return CliHarness.Run("Running");
            });

        await cli.RunAsync("run", "--wait", "--", "main.py");

        Assert.False(second);
    }

    [Fact]
    public async Task Logs_follow_does_not_stop_the_run_on_ctrl_c_nor_fail_on_its_outcome()
    {
        var cli = new CliHarness();
        DominoWaitOptions? given = null;
        cli.Project.Setup(p => p.WaitForRunAsync(CliHarness.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .Callback((string _, DominoWaitOptions? o, CancellationToken _) => given = o)
            .ReturnsAsync(CliHarness.Run("Failed"));

        var exit = await cli.RunAsync("logs", CliHarness.RunId, "--follow");

        Assert.Equal(0, exit);
        Assert.False(given!.StopOnCancel);
        Assert.False(given.ThrowOnFailure);
    }
}
