using System.Text.RegularExpressions;
using EndToEnd.Tests.Cake;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.Samples;

/// <summary>samples/cake/build.cake, as the demo runs it, through the real Cake runner and the packed add-in.</summary>
[Trait("Category", "EndToEnd")]
public sealed class CakeSampleTests
{
    [Fact]
    public async Task The_sample_gives_one_duration_for_its_run_in_the_waits_line_and_in_its_summary()
    {
        // Given the sample script as it is in the repository
        await using var emulator = await EmulatorFixture.StartAsync();
        using var script = new CakeScript(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "samples", "cake", "build.cake")));

        // When it runs at the normal verbosity
        var result = await script.RunAsync(emulator.Environment, verbosity: "normal");

        // Then the wait's end and the sample's summary give the same figure for the run, and no other figure is given for it
        Assert.True(result.ExitCode == 0, result.ToString());
        var waited = Regex.Match(result.StandardOutput, @"Run (?<run>[0-9a-f]{24}) succeeded \((?<took>[^)]+)\)\.");
        Assert.True(waited.Success, result.ToString());
        var runId = waited.Groups["run"].Value;
        var summary = Regex.Match(result.StandardOutput, $@"Run {runId} Succeeded in (?<took>[^:]+): ");
        Assert.True(summary.Success, result.ToString());
        Assert.Equal(waited.Groups["took"].Value, summary.Groups["took"].Value);
        Assert.Contains($"Run {runId}: Running -> Succeeded\n", result.StandardOutput.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
