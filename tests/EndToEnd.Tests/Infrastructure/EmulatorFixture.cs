using System.Text.Json;
using Domino.Emulator;
using Domino.Emulator.Testing;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// The shared <see cref="EmulatorHost"/> serving one project (<see cref="Owner"/>/<see cref="ProjectName"/>) imported
/// from a copy of samples/project (or another folder) plus any extra files, with a random API key.
/// </summary>
public sealed class EmulatorFixture : IAsyncDisposable
{
    private readonly EmulatorHost _host;

    private EmulatorFixture(EmulatorHost host)
    {
        _host = host;
    }

    public const string Owner = "alice";

    public const string ProjectName = "quick";

    /// <summary>Extra files giving the project <c>slow.py</c>: prints <c>tick N</c> four times a second for five minutes (a run to interrupt).</summary>
    public static IReadOnlyDictionary<string, string> SlowRunFiles { get; } = new Dictionary<string, string>
    {
        ["slow.py"] = """
            import time
            for i in range(1, 1200):
                print(f"tick {i}", flush=True)
                time.sleep(0.25)
            """,
    };

    public DominoEmulator Emulator => _host.Emulator;

    /// <summary>The only accepted key: random, so a test can search every byte of output for it.</summary>
    public string ApiKey => _host.ApiKey;

    /// <summary>The folder the project was imported from.</summary>
    public string ProjectFolder => _host.ProjectFolder;

    /// <summary>The host as a client would be given it, without the trailing slash.</summary>
    public string Host => _host.Host;

    /// <summary>The <c>DOMINO_*</c> variables a script needs to reach the project.</summary>
    public IReadOnlyDictionary<string, string?> Environment => _host.Environment;

    /// <param name="extraFiles">Files added to the project next to the sample's, relative path to content.</param>
    /// <param name="projectSource">The folder the project is copied from. Default: samples/project.</param>
    /// <param name="configure">Changes the emulator's options before it starts (tiers, API version, faults...).</param>
    public static async Task<EmulatorFixture> StartAsync(IReadOnlyDictionary<string, string>? extraFiles = null, string? projectSource = null, Action<DominoEmulatorOptions>? configure = null)
    {
        EmulatorHost host = await EmulatorHost.StartAsync(
            $"{Owner}/{ProjectName}",
            projectFolder =>
            {
                TempDirectory.CopyDirectory(projectSource ?? TestPaths.SampleProject, projectFolder);
                foreach (var (path, content) in extraFiles ?? new Dictionary<string, string>())
                {
                    File.WriteAllText(Path.Combine(projectFolder, path), content);
                }

                return Task.CompletedTask;
            },
            configure,
            apiKey: null,
            "domino-e2e-emulator-");
        return new EmulatorFixture(host);
    }

    /// <summary>The run's status as the server reports it (<c>GET /v1/projects/{owner}/{project}/runs/{runId}</c>, raw HTTP).</summary>
    public async Task<string> GetRunStatusAsync(string runId)
    {
        using HttpClient http = _host.CreateHttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync($"v1/projects/{Owner}/{ProjectName}/runs/{runId}"));
        return document.RootElement.GetProperty("status").GetString() ?? string.Empty;
    }

    /// <summary>Waits (bounded) until the run ends; returns its final status.</summary>
    public Task<string> WaitForTerminalStatusAsync(string runId, TimeSpan timeout) => _host.WaitForRunEndAsync(runId, timeout);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
