using System.Text.Json;
using Domino.Emulator;

namespace Domino.Client.Tests.EndToEnd;

/// <summary>The v4 Jobs API and the automatic choice, against the real emulator speaking v4, then as an older Domino.</summary>
[Trait("Category", "EndToEnd")]
public class JobsEndToEndTests
{
    private const string StartRoute = "/v4/jobs/start";

    [Fact]
    public async Task Auto_starts_a_v4_job_on_the_named_tier_with_hostile_arguments_intact_and_downloads_by_path()
    {
        // Given an emulator speaking v4 and a client left on Auto
        await using var h = await EmulatorHarness.StartAsync(configureClient: o => o.Api = DominoApiMode.Auto);
        string[] arguments = ["two words", "it's", "$HOME", "back\\slash", "\"dq\"", "*"];

        // When a job is started on the tier named Large, waited for and its results downloaded
        var started = await h.Runs.StartRunAsync(new DominoStartRunRequest { Command = ["args.py", .. arguments], Tier = "Large" });
        var run = await h.Runs.WaitForRunAsync(started.RunId, EmulatorHarness.FastWait());
        var destination = h.NewFolder("out");
        var report = await h.Runs.DownloadResultsAsync(run.Id, destination);

        // Then it went through v4 once, ran on Large, passed the gate, and every argument reached the program unchanged
        Assert.Equal(1, h.Count("POST", StartRoute));
        Assert.Equal(0, h.Count("POST", EmulatorHarness.RunsRoute));
        Assert.True(run.IsSucceeded);
        Assert.Equal("Large", run.Execution?.HardwareTierName);
        Assert.Contains(h.Logger.Lines, l => l.Level == DominoLogLevel.Information && l.Message.Contains("has the v4 Jobs API"));
        Assert.Contains(h.Logger.Lines, l => l.Level == DominoLogLevel.Information && l.Message.Contains("runs on hardware tier 'Large'"));
        Assert.Equal(arguments, JsonSerializer.Deserialize<string[]>(await File.ReadAllTextAsync(Path.Combine(destination, "results", "argv.json"))));
        Assert.Contains(report.Written, f => f.RemotePath == "results/argv.json");
        Assert.Equal(0, h.Count("GET", EmulatorHarness.BlobRoute));
    }

    [Fact]
    public async Task Auto_against_an_emulator_speaking_v1_falls_back_with_one_start_and_blob_downloads()
    {
        // Given an emulator answering as an older Domino
        await using var h = await EmulatorHarness.StartAsync(o => o.ApiVersion = EmulatorApiVersion.V1, o => o.Api = DominoApiMode.Auto);

        // When a run is started, waited for and downloaded
        var started = await h.Runs.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] });
        var run = await h.Runs.WaitForRunAsync(started.RunId, EmulatorHarness.FastWait());
        var report = await h.Runs.DownloadResultsAsync(run.Id, h.NewFolder("out"));

        // Then one v1 start, no v4 start, and the files came as blobs
        Assert.Equal(1, h.Count("POST", EmulatorHarness.RunsRoute));
        Assert.Equal(0, h.Count("POST", StartRoute));
        Assert.True(run.IsSucceeded);
        Assert.Null(run.Execution);
        Assert.Contains(h.Logger.Lines, l => l.Level == DominoLogLevel.Information && l.Message.Contains("has no v4 Jobs API"));
        Assert.True(h.Count("GET", EmulatorHarness.BlobRoute) >= report.Written.Count);
    }

    [Fact]
    public async Task V4_against_an_emulator_speaking_v1_fails_clearly_without_starting()
    {
        await using var h = await EmulatorHarness.StartAsync(o => o.ApiVersion = EmulatorApiVersion.V1, o => o.Api = DominoApiMode.V4);

        var error = await Assert.ThrowsAsync<DominoConfigurationException>(() => h.Runs.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] }));

        Assert.Contains("has no v4 Jobs API", error.Message);
        Assert.Equal(0, h.Count("POST", StartRoute));
        Assert.Equal(0, h.Count("POST", EmulatorHarness.RunsRoute));
    }
}
