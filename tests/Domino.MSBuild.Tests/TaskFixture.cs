using Domino.Client;
using Moq;

namespace Domino.MSBuild.Tests;

/// <summary>Builds a task wired to a test engine, a dictionary environment and a mocked project client.</summary>
internal sealed class TaskFixture
{
    public const string Key = "k3y-Sup3rSecret-0123456789abcdef";
    public const string RunId = "553af271e4b0364c0f717b24";
    public const string CommitId = "a4dc3ec5b22e8e2a0cd1bbdcc8e1c4de8c6a2f3e";
    public static readonly Uri RunUrl = new("https://domino.example.com/alice/quick#r/553af271e4b0364c0f717b24");

    public TaskFixture()
    {
        Client = new Mock<DominoClient>();
        ProjectClient = new Mock<DominoProjectClient>();
        Client.Setup(c => c.GetProjectClient(It.IsAny<string?>()))
            .Callback<string?>(p => RequestedProject = p)
            .Returns(ProjectClient.Object);
        ProjectClient.Setup(p => p.Project).Returns(new DominoProjectName("alice", "quick"));
        ProjectClient.Setup(p => p.GetRunUrl(It.IsAny<string>())).Returns(RunUrl);
        Client.Setup(c => c.MaskSecrets(It.IsAny<string>())).Returns((string text) => text.Replace(Key, "***", StringComparison.Ordinal));
    }

    public TestEngine Engine { get; } = new();

    public Dictionary<string, string?> Environment { get; } = new()
    {
        ["DOMINO_API_HOST"] = "https://domino.example.com",
        ["DOMINO_USER_API_KEY"] = Key,
    };

    public Mock<DominoClient> Client { get; }

    public Mock<DominoProjectClient> ProjectClient { get; }

    public DominoClientOptions? Options { get; private set; }

    public string? RequestedProject { get; private set; }

    /// <summary>When set, the task gets a real <see cref="DominoClient"/> over this handler instead of the mock.</summary>
    public HttpMessageHandler? Transport { get; set; }

    public T Create<T>(Action<T>? configure = null)
        where T : DominoTaskBase, new()
    {
        var task = new T
        {
            BuildEngine = Engine.Mock.Object,
            ReadEnvironmentVariable = name => Environment.TryGetValue(name, out var value) ? value : null,
        };
        task.ClientFactory = options =>
        {
            Options = options;
            if (Transport is not null)
            {
                options.Transport = Transport;
                options.Retry.MaxRetries = 0;
                return new DominoClient(options);
            }

            // The real client checks the host and credentials, as in a build; the mock answers the requests.
            new DominoClient(options).Dispose();
            return Client.Object;
        };
        if (task.Project is null)
        {
            task.Project = "alice/quick";
        }

        configure?.Invoke(task);
        return task;
    }

    public static DominoRun Run(string status, string? outputCommitId = null) => new()
    {
        Id = RunId,
        Status = status,
        OutputCommitId = outputCommitId,
        Started = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Completed = new DateTimeOffset(2026, 1, 1, 0, 1, 30, TimeSpan.Zero),
    };
}
