using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Domino.Client.Tests;

/// <summary>What the client sent, captured when it was sent.</summary>
public sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    string? ContentType,
    DateTimeOffset At)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A transport that records every request and answers from a script. Answers complete synchronously where they
/// can, so a retry's delay is already scheduled on the fake clock when the call returns to the test.
/// </summary>
public sealed class FakeHandler(TimeProvider? time = null) : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? _always;

    public List<RecordedRequest> Requests { get; } = [];

    public RecordedRequest Only => Assert.Single(Requests);

    public FakeHandler Respond(HttpStatusCode status, string? body = null, string contentType = "application/json", Action<HttpResponseMessage>? configure = null)
    {
        _script.Enqueue((_, _) => Task.FromResult(Response(status, body, contentType, configure)));
        return this;
    }

    public FakeHandler RespondJson(string body) => Respond(HttpStatusCode.OK, body);

    public FakeHandler Throw(Exception exception)
    {
        _script.Enqueue((_, _) => Task.FromException<HttpResponseMessage>(exception));
        return this;
    }

    /// <summary>Never answers: only the cancellation token ends the attempt.</summary>
    public FakeHandler Hang()
    {
        _script.Enqueue((_, cancellationToken) =>
        {
            var pending = new TaskCompletionSource<HttpResponseMessage>();
            cancellationToken.Register(() => pending.TrySetCanceled(cancellationToken));
            return pending.Task;
        });
        return this;
    }

    /// <summary>The answer to every request once the script is used up.</summary>
    public FakeHandler Always(HttpStatusCode status, string? body = null, string contentType = "application/json", Action<HttpResponseMessage>? configure = null)
    {
        _always = (_, _) => Task.FromResult(Response(status, body, contentType, configure));
        return this;
    }

    public FakeHandler AlwaysThrow(Func<Exception> exception)
    {
        _always = (_, _) => Task.FromException<HttpResponseMessage>(exception());
        return this;
    }

    public FakeHandler AlwaysHang()
    {
        _always = (_, cancellationToken) =>
        {
            var pending = new TaskCompletionSource<HttpResponseMessage>();
            cancellationToken.Register(() => pending.TrySetCanceled(cancellationToken));
            return pending.Task;
        };
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.NonValidated.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        string? body = null;
        if (request.Content is not null)
        {
            var bytes = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            body = Encoding.UTF8.GetString(bytes);
        }

        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, headers, body, request.Content?.Headers.ContentType?.ToString(),
            (time ?? TimeProvider.System).GetUtcNow()));
        var next = _script.Count > 0 ? _script.Dequeue() : _always ?? throw new InvalidOperationException($"No answer scripted for {request.Method} {request.RequestUri}");
        var response = await next(request, cancellationToken).ConfigureAwait(false);
        response.RequestMessage = request;
        return response;
    }

    private static HttpResponseMessage Response(HttpStatusCode status, string? body, string contentType, Action<HttpResponseMessage>? configure)
    {
        var response = new HttpResponseMessage(status);
        if (body is not null)
        {
            response.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        configure?.Invoke(response);
        return response;
    }
}

public sealed class CapturingLogger : IDominoLogger
{
    private readonly List<(DominoLogLevel Level, string Message)> _lines = [];

    /// <summary>What <see cref="IsEnabled"/> answers (every level by default).</summary>
    public Func<DominoLogLevel, bool> Enabled { get; set; } = _ => true;

    public bool IsEnabled(DominoLogLevel level) => Enabled(level);

    public IReadOnlyList<(DominoLogLevel Level, string Message)> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToList();
            }
        }
    }

    public void Log(DominoLogLevel level, string message)
    {
        lock (_lines)
        {
            _lines.Add((level, message));
        }
    }
}

/// <summary>Always returns the same sample, so backoff delays are exact.</summary>
public sealed class FixedRandom(double sample) : Random
{
    public override double NextDouble() => sample;

    protected override double Sample() => sample;
}

/// <summary>A client over a <see cref="FakeHandler"/>, a fake clock and an empty environment.</summary>
public sealed class TestClient : IDisposable
{
    public const string Host = "https://domino.example.com";
    public const string ApiKey = "KEY-5ecret-api-key-0123456789";
    public const string RunId = "553af271e4b0364c0f717b24";
    public const string ProjectId = "55221238e4b02f8c82189faa";
    public const string CommitId = "ce42f26a45d842e636102474eb227262714a4536";
    public const string BlobKey = "d0839aebde28729fd96cfd0631cf7af1ac1c490f";

