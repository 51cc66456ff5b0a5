using System.Collections.Concurrent;
using System.Globalization;
using Domino.Emulator.Internal.Storage;
using Microsoft.Extensions.Logging;

namespace Domino.Emulator.Internal.Runs;

/// <summary>The runs of every project: loads them, records new ones and hands them to the scheduler, stops them, describes them.</summary>
internal sealed partial class RunManager : IAsyncDisposable
{
    private readonly EmulatorStore _store;
    private readonly ILogger _logger;
    private readonly RunExecutor _executor;
    private readonly RunScheduler _scheduler;
    private readonly ConcurrentDictionary<string, RunState> _runs = new(StringComparer.Ordinal);
    private int _disposed;

    public RunManager(EmulatorStore store, int maxConcurrentRuns, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _executor = new RunExecutor(store, logger);
        _scheduler = new RunScheduler(maxConcurrentRuns, ExecuteAsync);
    }

    /// <summary>The address runs call back to (<c>DOMINO_API_HOST</c>). Set once the server listens.</summary>
    public Uri? ApiHost
    {
        get => _executor.ApiHost;
        set => _executor.ApiHost = value;
    }

    /// <summary>Loads the stored runs; a run that was still in progress when the last process stopped ends <c>Error</c>.</summary>
    public void LoadExisting()
    {
        foreach (ProjectState project in _store.Projects.All)
        {
            foreach (StoredRun stored in _store.Runs.Load(project))
            {
                var run = new RunState(project, stored.Record, stored.Log);
                if (!RunStatuses.IsTerminal(run.Record.Status))
                {
                    run.AddLog(LogTypes.Prepare, "The emulator stopped before this run ended.");
                    lock (run.Gate)
                    {
                        run.Record.Status = RunStatuses.Error;
                        run.Record.Completed ??= Clock.NowMs();
                        run.Save();
                        run.SaveLog();
                    }
                }

                run.Completion.TrySetResult();
                _runs[run.Record.Id] = run;
            }
        }
    }

    public RunState? Find(string runId) => _runs.GetValueOrDefault(runId.ToLowerInvariant());

    /// <summary>The project's runs, most recently queued first.</summary>
    public List<RunState> RunsOf(ProjectState project) =>
        _runs.Values
            .Where(r => r.Project == project)
            .OrderByDescending(r => r.Record.Queued)
            .ThenByDescending(r => r.Record.Number)
            .ToList();

    /// <summary>Records a new run (status <c>Queued</c>) and schedules it.</summary>
    /// <param name="project">The project.</param>
    /// <param name="request">What to run.</param>
    /// <param name="whileQueued">Called with the run once recorded, before it can leave the queue (to describe it as submitted).</param>
    public RunState Start(ProjectState project, StartRunRequest request, Action<RunState>? whileQueued = null)
    {
        int number = project.NextRunNumber();
        string id;
        do
        {
            id = Ids.NewObjectId();
        }
        while (_runs.ContainsKey(id));

        var record = new RunRecord
        {
            Id = id,
            ProjectId = project.Id,
            Number = number,
            StartingUserId = project.Record.OwnerId,
            Queued = Clock.NowMs(),
            Status = RunStatuses.Queued,
            CommitId = request.CommitId,
            Title = request.Title,
            HardwareTierId = request.Tier.Id,
            HardwareTierName = request.Tier.Name,
            EnvironmentId = request.Environment.Id,
            EnvironmentName = request.Environment.Name,
            JobRunCommand = request.JobRunCommand,
            GitRef = request.GitRef,
            Executor = "domino-emulator",
            Command = [.. request.Command],
            IsDirect = request.IsDirect,
            PublishApiEndpoint = request.PublishApiEndpoint,
        };
        var run = new RunState(project, record, []);
        run.AddLog(LogTypes.Prepare, $"Run #{number} queued on hardware tier {request.Tier.Name} ({request.Tier.Id}) in environment {request.Environment.Name} ({request.Environment.Id}) at commit {request.CommitId}.");
        if (request.GitRef is not null)
        {
            run.AddLog(LogTypes.Prepare, $"Files from the project's git repository at {request.GitRef}.");
        }

        if (request.PublishApiEndpoint)
        {
            run.AddLog(LogTypes.Prepare, "publishApiEndpoint is accepted but has no effect in the emulator.");
        }

        foreach (string note in request.Notes ?? [])
        {
            run.AddLog(LogTypes.Prepare, note);
        }

        run.Save();
        _runs[id] = run;
        whileQueued?.Invoke(run);
        if (!_scheduler.TrySchedule(run))
        {
            run.EndUndispatched("The emulator is shutting down.");
        }

        return run;
    }

    /// <summary>Stops a run: a queued one ends at once, a running one has its process tree killed. A finished run is left as it is.</summary>
    public static void Stop(RunState run, bool commitResults)
    {
        bool stoppedWhileQueued = false;
        lock (run.Gate)
        {
            if (RunStatuses.IsTerminal(run.Record.Status) || run.StopRequested)
            {
                return;
            }

            run.StopRequested = true;
            run.CommitResultsOnStop = commitResults;
            if (!run.Dispatched)
            {
                run.Record.Status = RunStatuses.Stopped;
                run.Record.Completed = Clock.NowMs();
                stoppedWhileQueued = true;
            }
            else
            {
                run.Record.Status = RunStatuses.StopRequested;
            }

            run.Save();
        }

        if (stoppedWhileQueued)
        {
            run.AddLog(LogTypes.Prepare, "Run stopped before it started.");
            run.SaveLog();
            run.Completion.TrySetResult();
        }

        run.Cancellation.Cancel();
    }

    public static RunStatusResponse Describe(RunState run)
    {
        lock (run.Gate)
        {
            RunRecord r = run.Record;
            bool completed = RunStatuses.IsTerminal(r.Status);
            DiagnosticStatistics? diagnostics = null;
            if (completed)
            {
                List<KeyValueEntry> data = r.ExitCode is { } code
                    ? [new KeyValueEntry("exitCode", code.ToString(CultureInfo.InvariantCulture))]
                    : [];
                diagnostics = new DiagnosticStatistics(r.Status != RunStatuses.Succeeded, data);
            }

            return new RunStatusResponse(
                r.Id,
                r.ProjectId,
                r.Number,
                r.StartingUserId,
                r.Queued,
                r.Started,
                r.Completed,
                r.Status,
                r.CommitId,
                r.OutputCommitId,
                r.Title,
                r.IsArchived,
                r.HardwareTierId,
                completed,
                r.PostProcessedTimestamp,
                r.Executor,
                diagnostics);
        }
    }

    /// <summary>Ends the queued runs (<c>Error</c>) and kills the running ones, waiting up to 30 seconds for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (RunState run in _scheduler.Close())
        {
            run.EndUndispatched("The emulator shut down before the run started.");
        }

        var executions = new List<Task>();
        foreach (RunState run in _runs.Values)
        {
            lock (run.Gate)
            {
                if (run.Execution is null || RunStatuses.IsTerminal(run.Record.Status))
                {
                    continue;
                }

                run.ShuttingDown = true;
                executions.Add(run.Execution);
            }

            run.Cancellation.Cancel();
        }

        try
        {
            await Task.WhenAll(executions).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogShutdownTimeout(_logger);
        }
    }

    private async Task ExecuteAsync(RunState run)
    {
        try
        {
            await _executor.ExecuteAsync(run).ConfigureAwait(false);
        }
        finally
        {
            _scheduler.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Some runs did not end within 30 seconds of shutdown.")]
    private static partial void LogShutdownTimeout(ILogger logger);
}
