using System.Text.RegularExpressions;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.Cake;

/// <summary>Ctrl-C's exit code as docs/cake.md gives it: 1 from the runner, 130 for a script that passes the alias's code on.</summary>
[Trait("Category", "EndToEnd")]
public sealed class CakeCancelTests
{
    private static readonly Regex StartedRun = new(@"Started run (?<id>[0-9a-f]{24})", RegexOptions.Compiled);

    [Fact]
    public async Task A_script_that_passes_the_aliases_exit_code_on_exits_130_after_Ctrl_C_and_the_run_is_stopped()
    {
        // Given a slow run, and the script of docs/cake.md that turns the cancelled alias's ExitCode into the process's
        await using var emulator = await EmulatorFixture.StartAsync(EmulatorFixture.SlowRunFiles);
        using var script = new CakeScript("""
            #addin nuget:?package=Cake.Domino
            Task("Train").Does(() => {
                DominoWaitForRun(DominoStartRun(new DominoStartRunSettings { Command = new[] { "slow.py" } }));
            });
            try { RunTarget("Train"); }
            catch (Exception ex) when (ex.InnerException is CakeException { ExitCode: 130 }) { Environment.Exit(130); }
            """);
        using var runner = script.Start(emulator.Environment, verbosity: "normal");

        // When Ctrl-C comes during the wait
        await runner.WaitForOutputAsync(new Regex(@"tick \d+"), TimeSpan.FromMinutes(3));
        var runId = StartedRun.Match(runner.StandardOutputSoFar).Groups["id"].Value;
        runner.Interrupt();
        var result = await runner.WaitAsync(TimeSpan.FromSeconds(60));

        // Then the run was stopped and the process exits 130
        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Equal("Stopped", await emulator.WaitForTerminalStatusAsync(runId, TimeSpan.FromSeconds(30)));
    }
}
