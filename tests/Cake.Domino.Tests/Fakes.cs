using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Cake.Domino.Internal;
using Domino.Client;
using Moq;

namespace Cake.Domino.Tests;

/// <summary>One line written to the fake Cake log.</summary>
public sealed record LogLine(Verbosity Verbosity, LogLevel Level, string Text);

/// <summary>A Cake log that records every line, formatted as Cake would.</summary>
public sealed class RecordingCakeLog : ICakeLog
{
    private readonly object _gate = new();

    public List<LogLine> Lines { get; } = new();

    public Verbosity Verbosity { get; set; } = Verbosity.Diagnostic;

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        lock (_gate)
        {
            Lines.Add(new LogLine(verbosity, level, args.Length == 0 ? format : string.Format(format, args)));
        }
    }

    public string AllText => string.Join("\n", Lines.Select(l => l.Text));
}

/// <summary>
/// A hand-written Cake context: a dictionary environment, a temp working directory, the real file system, a
/// recording log, and services that inject a mocked Domino client (whose options are captured, as
/// <see cref="IDominoClientFactory"/>) and a Ctrl-C the test presses (as <see cref="IDominoCancelSignal"/>).
/// </summary>
public sealed class FakeCakeContext : ICakeContext, IDominoClientFactory, IDominoCancelSignal, IServiceProvider, IDisposable
{
    private readonly Mock<ICakeEnvironment> _environment = new();

    public FakeCakeContext()
    {
        WorkingDirectory = Directory.CreateTempSubdirectory("cake-domino-unit-").FullName;
        _environment.SetupGet(e => e.WorkingDirectory).Returns(() => new DirectoryPath(WorkingDirectory));
        _environment.Setup(e => e.GetEnvironmentVariable(It.IsAny<string>()))
            .Returns((string name) => (Variables.TryGetValue(name, out var value) ? value : null)!);
        Client = new Mock<DominoClient> { CallBase = false };
        Project = new Mock<DominoProjectClient> { CallBase = false };
        Client.Setup(c => c.GetProjectClient(It.IsAny<DominoProjectName>()))
            .Returns((DominoProjectName name) =>
            {
                ProjectNames.Add(name);
                return Project.Object;
            });
        Client.SetupGet(c => c.Host).Returns(new Uri("http://127.0.0.1:9999/"));
        Project.Setup(p => p.GetRunUrl(It.IsAny<string>()))
            .Returns((string id) => new Uri($"http://127.0.0.1:9999/{ProjectNames.LastOrDefault()}#r/{id}"));
    }

    public string WorkingDirectory { get; }

    public Dictionary<string, string?> Variables { get; } = new()
    {
        ["DOMINO_API_HOST"] = "http://127.0.0.1:9999",
        ["DOMINO_USER_API_KEY"] = "env-key-0123456789abcdef",
        ["DOMINO_PROJECT_OWNER"] = "alice",
        ["DOMINO_PROJECT_NAME"] = "quick",
    };

    public Mock<DominoClient> Client { get; }

    /// <summary>When set, the aliases get a real <see cref="DominoClient"/> over this handler instead of the mock.</summary>
    public HttpMessageHandler? Transport { get; set; }

    public Mock<DominoProjectClient> Project { get; }

    /// <summary>The options of every client the aliases created, in order.</summary>
    public List<DominoClientOptions> CreatedOptions { get; } = new();

    public List<DominoProjectName> ProjectNames { get; } = new();

    public DominoClientOptions LastOptions => CreatedOptions[^1];

    public RecordingCakeLog RecordingLog { get; } = new();

    public IFileSystem FileSystem { get; } = new FileSystem();

    public ICakeEnvironment Environment => _environment.Object;

    public IGlobber Globber => throw new NotSupportedException();

    public ICakeLog Log => RecordingLog;

    public ICakeArguments Arguments => throw new NotSupportedException();

    // Cake's build-system detection (context.BuildSystem()) takes the runner without using it.
    public IProcessRunner ProcessRunner { get; } = Mock.Of<IProcessRunner>();

    public IRegistry Registry => throw new NotSupportedException();

    public IToolLocator Tools => throw new NotSupportedException();

    public ICakeDataResolver Data => throw new NotSupportedException();

    public ICakeConfiguration Configuration => throw new NotSupportedException();

    public IToolInstaller ToolInstaller => throw new NotSupportedException();

    public IServiceProvider ServiceProvider => this;

    object? IServiceProvider.GetService(Type serviceType) =>
        serviceType == typeof(IDominoClientFactory) || serviceType == typeof(IDominoCancelSignal) ? this : null;

    DominoClient IDominoClientFactory.Create(DominoClientOptions options)
    {
        CreatedOptions.Add(options);
        if (Transport is not null)
        {
            options.Transport = Transport;
            // No retries, unless a test gives an invalid count on purpose.
            options.Retry.MaxRetries = Math.Min(options.Retry.MaxRetries, 0);
            return new DominoClient(options);
        }

        // The mock writes through the options' logger, as the real client does behind its credential mask.
        Client.SetupGet(c => c.Logger).Returns(options.Logger);
        return Client.Object;
    }

    /// <summary>The handlers the aliases registered for Ctrl-C and have not unregistered yet.</summary>
    public List<Func<bool>> CancelHandlers { get; } = new();

    /// <summary>Presses Ctrl-C: returns whether a handler took it (kept the process alive).</summary>
    public bool PressCtrlC()
    {
        lock (CancelHandlers)
        {
            return CancelHandlers.ToArray().Aggregate(false, (handled, h) => h() | handled);
        }
    }

    IDisposable IDominoCancelSignal.Register(Func<bool> onCancel)
    {
        lock (CancelHandlers)
        {
            CancelHandlers.Add(onCancel);
        }

        return new Registration(() =>
        {
            lock (CancelHandlers)
            {
                CancelHandlers.Remove(onCancel);
            }
        });
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public static class Runs
{
    public const string RunId = "553af271e4b0364c0f717b24";
    public const string CommitId = "a4dc3ec5b22e8e2a0cd1bbdcc8e1c4de8c6a2f3e";
    public const string OutputCommitId = "b5ed4fd6c33f9f3b1de2cceddf92d5ef9d7b3a4f";

    public static DominoRun Run(string status, string? outputCommit = OutputCommitId) => new()
    {
        Id = RunId,
        Status = status,
        Number = 7,
        Title = "t",
        CommitId = CommitId,
        OutputCommitId = outputCommit,
        Queued = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000),
        Started = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_001_000),
        Completed = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_013_500),
    };

    public static DominoRunStarted Started(FakeCakeContext context) =>
        new(RunId, new Uri($"http://127.0.0.1:9999/alice/quick#r/{RunId}"), "started", false);

    public static void SetupStart(FakeCakeContext context) =>
        context.Project.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Started(context));
}

/// <summary>Answers every request with one status and body.</summary>
public sealed class FixedAnswerHandler(System.Net.HttpStatusCode status, string body) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(new HttpResponseMessage(status)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            RequestMessage = request,
        });
}
