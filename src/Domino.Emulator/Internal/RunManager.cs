using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Domino.Emulator.Internal;

/// <summary>What a start-run request asks for, validated.</summary>
internal sealed record StartRunRequest(
    IReadOnlyList<string> Command,
    bool IsDirect,
    string? Title,
    string TierName,
    string TierId,
    string CommitId,
    bool PublishApiEndpoint);

/// <summary>A run in memory: its record, its captured output, and the process while it runs.</summary>
internal sealed class RunState
{
    public RunState(ProjectState project, RunRecord record, List<LogEntry> log)
    {
        Project = project;
        Record = record;
        Log = log;
        LastTimestampNs = log.Count == 0 ? 0 : log.Max(e => e.TimestampNs);
    }

    public ProjectState Project { get; }

    /// <summary>Guarded by <see cref="Gate"/>.</summary>
    public RunRecord Record { get; }

    /// <summary>Guarded by <see cref="Gate"/>; append-only.</summary>
    public List<LogEntry> Log { get; }

    public Lock Gate { get; } = new();

    public long LastTimestampNs { get; set; }

    /// <summary>Cancelled by a stop request or by shutdown.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public bool Dispatched { get; set; }

    public bool StopRequested { get; set; }

    public bool CommitResultsOnStop { get; set; } = true;

    public bool ShuttingDown { get; set; }

    public Task? Execution { get; set; }

    /// <summary>Completes when the run reaches a terminal status.</summary>
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Starts, schedules (at most N at once, first come first served), executes, stops and records runs.</summary>
internal sealed partial class RunManager : IAsyncDisposable
{
    /// <summary>The exit code recorded when the command could not be started at all (as a shell reports a missing command).</summary>
    public const int CouldNotStartExitCode = 127;

    private static readonly string[] SecretVariables = ["DOMINO_EMULATOR_API_KEY", "DOMINO_EMULATOR_TOKEN", "DOMINO_USER_API_KEY", "DOMINO_TOKEN_FILE"];
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly EmulatorStore store;
    private readonly ILogger logger;
    private readonly int maxConcurrentRuns;
    private readonly ConcurrentDictionary<string, RunState> runs = new(StringComparer.Ordinal);
    private readonly Lock schedulerGate = new();
    private readonly Queue<RunState> queue = new();
    private int running;
    private bool disposed;

    public RunManager(EmulatorStore store, int maxConcurrentRuns, ILogger logger)
    {
        this.store = store;
        this.maxConcurrentRuns = maxConcurrentRuns;
        this.logger = logger;
    }

    /// <summary>The address runs call back to (<c>DOMINO_API_HOST</c>). Set once the server listens.</summary>
    public Uri? ApiHost { get; set; }

    /// <summary>Loads the stored runs; a run that was still in progress when the last process stopped ends <c>Error</c>.</summary>
    public void LoadExisting()
    {
        foreach (ProjectState project in store.Projects)
        {
            foreach (StoredRun stored in store.LoadRuns(project))
            {
                var run = new RunState(project, stored.Record, stored.Log);
                if (!RunStatuses.IsTerminal(run.Record.Status))
                {
                    AddLog(run, LogTypes.Prepare, "The emulator stopped before this run ended.");
                    lock (run.Gate)
                    {
                        run.Record.Status = RunStatuses.Error;
                        run.Record.Completed ??= EmulatorStore.NowMs();
                        EmulatorStore.SaveRun(project, run.Record);
                        EmulatorStore.SaveRunLog(project, run.Record.Id, run.Log);
                    }
                }

                run.Completion.TrySetResult();
                runs[run.Record.Id] = run;
            }
        }
    }

    public RunState? Find(string runId) => runs.GetValueOrDefault(runId.ToLowerInvariant());

    /// <summary>The project's runs, most recently queued first.</summary>
    public List<RunState> RunsOf(ProjectState project) =>
        runs.Values
            .Where(r => r.Project == project)
            .OrderByDescending(r => r.Record.Queued)
            .ThenByDescending(r => r.Record.Number)
            .ToList();

