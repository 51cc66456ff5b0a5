using System.Text.Json;
using Domino.Cli;
using Domino.Cli.Hosting;
using Domino.Client;
using Moq;

namespace Domino.Cli.Tests;

/// <summary>
/// Runs <c>domino</c> in-process with string streams, a dictionary environment, a cancel signal the test presses and
/// a mocked core client (recording the options the CLI built for it).
/// </summary>
internal sealed class CliHarness
{
    public const string RunId = "553af271e4b0364c0f717b24";
    public const string CommitId = "a4dc3ec5b22e8e2a0cd1bbdcc8e1c4de8c6a2f3e";

    public CliHarness()
    {
        Project.Setup(p => p.Project).Returns(new DominoProjectName("alice", "quick"));
        Project.Setup(p => p.GetRunUrl(It.IsAny<string>())).Returns((string id) => new Uri($"https://domino.example.com/alice/quick#r/{id}"));
        Client.Setup(c => c.GetProjectClient(It.IsAny<string?>())).Returns(Project.Object);
    }

    public StringWriter Out { get; } = new();

    public StringWriter Error { get; } = new();

    public Dictionary<string, string?> Environment { get; } = new()
    {
        ["DOMINO_API_HOST"] = "https://domino.example.com",
        ["DOMINO_USER_API_KEY"] = "env-key-0123456789",
        ["DOMINO_PROJECT_OWNER"] = "alice",
        ["DOMINO_PROJECT_NAME"] = "quick",
    };

    public FakeCancelSignal CancelSignal { get; } = new();

    public Mock<DominoClient> Client { get; } = new();

    public Mock<DominoProjectClient> Project { get; } = new();

    /// <summary>The options of each client the CLI made (none when it stopped before connecting).</summary>
    public List<DominoClientOptions> ClientOptions { get; } = [];

    /// <summary>Use the core's real client (for configuration errors), not the mock.</summary>
    public bool RealClient { get; set; }

    public bool ErrorIsTerminal { get; set; }

    public string CurrentDirectory { get; set; } = Path.GetTempPath();

    /// <summary>The logger the CLI gave the core: the mock writes through it as the core would.</summary>
    public IDominoLogger Logger => ClientOptions.Single().Logger;

    public Task<int> RunAsync(params string[] args) => DominoCli.RunAsync(args, new CliHost
    {
        Out = Out,
        Error = Error,
        Environment = new DictionaryDominoEnvironment(Environment),
        ErrorIsTerminal = ErrorIsTerminal,
        CancelSignal = CancelSignal,
        CurrentDirectory = CurrentDirectory,
        CreateClient = options =>
        {
            ClientOptions.Add(options);
            return RealClient ? new DominoClient(options) : Client.Object;
        },
    });

    public JsonElement OutputJson()
    {
        using var document = JsonDocument.Parse(Out.ToString());
        return document.RootElement.Clone();
    }

    public static DominoRun Run(string status, string? outputCommit = null) => new()
    {
        Id = RunId,
        Status = status,
        Queued = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Started = new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero),
        Completed = status is "Running" ? null : new DateTimeOffset(2026, 1, 2, 3, 4, 16, TimeSpan.Zero),
        OutputCommitId = outputCommit,
    };

    public void StartReturns(string runId = RunId) =>
        Project.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DominoRunStarted(runId, new Uri($"https://domino.example.com/alice/quick#r/{runId}"), null, false));
}

/// <summary>Ctrl-C the test presses.</summary>
internal sealed class FakeCancelSignal : IDominoCancelSignal
{
    private readonly List<Func<bool>> _handlers = [];

    public bool Press() => _handlers.ToList().Select(h => h()).DefaultIfEmpty(false).Last();

    public IDisposable Register(Func<bool> onCancel)
    {
        _handlers.Add(onCancel);
        return new Registration(() => _handlers.Remove(onCancel));
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
