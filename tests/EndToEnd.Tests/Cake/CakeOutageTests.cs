using System.Diagnostics;
using System.Text.RegularExpressions;
using Domino.Emulator;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.Cake;

/// <summary>
/// The simplest Cake script against a Domino whose every status request gets a proxy's HTML 502 page, for good: it
/// says so at the normal verbosity within the first minute and exits by itself once MaxOutage is spent, naming 502,
/// the run and its page.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class CakeOutageTests
{
    private static readonly TimeSpan MaxOutage = TimeSpan.FromSeconds(40);

    private static readonly Regex StartedRun = new(@"Started run (?<id>[0-9a-f]{24})", RegexOptions.Compiled);

    [Fact]
    public async Task A_Domino_answering_502_to_every_status_poll_is_a_warning_at_once_then_a_failure_naming_502_the_run_and_its_page()
    {
        // Given a proxy that answers its 502 page to every status request of either API, from now on
        await using var emulator = await EmulatorFixture.StartAsync();
        foreach (var route in OutageFault.StatusRoutes)
        {
            emulator.Emulator.Faults.AddForever("GET", route, OutageFault.BadGateway);
        }

        using var script = new CakeScript($$"""
            #addin nuget:?package=Cake.Domino
            Task("Train").Does(() => {
                DominoWaitForRun(DominoStartRun(new DominoStartRunSettings { Command = new[] { "main.py", "foo", "1" } }),
                    new DominoWaitSettings { MaxOutage = TimeSpan.FromSeconds({{MaxOutage.TotalSeconds}}) });
                Information("NOT REACHED");
            });
            RunTarget("Train");
            """);

        // When the script runs at the normal verbosity
        using var runner = script.Start(emulator.Environment, verbosity: "normal");
        await runner.WaitForOutputAsync(StartedRun, TimeSpan.FromMinutes(3));
        var started = Stopwatch.StartNew();
        var warning = await runner.WaitForOutputAsync(OutageFault.Warning, TimeSpan.FromMinutes(2));
        var warnedAfter = started.Elapsed;
        var failedYet = runner.StandardErrorSoFar;
        var result = await runner.WaitAsync(TimeSpan.FromMinutes(2));
        var endedAfterWarning = started.Elapsed - warnedAfter;

        // Then the warning came in the first minute, before any failure, naming the status and the server's words
        var runId = StartedRun.Match(result.StandardOutput).Groups["id"].Value;
        Assert.True(warnedAfter < TimeSpan.FromMinutes(1), $"warned after {warnedAfter}\n{result}");
        Assert.DoesNotContain("Domino answered", failedYet, StringComparison.Ordinal);
        Assert.Equal(runId, warning.Groups["run"].Value);

        // And the script exited non-zero by itself within MaxOutage (plus a margin), naming 502, the run and its page
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.True(endedAfterWarning < MaxOutage + TimeSpan.FromSeconds(20), $"ended {endedAfterWarning} after the warning\n{result}");
        var error = result.StandardError;
        Assert.Contains("Domino answered 502 Bad Gateway", error, StringComparison.Ordinal);
        Assert.Contains($"for run {runId}", error, StringComparison.Ordinal);
        Assert.Contains($"MaxOutage is {MaxOutage.TotalSeconds} s", error, StringComparison.Ordinal);
        Assert.Contains($"The run itself may still be going: see {emulator.Host}/{EmulatorFixture.Owner}/{EmulatorFixture.ProjectName}#r/{runId}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT REACHED", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(emulator.ApiKey, result.AllOutput, StringComparison.Ordinal);
    }
}