    /// <summary>Records a new run (status <c>Queued</c>) and schedules it.</summary>
    public RunState Start(ProjectState project, StartRunRequest request)
    {
        int number = EmulatorStore.NextRunNumber(project);
        string id;
        do
        {
            id = Ids.NewObjectId();
        }
        while (runs.ContainsKey(id));

        var record = new RunRecord
        {
            Id = id,
            ProjectId = project.Id,
            Number = number,
            StartingUserId = project.Record.OwnerId,
            Queued = EmulatorStore.NowMs(),
            Status = RunStatuses.Queued,
            CommitId = request.CommitId,
            Title = request.Title,
            HardwareTierId = request.TierId,
            HardwareTierName = request.TierName,
            Executor = "domino-emulator",
            Command = [.. request.Command],
            IsDirect = request.IsDirect,
            PublishApiEndpoint = request.PublishApiEndpoint,
        };
        var run = new RunState(project, record, []);
        AddLog(run, LogTypes.Prepare, $"Run #{number} queued on hardware tier {request.TierName} at commit {request.CommitId}.");
        if (request.PublishApiEndpoint)
        {
            AddLog(run, LogTypes.Prepare, "publishApiEndpoint is accepted but has no effect in the emulator.");
        }

        lock (run.Gate)
        {
            EmulatorStore.SaveRun(project, record);
        }

        runs[id] = run;
        Schedule(run);
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
                run.Record.Completed = EmulatorStore.NowMs();
                stoppedWhileQueued = true;
            }
            else
            {
                run.Record.Status = RunStatuses.StopRequested;
            }

            EmulatorStore.SaveRun(run.Project, run.Record);
        }

        if (stoppedWhileQueued)
        {
            AddLog(run, LogTypes.Prepare, "Run stopped before it started.");
            SaveLog(run);
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

    /// <summary>A copy of the run's log lines and whether the run has ended.</summary>
    public static (List<LogEntry> Log, bool Completed) SnapshotLog(RunState run)
    {
        lock (run.Gate)
        {
            return ([.. run.Log], RunStatuses.IsTerminal(run.Record.Status));
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<RunState> queued;
        lock (schedulerGate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            queued = [.. queue];
            queue.Clear();
        }

        foreach (RunState run in queued)
        {
            EndUndispatched(run, "The emulator shut down before the run started.");
        }

        var executions = new List<Task>();
        foreach (RunState run in runs.Values)
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
            LogShutdownTimeout(logger);
        }
    }

    private void Schedule(RunState run)
    {
        lock (schedulerGate)
        {
            if (disposed)
            {
                EndUndispatched(run, "The emulator is shutting down.");
                return;
            }

            if (running < maxConcurrentRuns)
            {
                running++;
                if (!TryDispatch(run))
                {
                    running--;
                }
            }
            else
            {
                queue.Enqueue(run);
            }
        }
    }

    private bool TryDispatch(RunState run)
    {
        lock (run.Gate)
        {
            if (RunStatuses.IsTerminal(run.Record.Status))
            {
                return false;
            }

            run.Dispatched = true;
            run.Execution = Task.Run(() => ExecuteAsync(run));
            return true;
        }
    }

    private void ReleaseSlot()
    {
        lock (schedulerGate)
        {
            running--;
            while (!disposed && running < maxConcurrentRuns && queue.TryDequeue(out RunState? next))
            {
                running++;
                if (TryDispatch(next))
                {
                    break;
                }

                running--;
            }
        }
    }

    private static void EndUndispatched(RunState run, string reason)
    {
        lock (run.Gate)
        {
            if (run.Dispatched || RunStatuses.IsTerminal(run.Record.Status))
            {
                return;
            }

            run.Record.Status = RunStatuses.Error;
            run.Record.Completed = EmulatorStore.NowMs();
            EmulatorStore.SaveRun(run.Project, run.Record);
        }

        AddLog(run, LogTypes.Prepare, reason);
        SaveLog(run);
        run.Completion.TrySetResult();
    }

    private async Task ExecuteAsync(RunState run)
    {
        CancellationToken cancellationToken = run.Cancellation.Token;
        string? workFolder = null;
        int? exitCode = null;
        bool processStarted = false;
        string? platformError = null;
        try
        {
            SetStatus(run, RunStatuses.Preparing);
            RunRecord record = run.Record;
            AddLog(run, LogTypes.Prepare, $"Preparing run #{record.Number}: checking out commit {record.CommitId}.");
            CommitRecord commit = EmulatorStore.GetCommit(run.Project, record.CommitId)
                ?? throw new InvalidOperationException($"Commit {record.CommitId} is missing from the data folder.");
            workFolder = store.CreateWorkFolder(record.Id);
            store.Checkout(commit, workFolder, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            ProcessStartInfo startInfo = BuildStartInfo(run, workFolder);
            AddLog(run, LogTypes.Prepare, "Starting: " + DescribeCommand(startInfo));
            (exitCode, processStarted) = await RunProcessAsync(run, startInfo, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Whatever happens, the run must end and free its slot: report it as a platform error.
            platformError = ex.Message;
            AddLog(run, LogTypes.Prepare, "Emulator error: " + ex.Message);
            LogRunError(logger, run.Record.Id, ex.Message);
        }

        try
        {
            Finish(run, workFolder, exitCode, processStarted, platformError);
        }
        finally
        {
            if (workFolder is not null)
            {
                store.DeleteWorkFolder(workFolder);
            }

            run.Completion.TrySetResult();
            ReleaseSlot();
        }
    }

    private async Task<(int? ExitCode, bool Started)> RunProcessAsync(RunState run, ProcessStartInfo startInfo, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                AddLog(run, LogTypes.Stdout, e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                AddLog(run, LogTypes.Stderr, e.Data);
            }
        };

        lock (run.Gate)
        {
            if (run.StopRequested || run.ShuttingDown)
            {
                return (null, false);
            }

            run.Record.Status = RunStatuses.Running;
            run.Record.Started = EmulatorStore.NowMs();
            EmulatorStore.SaveRun(run.Project, run.Record);
        }

        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            string message = $"Could not start '{startInfo.FileName}': {ex.Message}";
            AddLog(run, LogTypes.Stderr, message);
            AddLog(run, LogTypes.Prepare, message);
            return (CouldNotStartExitCode, true);
        }

        using (cancellationToken.Register(() => KillTree(process)))
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The process may already be gone.
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await exited.Task.ConfigureAwait(false);
        }

        // The pipes close once every process holding them has exited; a background child may keep them open.
        using (var drain = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await process.WaitForExitAsync(drain.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                AddLog(run, LogTypes.Prepare, "The command exited but its output stayed open (a background process?); output after this point is not captured.");
            }
        }

        return (process.ExitCode, true);
    }