    public TestClient(Action<DominoClientOptions>? configure = null, string project = "alice/churn-model")
    {
        Handler = new FakeHandler(Time);
        Options = new DominoClientOptions
        {
            Host = Host,
            ApiKey = ApiKey,
            Environment = new DictionaryDominoEnvironment(new Dictionary<string, string?>()),
            TimeProvider = Time,
            Logger = Logger,
            Random = new FixedRandom(0.5),
            Transport = Handler,

            // The v1 API, as before v4 support: the existing tests assert its requests byte for byte. Tests of v4 and of
            // the automatic choice set Api themselves.
            Api = DominoApiMode.V1,
        };
        configure?.Invoke(Options);
        Client = new DominoClient(Options);
        Project = Client.GetProjectClient(DominoProjectName.Parse(project));
    }

    public FakeTimeProvider Time { get; } = new();

    public CapturingLogger Logger { get; } = new();

    public FakeHandler Handler { get; }

    public DominoClientOptions Options { get; }

    public DominoClient Client { get; }

    public DominoProjectClient Project { get; }

    /// <summary>Moves the fake clock in small steps until <paramref name="task"/> ends (a retry waits on this clock).</summary>
    public Task<T> Drive<T>(Task<T> task, TimeSpan? step = null)
    {
        AdvanceUntil(task, step);
        return task;
    }

    /// <inheritdoc cref="Drive{T}(Task{T}, TimeSpan?)"/>
    public Task Drive(Task task, TimeSpan? step = null)
    {
        AdvanceUntil(task, step);
        return task;
    }

    private void AdvanceUntil(Task task, TimeSpan? step)
    {
        // Without a synchronization context, what a timer releases (the next attempt) runs inline inside
        // Advance, so each step sees the client settled; xUnit's context would post it to another thread.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var by = step ?? TimeSpan.FromMilliseconds(10);
            for (var i = 0; i < 200_000 && !task.IsCompleted; i++)
            {
                Time.Advance(by);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    public void Dispose() => Client.Dispose();
}

/// <summary>Sample responses from the seed document, verbatim, and a few realistic variations.</summary>
public static class Samples
{
    public const string StartRunResponse =
        """{ "runId": "553af271e4b0364c0f717b24", "message": "Run for project <username>/<project_name> started. You can view progress here: https://app.dominodatalab.com/<username>/<project_name>#r/553af271e4b0364c0f717b24" }""";

    public const string Run =
        """
        { "id": "55238463e4b00c05a648f815", "projectId": "55221238e4b02f8c82189faa", "number": 19, "startingUserId": "551c3875e4b0f4c343c5bc91", "queued": 1428391011742, "started": 1428391015557, "completed": 1428391018043, "status": "Succeeded", "commitId": "981c1f5915724eb8882b1dffc6e7371c31ba638b", "outputCommitId": "ce42f26a45d842e636102474eb227262714a4536", "title": null, "isArchived": false,
        "hardwareTierId": "d-free" }
        """;

    public const string Files =
        """{ "object": "list", "url": "/v1/projects/<username>/<project_name>/files/885ecf33dcac86b37c28054e45b198194c222d08/results", "data": [ { "path": "results/myChart.png", "lastModified": 1427432389000, "size": 14292, "key": "d0839aebde28729fd96cfd0631cf7af1ac1c490f", "url": "https://app.dominodatalab.com/v1/projects/<username>/<project_name>/blobs/d0839aebde28729fd96cfd0631cf7af1ac1c490f" }, { "path": "results/stdout.txt", "lastModified": 1429926528000, "size": 843, "key": "625f85c90ddc02bd269a709489e796388e473599", "url": "https://app.dominodatalab.com/v1/projects/<username>/<project_name>/blobs/625f85c90ddc02bd269a709489e796388e473599" } ] }""";

    public const string PreOpen =
        "<pre style='white-space: pre-wrap; white-space: -moz-pre-wrap; white-space: -pre-wrap; white-space: -o-pre-wrap; word-wrap: break-word; word-wrap: break-all;'>";
}
