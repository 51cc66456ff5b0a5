using System.Net;
using System.Text;
using Domino.Client;
using Microsoft.Extensions.Time.Testing;

namespace Domino.TestSupport;

// Compiled into the Cake and MSBuild test projects (linked by their project files), so both front ends are held to the same scripted server.
/// <summary>
/// A real <see cref="DominoClient"/> (v1, no HTTP retries) on a fake clock, over a transport that plays one run: its
/// status polls are answered from a script (the last answer repeats), its log from one entry. The core logs through
/// the front end's own logger, so the lines and levels a test sees are the ones a user would.
/// </summary>
internal sealed class ScriptedDomino : HttpMessageHandler, IDisposable
{
    public const string RunId = "553af271e4b0364c0f717b24";
    public const string OutputLine = "epoch 1/8: loss=0.5";

    /// <summary>What nginx answers when the server behind it is down.</summary>
    public const string BadGatewayPage =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    private readonly Queue<Func<HttpResponseMessage>> _statuses = new();
    private Func<HttpResponseMessage>? _last;

    public ScriptedDomino(IDominoLogger logger)
    {
        Client = new DominoClient(new DominoClientOptions
        {
            Host = "https://domino.example.com",
            ApiKey = "KEY-0123456789abcdef",
            Environment = new DictionaryDominoEnvironment(new Dictionary<string, string?>()),
            TimeProvider = Time,
            Logger = logger,
            Random = new Random(7),
            Transport = this,
            Api = DominoApiMode.V1,
            Retry = { MaxRetries = 0 },
        });
    }

    public FakeTimeProvider Time { get; } = new();

    public DominoClient Client { get; }

    /// <summary>Answers the next <paramref name="count"/> status polls with the run in <paramref name="status"/>.</summary>
    public ScriptedDomino Status(string status, int count = 1)
    {
        var started = 1_700_000_001_000L;
        var finished = status is "Succeeded" or "Failed";
        var json = $$"""{"id":"{{RunId}}","projectId":"55221238e4b02f8c82189faa","number":7,"queued":1700000000000,"started":{{started}},"completed":{{(finished ? (started + 3400).ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")}},"status":"{{status}}","commitId":"a4dc3ec5b22e8e2a0cd1bbdcc8e1c4de8c6a2f3e","outputCommitId":{{(finished ? "\"b5ed4fd6c33f9f3b1de2cceddf92d5ef9d7b3a4f\"" : "null")}},"title":null,"isArchived":false}""";
        return Enqueue(() => Answer(HttpStatusCode.OK, json, "application/json"), count);
    }

    /// <summary>Answers the next <paramref name="count"/> status polls with a proxy's HTML 502 page.</summary>
    public ScriptedDomino BadGateway(int count) => Enqueue(() => Answer(HttpStatusCode.BadGateway, BadGatewayPage, "text/html"), count);

    /// <summary>Waits for the run, polling every 10 s, moving the fake clock until the wait ends.</summary>
    public DominoRun Wait()
    {
        var project = Client.GetProjectClient("alice/quick");
        var wait = project.WaitForRunAsync(RunId, new DominoWaitOptions
        {
            InitialPollInterval = TimeSpan.FromSeconds(10),
            MaxPollInterval = TimeSpan.FromSeconds(10),
        });

        // Without a synchronization context, what a timer releases runs inline inside Advance.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            for (var i = 0; i < 100_000 && !wait.IsCompleted; i++)
            {
                Time.Advance(TimeSpan.FromMilliseconds(500));
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }

        return wait.GetAwaiter().GetResult();
    }

    public new void Dispose()
    {
        Client.Dispose();
        base.Dispose();
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (path.EndsWith("/logsWithProblemSuggestions", StringComparison.Ordinal))
        {
            return Task.FromResult(Answer(HttpStatusCode.OK,
                $$"""{"logset":{"logContent":[{"timestamp":1700000002000000000,"logType":"stdout","log":"{{OutputLine}}"}],"isComplete":false},"problemSuggestions":[]}""",
                "application/json"));
        }

        if (path == $"/v1/projects/alice/quick/runs/{RunId}")
        {
            var next = _statuses.Count > 0 ? _last = _statuses.Dequeue() : _last ?? throw new InvalidOperationException("No status scripted.");
            return Task.FromResult(next());
        }

        return Task.FromResult(Answer(HttpStatusCode.NotFound, """{"message":"not here"}""", "application/json"));
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string body, string mediaType) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    private ScriptedDomino Enqueue(Func<HttpResponseMessage> answer, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _statuses.Enqueue(answer);
        }

        return this;
    }
}
