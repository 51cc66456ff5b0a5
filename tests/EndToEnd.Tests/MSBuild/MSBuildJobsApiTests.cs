using System.Text.RegularExpressions;
using Domino.Emulator;
using EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EndToEnd.Tests.MSBuild;

/// <summary>
/// The MSBuild front end against today's Domino and an older one: real `dotnet build` runs of the packaged tasks and
/// target, each against an emulator of its own (one with a hardware tier <c>large</c>, one speaking only the v1 API),
/// with nothing but the DOMINO_* variables of the build's environment. The package comes from the shared fixture, which
/// packs it once for the collection.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(MSBuildEndToEndGroup.Name)]
public sealed partial class MSBuildJobsApiTests(MSBuildPackageFixture fixture, ITestOutputHelper output)
{
    private const string StartRoute = "/v4/jobs/start";
    private const string ProbeRoute = "/v4/jobs";
    private const string JobRoute = "/v4/jobs/{jobId}";
    private const string V1RunsRoute = "/v1/projects/{owner}/{project}/runs";
    private const string ContentRoute = "/api/projects/v1/projects/{projectId}/files/{commitId}/{path}/content";
    private const string BlobRoute = "/v1/projects/{owner}/{project}/blobs/{key}";

    /// <summary>The DominoRun target on alice/quick, printing where its files landed.</summary>
    private const string DominoRunBody = """
          <PropertyGroup>
            <DominoProject>alice/quick</DominoProject>
            <DominoCommand>main.py;foo;1</DominoCommand>
            <DominoResultsFolder>$(MSBuildProjectDirectory)/domino-results</DominoResultsFolder>
          </PropertyGroup>
          <Target Name="ShowDominoRun" AfterTargets="DominoRun">
            <Message Importance="high" Text="GOT|%(DominoDownloadedFiles.RemotePath)|%(DominoDownloadedFiles.Identity)" Condition="'@(DominoDownloadedFiles)' != ''" />
          </Target>
        """;

    [Fact]
    public async Task DominoStartRun_with_HardwareTier_large_runs_on_that_tier_through_v4_and_downloads_by_path()
    {
        // Given today's Domino with a hardware tier 'large' (the default is another), and the issue's target verbatim
        await using var emulator = await StartEmulatorAsync(EmulatorApiVersion.V4, "Small", "large");
        const string train = """
            <Target Name="Train">
              <DominoStartRun Project="alice/quick" Command="main.py;foo;1" HardwareTier="large"><Output TaskParameter="RunId" PropertyName="RunId" /></DominoStartRun>
              <DominoWaitForRun Project="alice/quick" RunId="$(RunId)" />
              <DominoDownloadResults Project="alice/quick" RunId="$(RunId)" DestinationFolder="$(MSBuildThisFileDirectory)out">
                <Output TaskParameter="DownloadedFiles" ItemName="Got" />
              </DominoDownloadResults>
            </Target>
            <Target Name="ShowGot" AfterTargets="Train">
              <Message Importance="high" Text="GOT|%(Got.RemotePath)|%(Got.Identity)" />
            </Target>
            """;
        var folder = fixture.CreateConsumer("jobs-task-tier", train);

        // When the project is built at the default verbosity
        var result = await BuildAsync(emulator, folder, "-t:Train");

        // Then the run ran on tier 'large', started once as a v4 job, and its results came by path
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(EndedOnLarge(), result.AllOutput);
        Assert.Contains("hello from main.py foo 1", result.AllOutput);
        AssertStartedOnceThroughV4AndDownloadedByPath(emulator.Emulator);
        var metrics = Path.Combine(folder, "out", "results", "metrics.json");
        Assert.Contains(Lines(result.AllOutput, "GOT"), g => g[0] == "results/metrics.json" && g[1] == metrics);
        Assert.Contains("\"args\": [\"foo\", \"1\"]", File.ReadAllText(metrics));
    }

    [Fact]
    public async Task DominoRun_with_DominoHardwareTier_large_runs_on_that_tier_through_v4_and_downloads_by_path()
    {
        // Given today's Domino with a hardware tier 'large'
        await using var emulator = await StartEmulatorAsync(EmulatorApiVersion.V4, "Small", "large");
        var folder = fixture.CreateConsumer("jobs-target-tier", DominoRunBody);

        // When the DominoRun target is built with the tier from the command line, at normal verbosity
        var result = await BuildAsync(emulator, folder, "-t:DominoRun", "-p:DominoHardwareTier=large", "-v:n");

        // Then Auto chose v4 (and said so), the run ran on 'large', and the results came by path
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("has the v4 Jobs API: runs start as v4 jobs and files download by path (API mode Auto).", result.AllOutput);
        Assert.Contains("(a v4 job on hardware tier large)", result.AllOutput);
        Assert.Matches(EndedOnLarge(), result.AllOutput);
        AssertStartedOnceThroughV4AndDownloadedByPath(emulator.Emulator);
        var metrics = Path.Combine(folder, "domino-results", "results", "metrics.json");
        Assert.Contains(Lines(result.AllOutput, "GOT"), g => g[0] == "results/metrics.json" && g[1] == metrics);
        Assert.Contains("\"args\": [\"foo\", \"1\"]", File.ReadAllText(metrics));
    }