    private void Finish(RunState run, string? workFolder, int? exitCode, bool processStarted, string? platformError)
    {
        bool stopRequested;
        bool commitOnStop;
        bool shuttingDown;
        lock (run.Gate)
        {
            stopRequested = run.StopRequested;
            commitOnStop = run.CommitResultsOnStop;
            shuttingDown = run.ShuttingDown;
        }

        string final;
        bool commit;
        if (shuttingDown)
        {
            final = RunStatuses.Error;
            commit = false;
            AddLog(run, LogTypes.Prepare, "The emulator shut down before the run ended.");
        }
        else if (stopRequested)
        {
            final = RunStatuses.Stopped;
            commit = commitOnStop && processStarted && workFolder is not null;
            AddLog(run, LogTypes.Prepare, commit ? "Run stopped by request; committing its files." : "Run stopped by request.");
        }
        else if (platformError is not null || workFolder is null)
        {
            final = RunStatuses.Error;
            commit = false;
        }
        else
        {
            final = exitCode == 0 ? RunStatuses.Succeeded : RunStatuses.Failed;
            commit = true;
            AddLog(run, LogTypes.Prepare, $"The command exited with code {exitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}.");
        }

        if (commit && workFolder is not null)
        {
            SetStatus(run, RunStatuses.Finishing);
            try
            {
                CommitRecord output = store.CommitRunOutput(run.Project, run.Record.CommitId, workFolder, run.Record.Number, CancellationToken.None);
                lock (run.Gate)
                {
                    run.Record.OutputCommitId = output.Id;
                    run.Record.PostProcessedTimestamp = EmulatorStore.NowMs();
                }

                AddLog(run, LogTypes.Prepare, $"Results committed as {output.Id}.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                final = RunStatuses.Error;
                AddLog(run, LogTypes.Prepare, "Could not commit the run's files: " + ex.Message);
                LogRunError(logger, run.Record.Id, ex.Message);
            }
        }

        lock (run.Gate)
        {
            run.Record.Status = final;
            run.Record.Completed = EmulatorStore.NowMs();
            run.Record.ExitCode = exitCode;
            EmulatorStore.SaveRun(run.Project, run.Record);
        }

        SaveLog(run);
    }

    private ProcessStartInfo BuildStartInfo(RunState run, string workFolder)
    {
        RunRecord record = run.Record;
        var startInfo = new ProcessStartInfo
        {
            WorkingDirectory = workFolder,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Utf8NoBom,
            StandardErrorEncoding = Utf8NoBom,
        };

        if (record.IsDirect)
        {
            startInfo.FileName = "/bin/sh";
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add(record.Command[0]);
        }
        else
        {
            string first = record.Command[0];
            string? interpreter = Path.GetExtension(first).ToUpperInvariant() switch
            {
                ".PY" => "python3",
                ".SH" => "bash",
                ".R" => "Rscript",
                _ => null,
            };
            if (interpreter is not null)
            {
                startInfo.FileName = interpreter;
                startInfo.ArgumentList.Add(first);
            }
            else
            {
                string candidate = Path.GetFullPath(Path.Combine(workFolder, first));
                startInfo.FileName = File.Exists(candidate) ? candidate : first;
            }

            foreach (string argument in record.Command.Skip(1))
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        foreach (string name in SecretVariables)
        {
            startInfo.Environment.Remove(name);
        }

        string apiHost = ApiHost?.GetLeftPart(UriPartial.Authority) ?? "";
        startInfo.Environment["DOMINO_RUN_ID"] = record.Id;
        startInfo.Environment["DOMINO_RUN_NUMBER"] = record.Number.ToString(CultureInfo.InvariantCulture);
        startInfo.Environment["DOMINO_PROJECT_OWNER"] = run.Project.Owner;
        startInfo.Environment["DOMINO_PROJECT_NAME"] = run.Project.Name;
        startInfo.Environment["DOMINO_PROJECT_ID"] = run.Project.Id;
        startInfo.Environment["DOMINO_STARTING_USERNAME"] = run.Project.Owner;
        startInfo.Environment["DOMINO_API_HOST"] = apiHost;
        startInfo.Environment["DOMINO_HARDWARE_TIER_ID"] = record.HardwareTierId;
        startInfo.Environment["DOMINO_WORKING_DIR"] = workFolder;
        startInfo.Environment["PYTHONUNBUFFERED"] = "1";
        return startInfo;
    }

    private static string DescribeCommand(ProcessStartInfo startInfo)
    {
        var text = new StringBuilder(startInfo.FileName);
        foreach (string argument in startInfo.ArgumentList)
        {
            text.Append(' ');
            bool quote = argument.Length == 0 || argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'');
            text.Append(quote ? "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : argument);
        }

        return text.ToString();
    }

    private void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            LogKillFailed(logger, ex.Message);
        }
    }

