using Domino.Client.Waiting;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Domino.Client.Tests.Waiting;

/// <summary>Records every log line.</summary>
internal sealed class RecordingLogger : IDominoLogger
{
    private readonly List<(DominoLogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(DominoLogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToArray();
            }
        }
    }

    public IReadOnlyList<string> At(DominoLogLevel level) => Entries.Where(e => e.Level == level).Select(e => e.Message).ToArray();

    public void Log(DominoLogLevel level, string message)
    {
        lock (_entries)
        {
            _entries.Add((level, message));
        }
    }
}

/// <summary>A <see cref="Random"/> whose <see cref="NextDouble"/> returns given values (the last one repeats).</summary>
internal sealed class FixedRandom : Random
{
    private readonly double[] _values;
    private int _next;

    public FixedRandom(params double[] values) => _values = values;

    public override double NextDouble() => _values[Math.Min(_next++, _values.Length - 1)];
}

/// <summary>An <see cref="IProgress{T}"/> that records synchronously (unlike <see cref="Progress{T}"/>).</summary>
internal sealed class RecordingProgress<T> : IProgress<T>
{
    public List<T> Reports { get; } = new();

    public void Report(T value) => Reports.Add(value);
}

/// <summary>
/// A strict mock of <see cref="DominoProjectClient"/>, fake time and a recording logger around a <see cref="RunWaiter"/>.
/// Run statuses are served in order (the last one repeats); the fake time of each status poll is recorded.
/// </summary>
internal sealed class WaitHarness
{
    public const string RunId = "553af271e4b0364c0f717b24";
    public const string CommitId = "a4dc3ec5b22e8e2a0cd1bbdcc8e1c4de8c6a2f3e";
    public static readonly Uri RunUrl = new("https://domino.example.com/owner/project#r/553af271e4b0364c0f717b24");

    private readonly Queue<Func<DominoRun>> _runs = new();
    private Func<DominoRun>? _lastRun;

    public WaitHarness()
    {
        Start = Time.GetUtcNow();
        Client.Setup(c => c.GetRunUrl(RunId)).Returns(RunUrl);
        Client.Setup(c => c.Project).Returns(Project);
        Client.Setup(c => c.GetRunExecutionDetailsAsync(RunId, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                ExecutionRequests++;
                return Task.FromResult(Execution);
            });
        Client.Setup(c => c.GetRunAsync(RunId, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                PollTimes.Add(Time.GetUtcNow() - Start);
                var next = _runs.Count > 0 ? _runs.Dequeue() : _lastRun ?? throw new InvalidOperationException("No run status set up.");
                _lastRun = next;
                return Task.FromResult(next());
            });
    }

    public static readonly DominoProjectName Project = new("owner", "project");

    public Mock<DominoProjectClient> Client { get; } = new(MockBehavior.Strict);

    public FakeTimeProvider Time { get; } = new();

    public RecordingLogger Logger { get; } = new();

    public Random Random { get; set; } = new FixedRandom(0.5);

    public DateTimeOffset Start { get; }

    /// <summary>What <see cref="DominoProjectClient.GetRunExecutionDetailsAsync"/> answers (null, as a v1 client does, unless set).</summary>
    public DominoRunExecutionDetails? Execution { get; set; }

    /// <summary>How many times the waiter asked for the execution details.</summary>
    public int ExecutionRequests { get; private set; }

    /// <summary>Fake time since the start of each status poll.</summary>
    public List<TimeSpan> PollTimes { get; } = new();

    /// <summary>Default options for tests: no output streaming (tests about output turn it on).</summary>
    public DominoWaitOptions Options { get; } = new() { StreamOutput = false };

    public static DominoRun Run(string status, string? outputCommitId = null, bool? isCompleted = null) =>
        new() { Id = RunId, Status = status, OutputCommitId = outputCommitId, IsCompleted = isCompleted };

    /// <summary>Serves these statuses to successive polls; the last repeats.</summary>
    public WaitHarness Statuses(params string[] statuses)
    {
        foreach (var status in statuses)
        {
            var run = Run(status, status == DominoRunStatus.Succeeded ? CommitId : null);
            _runs.Enqueue(() => run);
        }

        return this;
    }

    /// <summary>Serves these results to successive polls: a run, or an exception to throw.</summary>
    public WaitHarness Polls(params object[] results)
    {
        foreach (var result in results)
        {
            _runs.Enqueue(result switch
            {
                DominoRun run => () => run,
                Exception ex => () => throw ex,
                _ => throw new ArgumentException("A DominoRun or an Exception.", nameof(results)),
            });
        }

        return this;
    }

    public Task<DominoRun> StartWait(CancellationToken cancellationToken = default) =>
        new RunWaiter(Client.Object, Time, Logger, Random).WaitAsync(RunId, Options, cancellationToken);

    /// <summary>Advances fake time in small steps until <paramref name="task"/> completes (bounded), then awaits it.</summary>
    public async Task<T> Drive<T>(Task<T> task, int maxSteps = 100_000)
    {
        AdvanceUntil(() => task.IsCompleted, maxSteps);

        Assert.True(task.IsCompleted, $"The wait did not end within {maxSteps / 10} s of fake time. Log:\n" + string.Join("\n", Logger.Entries.Take(30)));
        return await task;
    }

    /// <summary>
    /// Advances fake time in 100 ms steps until <paramref name="done"/> (at most <paramref name="maxSteps"/> steps).
    /// Without a synchronization context, the waiter's continuations run inline in <see cref="FakeTimeProvider.Advance"/>
    /// (xUnit's context would post them to the thread pool, letting the clock run ahead of the code under test).
    /// </summary>
    public void AdvanceUntil(Func<bool> done, int maxSteps = 100_000)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            for (var i = 0; i < maxSteps && !done(); i++)
            {
                Time.Advance(TimeSpan.FromMilliseconds(100));
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    public Task<DominoRun> Wait(CancellationToken cancellationToken = default) => Drive(StartWait(cancellationToken));

    public static DominoServerException ServerError() => new("GET /v1/... failed: 503", "GET", "/v1/projects/owner/project/runs/" + RunId, 503, "overloaded");

    public static DominoConnectionException ConnectionError() => new("GET /v1/... failed: connection reset", "GET", "/v1/projects/owner/project/runs/" + RunId, new HttpRequestException("reset"));
}