    [Fact]
    public async Task DominoRun_against_a_Domino_without_v4_falls_back_to_v1_with_one_start_request()
    {
        // Given an older Domino that answers 404 to every v4 route (its v1 runs take a tier by name)
        await using var emulator = await StartEmulatorAsync(EmulatorApiVersion.V1, "Small", "large");
        var folder = fixture.CreateConsumer("jobs-target-v1", DominoRunBody);

        // When the DominoRun target is built unchanged, with the tier
        var result = await BuildAsync(emulator, folder, "-t:DominoRun", "-p:DominoHardwareTier=large", "-v:n");

        // Then Auto fell back to v1 (and said so): one v1 start, no v4 start, downloads by blob key
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("has no v4 Jobs API (GET /v4/jobs answered 404): using the v1 runs API and blob downloads (API mode Auto).", result.AllOutput);
        Assert.Contains("hello from main.py foo 1", result.AllOutput);
        var server = emulator.Emulator;
        Assert.Equal(1, server.GetRequestCount("POST", V1RunsRoute));
        Assert.Equal(0, server.GetRequestCount("POST", StartRoute));
        Assert.True(server.GetRequestCount("GET", BlobRoute) > 0, Counts(server));
        Assert.Equal(0, server.GetRequestCount("GET", ContentRoute));
        var metrics = Path.Combine(folder, "domino-results", "results", "metrics.json");
        Assert.Contains("\"args\": [\"foo\", \"1\"]", File.ReadAllText(metrics));
    }

    [Fact]
    public async Task DominoApi_V1_wins_over_DOMINO_API_MODE_and_keeps_every_task_of_DominoRun_on_v1_without_probing()
    {
        // Given today's Domino, and DOMINO_API_MODE=v4 in the build's environment
        await using var emulator = await StartEmulatorAsync(EmulatorApiVersion.V4, "Small", "large");
        var folder = fixture.CreateConsumer("jobs-target-api-v1", DominoRunBody);
        var environment = new Dictionary<string, string?>(emulator.Environment) { ["DOMINO_API_MODE"] = "v4" };

        // When the DominoRun target is built with DominoApi=V1
        var result = await fixture.BuildAsync(folder, environment, "-t:DominoRun", "-p:DominoApi=V1", "-p:DominoHardwareTier=large");

        // Then start, wait and download all spoke v1: one v1 start, not one probe (GET /v4/jobs) by any of the three tasks,
        // no v4 start or status, blob downloads
        Assert.True(result.ExitCode == 0, result.ToString());
        var server = emulator.Emulator;
        Assert.Equal(1, server.GetRequestCount("POST", V1RunsRoute));
        Assert.True(server.GetRequestCount("GET", "/v1/projects/{owner}/{project}/runs/{runId}") > 0, Counts(server));
        Assert.Equal(0, server.GetRequestCount("GET", ProbeRoute));
        Assert.Equal(0, server.GetRequestCount("POST", StartRoute));
        Assert.Equal(0, server.GetRequestCount("GET", JobRoute));
        Assert.Equal(0, server.GetRequestCount("GET", ContentRoute));
        Assert.True(server.GetRequestCount("GET", BlobRoute) > 0, Counts(server));
        Assert.Contains("\"args\": [\"foo\", \"1\"]", File.ReadAllText(Path.Combine(folder, "domino-results", "results", "metrics.json")));
    }

    private static void AssertStartedOnceThroughV4AndDownloadedByPath(DominoEmulator server)
    {
        Assert.True(server.GetRequestCount("POST", StartRoute) == 1, Counts(server));
        Assert.True(server.GetRequestCount("GET", ProbeRoute) > 0, Counts(server));
        Assert.True(server.GetRequestCount("GET", JobRoute) > 0, Counts(server));
        Assert.Equal(0, server.GetRequestCount("POST", V1RunsRoute));
        Assert.True(server.GetRequestCount("GET", ContentRoute) > 0, Counts(server));
        Assert.Equal(0, server.GetRequestCount("GET", BlobRoute));
    }

    private static string Counts(DominoEmulator server) =>
        string.Join(Environment.NewLine, server.GetRequestCounts().Where(c => c.Value > 0).Select(c => $"{c.Key}: {c.Value}"));

    /// <summary>An emulator of its own serving alice/quick (the fixture's scripts) with these tiers, the first the default.</summary>
    private static Task<EmulatorFixture> StartEmulatorAsync(EmulatorApiVersion api, params string[] tiers) =>
        EmulatorFixture.StartAsync(
            projectSource: Path.Combine(AppContext.BaseDirectory, "MSBuild", "Fixtures", "quick"),
            configure: options =>
            {
                options.ApiVersion = api;
                options.HardwareTiers.Clear();
                foreach (var tier in tiers)
                {
                    options.HardwareTiers.Add(tier);
                }
            });

    /// <summary>Builds with only that emulator's DOMINO_* variables (host, key, project) in the environment.</summary>
    private async Task<ProcessResult> BuildAsync(EmulatorFixture emulator, string folder, params string[] arguments)
    {
        var result = await fixture.BuildAsync(folder, emulator.Environment, arguments);
        output.WriteLine($"dotnet build {string.Join(' ', arguments)} in {Path.GetFileName(folder)}: exit {result.ExitCode} after {result.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    private static List<string[]> Lines(string text, string tag) =>
        text.Split('\n')
            .Select(line => NodePrefix().Replace(line.Trim(), string.Empty))
            .Where(line => line.StartsWith(tag + "|", StringComparison.Ordinal))
            .Select(line => line[(tag.Length + 1)..].Split('|'))
            .ToList();

    /// <summary>The wait's final line (high importance, so at every verbosity) with the tier runtimeExecutionDetails gave.</summary>
    [GeneratedRegex(@"Domino: run [0-9a-f]{24} ended Succeeded.* on hardware tier 'large', environment ")]
    private static partial Regex EndedOnLarge();

    /// <summary>The "1>" node prefix a multi-node build puts before lines at higher verbosities.</summary>
    [GeneratedRegex(@"^\d+>\s*")]
    private static partial Regex NodePrefix();
}
