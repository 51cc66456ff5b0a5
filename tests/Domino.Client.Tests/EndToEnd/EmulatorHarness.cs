using Domino.Emulator;
using Domino.Emulator.Testing;

namespace Domino.Client.Tests.EndToEnd;

/// <summary>
/// The shared <see cref="EmulatorHost"/> with project alice/demo imported from a small Python project written here,
/// and a DominoClient for it with tiny poll and retry intervals (real time, bounded waits).
/// </summary>
public sealed class EmulatorHarness : IAsyncDisposable
{
    public const string ApiKey = "e2e-key-5ecret-0123456789abcdef";
    public const string Project = "alice/demo";

    public const string RunRoute = "/v1/projects/{owner}/{project}/runs/{runId}";
    public const string RunsRoute = "/v1/projects/{owner}/{project}/runs";
    public const string BlobRoute = "/v1/projects/{owner}/{project}/blobs/{key}";
    public const string FilesRoute = "/v1/projects/{owner}/{project}/files/{commitId}/{**path}";
    public const string StdoutRoute = "/v1/projects/{owner}/{project}/run/{runId}/stdout";
    public const string LogsRoute = "/v4/jobs/{runId}/logsWithProblemSuggestions";
    public const string StopRoute = "/v4/jobs/stop";

    /// <summary>The lines main.py prints, in order: text that HTML escaping and entity decoding must round-trip.</summary>
    public static readonly string[] MainLines =
    [
        "starting main",
        "a < b & c > d \"quoted\" 'single'",
        "tabs\tand unicode: \u00e9\u00e8 \u2713",
        "line 4",
        "line 5",
        "done main",
    ];

    private readonly EmulatorHost _host;

    private EmulatorHarness(EmulatorHost host, DominoClient client, CapturingLogger logger)
    {
        _host = host;
        Client = client;
        Runs = client.GetProjectClient(Project);
        Logger = logger;
    }

    public string Root => _host.Root.Path;

    public DominoEmulator Emulator => _host.Emulator;

    public DominoClient Client { get; }

    public DominoProjectClient Runs { get; }

    public CapturingLogger Logger { get; }

    /// <summary>The expected bytes of results/data.bin (written by main.py).</summary>
    public static byte[] ExpectedData { get; } = Enumerable.Range(0, 300_000).Select(i => (byte)((i * 31 + 7) % 251)).ToArray();

    public static async Task<EmulatorHarness> StartAsync(Action<DominoEmulatorOptions>? configure = null, Action<DominoClientOptions>? configureClient = null)
    {
        EmulatorHost host = await EmulatorHost.StartAsync(
            Project,
            async project =>
            {
                await File.WriteAllTextAsync(Path.Combine(project, "main.py"), MainPy);
                await File.WriteAllTextAsync(Path.Combine(project, "fail.py"), FailPy);
                await File.WriteAllTextAsync(Path.Combine(project, "reads.py"), ReadsPy);
                await File.WriteAllTextAsync(Path.Combine(project, "crash.py"), CrashPy);
                await File.WriteAllTextAsync(Path.Combine(project, "args.py"), ArgsPy);
            },
            options =>
            {
                options.MaxConcurrentRuns = 4;
                configure?.Invoke(options);
            },
            ApiKey,
            "domino-e2e-");

        var logger = new CapturingLogger();
        var clientOptions = new DominoClientOptions
        {
            Host = host.BaseAddress.ToString(),
            ApiKey = ApiKey,
            Environment = new DictionaryDominoEnvironment(new Dictionary<string, string?>()),
            Logger = logger,
            RequestTimeout = TimeSpan.FromSeconds(15),
            Retry = { MaxRetries = 5, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50), MaxRetryAfter = TimeSpan.FromSeconds(5) },

            // The v1 routes, whose faults these tests inject; the v4 tests set Api themselves.
            Api = DominoApiMode.V1,
        };
        configureClient?.Invoke(clientOptions);
        return new EmulatorHarness(host, new DominoClient(clientOptions), logger);
    }

    public static DominoWaitOptions FastWait(TimeSpan? timeout = null) => new()
    {
        InitialPollInterval = TimeSpan.FromMilliseconds(50),
        MaxPollInterval = TimeSpan.FromMilliseconds(200),
        Timeout = timeout ?? TimeSpan.FromSeconds(60),
        ResultsTimeout = TimeSpan.FromSeconds(20),
    };

    public string NewFolder(string name) => _host.NewFolder(name);

    /// <summary>The run output lines that were logged, in order.</summary>
    public IReadOnlyList<string> OutputLines => Logger.Lines.Where(l => l.Level == DominoLogLevel.RunOutput).Select(l => l.Message).ToList();

    public int Count(string method, string route) => Emulator.GetRequestCount(method, route);

    public async Task<string> StartMainAsync(string? marker = null)
    {
        var started = await Runs.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], Marker = marker, Title = "e2e" });
        return started.RunId;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>Every file under <paramref name="folder"/> (relative, '/' separators).</summary>
    public static List<string> FilesUnder(string folder) => EmulatorHost.FilesUnder(folder);

    private const string MainPy = """
        import os
        lines = [
            "starting main",
            "a < b & c > d \"quoted\" 'single'",
            "tabs\tand unicode: \u00e9\u00e8 \u2713",
            "line 4",
            "line 5",
            "done main",
        ]
        os.makedirs("results/sub", exist_ok=True)
        with open("results/data.bin", "wb") as f:
            f.write(bytes(((i * 31 + 7) % 251) for i in range(300000)))
        with open("results/sub/note.txt", "w", encoding="utf-8") as f:
            f.write("note \u2713\n")
        for line in lines:
            print(line, flush=True)
        """;

    private const string ArgsPy = """
        import json, os, sys
        os.makedirs("results", exist_ok=True)
        with open("results/argv.json", "w", encoding="utf-8") as f:
            json.dump(sys.argv[1:], f)
        print("args done", flush=True)
        """;

    // Every line on stdout: the emulator reads stdout and stderr on two pipes, so their relative order is not
    // defined, and the tests assert which lines come last.
    private const string FailPy = """
        import sys
        for i in range(30):
            print(f"fail line {i}", flush=True)
        print("about to fail", flush=True)
        sys.exit(3)
        """;

    private const string CrashPy = """
        def check(value):
            raise ValueError("bad <value> & more")
        check(1)
        """;

    private const string ReadsPy = """
        import os
        with open("inputs/uploaded.txt", "r", encoding="utf-8") as f:
            text = f.read()
        print("read: " + text.strip(), flush=True)
        os.makedirs("results", exist_ok=True)
        with open("results/echo.txt", "w", encoding="utf-8") as f:
            f.write(text.upper())
        """;
}
