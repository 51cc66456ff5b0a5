using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Domino.Emulator.Internal.Storage;
using Microsoft.Extensions.Logging;

namespace Domino.Emulator.Internal.Runs;

/// <summary>Executes one run: checks out its commit, runs its process while capturing the output, and commits its files.</summary>
internal sealed partial class RunExecutor
{
    /// <summary>The exit code recorded when the command could not be started at all (as a shell reports a missing command).</summary>
    public const int CouldNotStartExitCode = 127;

    private readonly EmulatorStore _store;
    private readonly ILogger _logger;

    public RunExecutor(EmulatorStore store, ILogger logger)
    {
        _store = store;
        _logger = logger;
    }

    /// <summary>The address runs call back to (<c>DOMINO_API_HOST</c>). Set once the server listens.</summary>
    public Uri? ApiHost { get; set; }

    /// <summary>Executes the run to its end; never throws. The run's <see cref="RunState.Completion"/> is set when it returns.</summary>
    public async Task ExecuteAsync(RunState run)
    {
        CancellationToken cancellationToken = run.Cancellation.Token;
        string? workFolder = null;
        int? exitCode = null;
        bool processStarted = false;
        string? platformError = null;
        try
        {
            run.SetStatus(RunStatuses.Preparing);
            RunRecord record = run.Record;
            run.AddLog(LogTypes.Prepare, $"Preparing run #{record.Number}: checking out commit {record.CommitId}.");
            CommitRecord commit = Commits.Get(run.Project, record.CommitId)
                ?? throw new InvalidOperationException($"Commit {record.CommitId} is missing from the data folder.");
            workFolder = _store.WorkFolders.Create(record.Id);
            _store.Files.Checkout(commit, workFolder, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            ProcessStartInfo startInfo = RunCommand.Build(run, workFolder, ApiHost);
            run.AddLog(LogTypes.Prepare, "Starting: " + RunCommand.Describe(startInfo));
            (exitCode, processStarted) = await RunProcessAsync(run, startInfo, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Whatever happens, the run must end and free its slot: report it as a platform error.
            platformError = ex.Message;
            run.AddLog(LogTypes.Prepare, "Emulator error: " + ex.Message);
            LogRunError(_logger, run.Record.Id, ex.Message);
        }

        try
        {
            await FinishAsync(run, workFolder, exitCode, processStarted, platformError).ConfigureAwait(false);
        }
        finally
        {
            if (workFolder is not null)
            {
                _store.WorkFolders.Delete(workFolder);
            }

            run.Completion.TrySetResult();
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
                run.AddLog(LogTypes.Stdout, e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                run.AddLog(LogTypes.Stderr, e.Data);
            }
        };

        lock (run.Gate)
        {
            if (run.StopRequested || run.ShuttingDown)
            {
                return (null, false);
            }

            run.Record.Status = RunStatuses.Running;
            run.Record.Started = Clock.NowMs();
            RunRepository.Save(run.Project, run.Record);
        }

        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            string message = $"Could not start '{startInfo.FileName}': {ex.Message}";
            run.AddLog(LogTypes.Stderr, message);
            run.AddLog(LogTypes.Prepare, message);
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
                run.AddLog(LogTypes.Prepare, "The command exited but its output stayed open (a background process?); output after this point is not captured.");
            }
        }

        return (process.ExitCode, true);
    }

    private async Task FinishAsync(RunState run, string? workFolder, int? exitCode, bool processStarted, string? platformError)
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
            run.AddLog(LogTypes.Prepare, "The emulator shut down before the run ended.");
        }
        else if (stopRequested)
        {
            final = RunStatuses.Stopped;
            commit = commitOnStop && processStarted && workFolder is not null;
            run.AddLog(LogTypes.Prepare, commit ? "Run stopped by request; committing its files." : "Run stopped by request.");
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
            run.AddLog(LogTypes.Prepare, $"The command exited with code {exitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}.");
        }

        if (commit && workFolder is not null)
        {
            run.SetStatus(RunStatuses.Finishing);
            try
            {
                SortedDictionary<string, ManifestEntry> files = await _store.Files.SnapshotAsync(workFolder, null, CancellationToken.None).ConfigureAwait(false);
                CommitRecord output = Commits.AddRunOutput(run.Project, run.Record.CommitId, files, run.Record.Number);
                lock (run.Gate)
                {
                    run.Record.OutputCommitId = output.Id;
                    run.Record.PostProcessedTimestamp = Clock.NowMs();
                }

                run.AddLog(LogTypes.Prepare, $"Results committed as {output.Id}.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                final = RunStatuses.Error;
                run.AddLog(LogTypes.Prepare, "Could not commit the run's files: " + ex.Message);
                LogRunError(_logger, run.Record.Id, ex.Message);
            }
        }

        lock (run.Gate)
        {
            run.Record.Status = final;
            run.Record.Completed = Clock.NowMs();
            run.Record.ExitCode = exitCode;
            RunRepository.Save(run.Project, run.Record);
        }

        run.SaveLog();
    }

    private void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            LogKillFailed(_logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} failed in the emulator: {Reason}")]
    private static partial void LogRunError(ILogger logger, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not kill a run's process tree: {Reason}")]
    private static partial void LogKillFailed(ILogger logger, string reason);
}
