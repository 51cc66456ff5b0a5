using System.Diagnostics;
using System.Text.RegularExpressions;
using EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EndToEnd.Tests.MSBuild;

/// <summary>
/// The simplest MSBuild use, the DominoRun target, against a Domino whose every status request gets a proxy's HTML
/// 502 page, for good: warning DOM020 at the default verbosity within the first minute, then error DOM015 once
/// DominoMaxOutage is spent, naming 502, the run and its page.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(MSBuildEndToEndGroup.Name)]
public sealed class MSBuildOutageTests(MSBuildPackageFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan MaxOutage = TimeSpan.FromSeconds(40);

    private static readonly Regex StartedRun = new(@"Domino: started run (?<run>[0-9a-f]{24})", RegexOptions.Compiled);

    [Fact]
    public async Task A_Domino_answering_502_to_every_status_poll_is_DOM020_at_once_then_DOM015_naming_502_the_run_and_its_page()
    {
        // Given the DominoRun target with a short outage budget, and a proxy answering its 502 page to every status request
        var folder = fixture.CreateConsumer("outage", $"""
              <PropertyGroup>
                <DominoProject>alice/quick</DominoProject>
                <DominoCommand>main.py</DominoCommand>
                <DominoMaxOutage>{MaxOutage.TotalSeconds}</DominoMaxOutage>
              </PropertyGroup>
            """);
        foreach (var route in OutageFault.StatusRoutes)
        {
            fixture.Emulator.Faults.AddForever("GET", route, OutageFault.BadGateway);
        }

        ProcessResult result;
        var clock = Stopwatch.StartNew();
        TimeSpan? startedAt = null;
        TimeSpan? warnedAt = null;
        try
        {
            // When the target runs at the default verbosity
            result = await fixture.BuildAsync(
                folder,
                (line, _) =>
                {
                    if (startedAt is null && StartedRun.IsMatch(line))
                    {
                        startedAt = clock.Elapsed;
                    }

                    if (warnedAt is null && line.Contains("warning DOM020", StringComparison.Ordinal) && OutageFault.Warning.IsMatch(line))
                    {
                        warnedAt = clock.Elapsed;
                    }
                },
                "-t:DominoRun");
        }
        finally
        {
            fixture.Emulator.Faults.Clear();
        }

        var ended = clock.Elapsed;
        output.WriteLine($"dotnet build -t:DominoRun (outage): exit {result.ExitCode} after {result.Elapsed.TotalSeconds:0.0} s; started at {startedAt}, warned at {warnedAt}");

        // Then the warning came in the first minute, before the error
        var all = result.AllOutput;
        Assert.True(startedAt is not null && warnedAt is not null, all);
        Assert.True(warnedAt - startedAt < TimeSpan.FromMinutes(1), $"warned {warnedAt - startedAt} after the start\n{all}");
        var warning = all.IndexOf("warning DOM020", StringComparison.Ordinal);
        var error = all.IndexOf("error DOM015", StringComparison.Ordinal);
        Assert.True(warning >= 0 && error > warning, all);

        // And the build failed by itself within the budget (plus a margin), naming 502, the run and its page
        var runId = StartedRun.Match(all).Groups["run"].Value;
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(ended - warnedAt < MaxOutage + TimeSpan.FromSeconds(20), $"ended {ended - warnedAt} after the warning\n{all}");
        var errorLine = all[error..].Split('\n')[0];
        Assert.Contains("Domino answered 502 Bad Gateway", errorLine, StringComparison.Ordinal);
        Assert.Contains($"for run {runId}", errorLine, StringComparison.Ordinal);
        Assert.Contains($"#r/{runId}", errorLine, StringComparison.Ordinal);
        Assert.Contains(fixture.Host.ToString().TrimEnd('/'), errorLine, StringComparison.Ordinal);
        Assert.DoesNotContain("MSB4018", all, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.ApiKey, all, StringComparison.Ordinal);
    }
}