    private static void SetStatus(RunState run, string status)
    {
        lock (run.Gate)
        {
            // A stop request wins over the ordinary progress of the run.
            if (run.StopRequested && status is RunStatuses.Preparing or RunStatuses.Running)
            {
                return;
            }

            run.Record.Status = status;
            EmulatorStore.SaveRun(run.Project, run.Record);
        }
    }

    /// <summary>Appends a line with a timestamp strictly greater than the run's previous one.</summary>
    public static void AddLog(RunState run, string logType, string text)
    {
        long now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        lock (run.Gate)
        {
            if (now <= run.LastTimestampNs)
            {
                now = run.LastTimestampNs + 1;
            }

            run.LastTimestampNs = now;
            run.Log.Add(new LogEntry { TimestampNs = now, LogType = logType, Log = text });
        }
    }

    private static void SaveLog(RunState run)
    {
        lock (run.Gate)
        {
            EmulatorStore.SaveRunLog(run.Project, run.Record.Id, run.Log);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} failed in the emulator: {Reason}")]
    private static partial void LogRunError(ILogger logger, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not kill a run's process tree: {Reason}")]
    private static partial void LogKillFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Some runs did not end within 30 seconds of shutdown.")]
    private static partial void LogShutdownTimeout(ILogger logger);
}
