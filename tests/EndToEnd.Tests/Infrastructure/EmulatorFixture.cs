using System.Text.Json;
using Domino.Emulator;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// An in-process emulator on 127.0.0.1 with a random API key and a temp data folder, serving one project
/// (<see cref="Owner"/>/<see cref="ProjectName"/>) imported from a temp copy of samples/project (or another folder)
/// plus any extra files.
/// </summary>
public sealed class EmulatorFixture : IAsyncDisposable
{
    private readonly TempDirectory _root;

    private EmulatorFixture(TempDirectory root, DominoEmulator emulator, string apiKey, string projectFolder)
    {
        _root = root;
        Emulator = emulator;
        ApiKey = apiKey;
        ProjectFolder = projectFolder;
    }

    public const string Owner = "alice";

    public const string ProjectName = "quick";

    public DominoEmulator Emulator { get; }

    /// <summary>The only accepted key: random, so a test can search every byte of output for it.</summary>
    public string ApiKey { get; }

    /// <summary>The folder the project was imported from.</summary>
    public string ProjectFolder { get; }

    /// <summary>The host as a client would be given it, without the trailing slash.</summary>
    public string Host => Emulator.BaseAddress.ToString().TrimEnd('/');

    /// <summary>The <c>DOMINO_*</c> variables a script needs to reach the project.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["DOMINO_API_HOST"] = Host,
        ["DOMINO_USER_API_KEY"] = ApiKey,
        ["DOMINO_PROJECT_OWNER"] = Owner,
        ["DOMINO_PROJECT_NAME"] = ProjectName,
    };

    /// <param name="extraFiles">Files added to the project next to the sample's, relative path to content.</param>
    /// <param name="projectSource">The folder the project is copied from. Default: samples/project.</param>
    public static async Task<EmulatorFixture> StartAsync(IReadOnlyDictionary<string, string>? extraFiles = null, string? projectSource = null)
    {
        var root = new TempDirectory("domino-e2e-emulator-");
        try
        {
            var projectFolder = root.Combine("project");
            TempDirectory.CopyDirectory(projectSource ?? TestPaths.SampleProject, projectFolder);
            foreach (var (path, content) in extraFiles ?? new Dictionary<string, string>())
            {
                File.WriteAllText(Path.Combine(projectFolder, path), content);
            }

            var apiKey = "e2e-key-" + Guid.NewGuid().ToString("N");
            var options = new DominoEmulatorOptions { DataDirectory = root.Combine("data") };
            options.ApiKeys.Add(apiKey);
            options.Projects[$"{Owner}/{ProjectName}"] = projectFolder;
            var emulator = await DominoEmulator.StartAsync(options);
            return new EmulatorFixture(root, emulator, apiKey, projectFolder);
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>The run's status as the server reports it (<c>GET /v1/projects/{owner}/{project}/runs/{runId}</c>, raw HTTP).</summary>
    public async Task<string> GetRunStatusAsync(string runId)
    {
        using var http = new HttpClient { BaseAddress = Emulator.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Domino-Api-Key", ApiKey);
        using var document = JsonDocument.Parse(await http.GetStringAsync($"v1/projects/{Owner}/{ProjectName}/runs/{runId}"));
        return document.RootElement.GetProperty("status").GetString() ?? string.Empty;
    }

    /// <summary>Polls (bounded) until the run's status is terminal; returns it.</summary>
    public async Task<string> WaitForTerminalStatusAsync(string runId, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await Emulator.WaitForRunAsync(runId, cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Run {runId} was still {await GetRunStatusAsync(runId)} after {timeout}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        _root.Dispose();
    }
}
