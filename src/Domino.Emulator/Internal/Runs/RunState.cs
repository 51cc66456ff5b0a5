using Domino.Emulator.Internal.Storage;

namespace Domino.Emulator.Internal.Runs;

/// <summary>What a start request (v1 run or v4 job) asks for, validated.</summary>
/// <param name="Command">The program and its arguments; with <paramref name="IsDirect"/>, one shell command line.</param>
/// <param name="IsDirect">Whether <paramref name="Command"/> is one line for <c>/bin/sh -c</c>.</param>
/// <param name="Title">The title, if any.</param>
/// <param name="Tier">The hardware tier.</param>
/// <param name="Environment">The environment.</param>
/// <param name="CommitId">The input commit.</param>
/// <param name="PublishApiEndpoint">The v1 flag, recorded only.</param>
/// <param name="JobRunCommand">The command as one string, as the v4 API shows it.</param>
/// <param name="GitRef">The git ref the input commit was taken from, described (<c>branches main (3f2a...)</c>), if any.</param>
/// <param name="Notes">Lines for the setup output: what was accepted but has no effect in the emulator.</param>
internal sealed record StartRunRequest(
    IReadOnlyList<string> Command,
    bool IsDirect,
    string? Title,
    ComputeChoice Tier,
    ComputeChoice Environment,
    string CommitId,
    bool PublishApiEndpoint,
    string JobRunCommand,
    string? GitRef = null,
    IReadOnlyList<string>? Notes = null);

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

    /// <summary>Writes the run's record.</summary>
    public void Save()
    {
        lock (Gate)
        {
            RunRepository.Save(Project, Record);
        }
    }

    /// <summary>Moves the run to <paramref name="status"/> and saves it; a stop request wins over the ordinary progress of the run.</summary>
    public void SetStatus(string status)
    {
        lock (Gate)
        {
            if (StopRequested && status is RunStatuses.Preparing or RunStatuses.Running)
            {
                return;
            }

            Record.Status = status;
            RunRepository.Save(Project, Record);
        }
    }

    /// <summary>Appends a line with a timestamp strictly greater than the run's previous one.</summary>
    public void AddLog(string logType, string text)
    {
        long now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        lock (Gate)
        {
            if (now <= LastTimestampNs)
            {
                now = LastTimestampNs + 1;
            }

            LastTimestampNs = now;
            Log.Add(new LogEntry { TimestampNs = now, LogType = logType, Log = text });
        }
    }

    /// <summary>Writes the run's captured output.</summary>
    public void SaveLog()
    {
        lock (Gate)
        {
            RunRepository.SaveLog(Project, Record.Id, Log);
        }
    }

    /// <summary>A copy of the run's log lines and whether the run has ended.</summary>
    public (List<LogEntry> Log, bool Completed) SnapshotLog()
    {
        lock (Gate)
        {
            return ([.. Log], RunStatuses.IsTerminal(Record.Status));
        }
    }

    /// <summary>Ends a run that never started executing (status <c>Error</c>), with the reason in its log.</summary>
    public void EndUndispatched(string reason)
    {
        lock (Gate)
        {
            if (Dispatched || RunStatuses.IsTerminal(Record.Status))
            {
                return;
            }

            Record.Status = RunStatuses.Error;
            Record.Completed = Clock.NowMs();
            RunRepository.Save(Project, Record);
        }

        AddLog(LogTypes.Prepare, reason);
        SaveLog();
        Completion.TrySetResult();
    }
}
