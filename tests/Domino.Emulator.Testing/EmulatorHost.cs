using Domino.Emulator;

namespace Domino.Emulator.Testing;

/// <summary>
/// An emulator in this process on 127.0.0.1 and a free port, over a temporary folder that holds its data and the
/// folder its one project is imported from; both go away on dispose. Every test project starts its emulators here
/// and adds only what its tests need on top (a sample project, a client, JSON helpers).
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private EmulatorHost(TempFolder root, string project, string apiKey, DominoEmulatorOptions options, DominoEmulator emulator)
    {
        Root = root;
        Project = project;
        ApiKey = apiKey;
        Options = options;
        Emulator = emulator;
    }

    /// <summary>The temporary folder holding <see cref="DataDirectory"/>, <see cref="ProjectFolder"/> and anything a test adds.</summary>
    public TempFolder Root { get; }

    /// <summary>The project as <c>owner/name</c>.</summary>
    public string Project { get; }

    public string Owner => Project[..Project.IndexOf('/')];

    public string ProjectName => Project[(Project.IndexOf('/') + 1)..];

    /// <summary>An accepted API key (the caller's, or a random one a test can search any output for).</summary>
    public string ApiKey { get; }

    /// <summary>The options the emulator runs with; <see cref="RestartAsync"/> reuses them.</summary>
    public DominoEmulatorOptions Options { get; }

    public DominoEmulator Emulator { get; private set; }

    public string DataDirectory => Options.DataDirectory;

    /// <summary>The folder the project is imported from (the emulator reads it again at each run start).</summary>
    public string ProjectFolder => Root.Combine("project");

    public Uri BaseAddress => Emulator.BaseAddress;

    /// <summary>The host as a user would give it, without the trailing slash.</summary>
    public string Host => BaseAddress.ToString().TrimEnd('/');

    /// <summary>The <c>DOMINO_*</c> variables a script or build needs to reach the project.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["DOMINO_API_HOST"] = Host,
        ["DOMINO_USER_API_KEY"] = ApiKey,
        ["DOMINO_PROJECT_OWNER"] = Owner,
        ["DOMINO_PROJECT_NAME"] = ProjectName,
    };

    /// <summary>Writes the project folder, then starts an emulator that imports it.</summary>
    /// <param name="project">The project as <c>owner/name</c>.</param>
    /// <param name="writeProject">Fills the (empty, existing) project folder.</param>
    /// <param name="configure">Changes the options before the start (faults, tiers, API version, more keys...).</param>
    /// <param name="apiKey">The key to accept; a random one when null.</param>
    /// <param name="folderPrefix">The start of the temporary folder's name.</param>
    public static async Task<EmulatorHost> StartAsync(
        string project,
        Func<string, Task>? writeProject = null,
        Action<DominoEmulatorOptions>? configure = null,
        string? apiKey = null,
        string folderPrefix = "domino-tests-")
    {
        var root = new TempFolder(folderPrefix);
        try
        {
            string projectFolder = root.Combine("project");
            Directory.CreateDirectory(projectFolder);
            if (writeProject is not null)
            {
                await writeProject(projectFolder).ConfigureAwait(false);
            }

            string key = apiKey ?? "test-key-" + Guid.NewGuid().ToString("N");
            var options = new DominoEmulatorOptions { DataDirectory = root.Combine("data") };
            options.ApiKeys.Add(key);
            options.Projects[project] = projectFolder;
            configure?.Invoke(options);
            DominoEmulator emulator = await DominoEmulator.StartAsync(options).ConfigureAwait(false);
            return new EmulatorHost(root, project, key, options, emulator);
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>Stops the emulator and starts a new one on the same data folder (after <paramref name="configure"/> changed the options).</summary>
    public async Task RestartAsync(Action<DominoEmulatorOptions>? configure = null)
    {
        await Emulator.DisposeAsync().ConfigureAwait(false);
        configure?.Invoke(Options);
        Emulator = await DominoEmulator.StartAsync(Options).ConfigureAwait(false);
    }

    /// <summary>An HttpClient for the emulator, sending the API key unless <paramref name="withKey"/> is false.</summary>
    public HttpClient CreateHttpClient(bool withKey = true) => CreateHttpClient(Emulator, withKey ? ApiKey : null);

    /// <summary>An HttpClient for any emulator, sending <paramref name="apiKey"/> when given.</summary>
    public static HttpClient CreateHttpClient(DominoEmulator emulator, string? apiKey)
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = emulator.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Domino-Api-Key", apiKey);
        }

        return client;
    }

    /// <summary>Waits, at most <paramref name="timeout"/>, until the run ends; returns its final status.</summary>
    public async Task<string> WaitForRunEndAsync(string runId, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await Emulator.WaitForRunAsync(runId, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"Run {runId} had not ended after {timeout}.");
        }
    }

    /// <summary>A new empty folder inside <see cref="Root"/>.</summary>
    public string NewFolder(string name)
    {
        string path = Root.Combine(name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Every file under <paramref name="folder"/>: relative, '/' separators, ordinal order.</summary>
    public static List<string> FilesUnder(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync().ConfigureAwait(false);
        Root.Dispose();
    }
}
