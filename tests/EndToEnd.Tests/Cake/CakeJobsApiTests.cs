using System.Text.Json;
using System.Text.RegularExpressions;
using Domino.Emulator;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.Cake;

/// <summary>
/// The Cake add-in against today's Domino: the issue's script picks the hardware tier <c>large</c> of an emulator
/// started as with <c>--hardware-tier large</c>, through the v4 Jobs API and the path-based download, and the same
/// script works unchanged against an emulator that speaks only v1 (<c>--api v1</c>).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class CakeJobsApiTests
{
    /// <summary>The issue's script, character for character, in a task that prints what it downloaded.</summary>
    private const string TierScript = """
        #addin nuget:?package=Cake.Domino
        Task("Train").Does(() => {
            var run = DominoStartRun(new DominoStartRunSettings { Command = new[] { "main.py", "foo", "1" }, HardwareTier = "large" });
            var done = DominoWaitForRun(run);
            var files = DominoDownloadResults(done, "./out");
            Information("GOT=" + string.Join(";", files.Select(f => f.FullPath)));
        });
        RunTarget("Train");
        """;

    private const string StartV1Route = "/v1/projects/{owner}/{project}/runs";
    private const string StartV4Route = "/v4/jobs/start";
    private const string ContentRoute = "/api/projects/v1/projects/{projectId}/files/{commitId}/{path}/content";
    private const string BlobRoute = "/v1/projects/{owner}/{project}/blobs/{key}";

    private static readonly Regex StartedRun = new(@"Started run (?<id>[0-9a-f]{24})", RegexOptions.Compiled);

    private static readonly string[] ResultFiles = ["results/metrics.json", "results/summary.txt", "results/chart.svg"];

    [Fact]
    public async Task Tier_script_runs_on_the_large_tier_through_v4_and_downloads_by_path()
    {
        // Given an emulator with the tiers Small (the default) and large, speaking v4
        await using var emulator = await StartTierEmulatorAsync(EmulatorApiVersion.V4);
        using var script = new CakeScript(TierScript);

        // When the issue's script runs with only the DOMINO_* variables
        var result = await script.RunAsync(emulator.Environment, verbosity: "normal");

        // Then it succeeds, the log names the tier the job really got, one v4 start was sent and the files came by path
        Assert.True(result.ExitCode == 0, result.ToString());
        var runId = StartedRun.Match(result.StandardOutput).Groups["id"].Value;
        Assert.NotEmpty(runId);
        Assert.Contains($"Run {runId} runs on hardware tier 'large'", result.StandardOutput);
        Assert.Contains("has the v4 Jobs API", result.StandardOutput);
        Assert.Equal(1, emulator.Emulator.GetRequestCount("POST", StartV4Route));
        Assert.Equal(0, emulator.Emulator.GetRequestCount("POST", StartV1Route));
        Assert.Equal(ResultFiles.Length, emulator.Emulator.GetRequestCount("GET", ContentRoute));
        Assert.Equal(0, emulator.Emulator.GetRequestCount("GET", BlobRoute));
        Assert.Equal("large", await GetJsonStringAsync(emulator, $"v4/jobs/{runId}/runtimeExecutionDetails", "hardwareTier", "id"));
        AssertResultsLanded(script, result);
        Assert.DoesNotContain(emulator.ApiKey, result.AllOutput);
    }

    [Fact]
    public async Task Tier_script_works_unchanged_through_v1_against_a_Domino_without_v4()
    {
        // Given the same emulator as an older Domino: the v4 Jobs API answers 404 (v1 takes the tier by name)
        await using var emulator = await StartTierEmulatorAsync(EmulatorApiVersion.V1);
        using var script = new CakeScript(TierScript);

        // When the same script runs
        var result = await script.RunAsync(emulator.Environment, verbosity: "normal");

        // Then Auto falls back to v1: one v1 start, on the tier large, and blob downloads
        Assert.True(result.ExitCode == 0, result.ToString());
        var runId = StartedRun.Match(result.StandardOutput).Groups["id"].Value;
        Assert.NotEmpty(runId);
        Assert.Contains("has no v4 Jobs API", result.StandardOutput);
        Assert.Equal(1, emulator.Emulator.GetRequestCount("POST", StartV1Route));
        Assert.Equal(0, emulator.Emulator.GetRequestCount("POST", StartV4Route));
        Assert.Equal(ResultFiles.Length, emulator.Emulator.GetRequestCount("GET", BlobRoute));
        Assert.Equal(0, emulator.Emulator.GetRequestCount("GET", ContentRoute));
        Assert.Equal("large", await GetJsonStringAsync(emulator, $"v1/projects/{EmulatorFixture.Owner}/{EmulatorFixture.ProjectName}/runs/{runId}", "hardwareTierId"));
        AssertResultsLanded(script, result);
    }

    [Fact]
    public async Task DominoListHardwareTiers_prints_the_projects_tiers()
    {
        await using var emulator = await StartTierEmulatorAsync(EmulatorApiVersion.V4);
        using var script = new CakeScript("""
            #addin nuget:?package=Cake.Domino
            Task("Tiers").Does(() => {
                foreach (var tier in DominoListHardwareTiers())
                {
                    Information("TIER {0}|{1}|{2}", tier.Id, tier.Name, tier.IsDefault);
                }
            });
            RunTarget("Tiers");
            """);

        var result = await script.RunAsync(emulator.Environment, verbosity: "normal");

        Assert.True(result.ExitCode == 0, result.ToString());
        var tiers = Regex.Matches(result.StandardOutput, @"^TIER (?<tier>.*)$", RegexOptions.Multiline).Select(m => m.Groups["tier"].Value.TrimEnd()).ToArray();
        Assert.Equal(new[] { "small|Small|True", "large|large|False" }, tiers);
        Assert.Equal(0, emulator.Emulator.GetRequestCount("POST", StartV4Route));
    }

    private static void AssertResultsLanded(CakeScript script, ProcessResult result)
    {
        var got = Regex.Match(result.StandardOutput, "^GOT=(?<files>.*)$", RegexOptions.Multiline).Groups["files"].Value.Trim().Split(';');
        var expected = ResultFiles.Select(f => Path.Combine(script.Directory, "out", f)).Order(StringComparer.Ordinal);
        Assert.Equal(expected, got.Order(StringComparer.Ordinal));
        Assert.All(got, f => Assert.True(new FileInfo(f).Length > 0, f));
    }

    /// <summary>
    /// The emulator serving samples/project as alice/quick with the hardware tiers of <c>--hardware-tier large</c>
    /// (Small, the default, and large), speaking the given API generation.
    /// </summary>
    private static Task<EmulatorFixture> StartTierEmulatorAsync(EmulatorApiVersion api) =>
        EmulatorFixture.StartAsync(configure: options =>
        {
            options.ApiVersion = api;
            options.HardwareTiers.Clear();
            options.HardwareTiers.Add("Small");
            options.HardwareTiers.Add("large");
        });

    /// <summary>A string field of the emulator's JSON answer to <c>GET path</c> (raw HTTP), following <paramref name="properties"/>.</summary>
    private static async Task<string?> GetJsonStringAsync(EmulatorFixture emulator, string path, params string[] properties)
    {
        using var http = new HttpClient { BaseAddress = emulator.Emulator.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Domino-Api-Key", emulator.ApiKey);
        using var document = JsonDocument.Parse(await http.GetStringAsync(path));
        var element = document.RootElement;
        foreach (var property in properties)
        {
            element = element.GetProperty(property);
        }

        return element.GetString();
    }
}
