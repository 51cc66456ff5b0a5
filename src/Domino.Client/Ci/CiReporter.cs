using System.Globalization;
using Domino.Client.Text;

namespace Domino.Client.Ci;

/// <summary>
/// The client's CI reporting, made once per client when a CI system is detected and the integration is on: the run's
/// output folded, a failure annotated, step outputs and a job summary written, and every other log line kept from
/// acting as a command of that system.
/// </summary>
internal sealed class CiReporter
{
    private readonly CiWriter _writer;

    /// <summary>The run whose results are being downloaded (<see cref="ForRunAsync{T}"/>), for the summary's link.</summary>
    private readonly AsyncLocal<string?> _downloadingRun = new();

    private CiReporter(CiWriter writer)
    {
        _writer = writer;
    }

    /// <summary>The system reported to.</summary>
    public DominoCiSystem System => _writer.System;

    /// <summary>
    /// The reporter for <paramref name="options"/>: <see langword="null"/> when the integration is off or no CI system is
    /// named (<see cref="DominoClientOptions.CiSystem"/>) or detected. Commands go to <paramref name="log"/> (already masking).
    /// </summary>
    public static CiReporter? Create(DominoClientOptions options, IDominoLogger log, SecretScrubber scrubber)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CiIntegration == DominoCiIntegration.Off)
        {
            return null;
        }

        var environment = options.Environment ?? ProcessDominoEnvironment.Instance;
        var system = options.CiSystem ?? DominoCiDetection.Detect(environment);
        var writer = CiWriter.For(system, log, scrubber, environment, options.TimeProvider ?? TimeProvider.System);
        return writer is null ? null : new CiReporter(writer);
    }

    /// <summary>A logger that neutralises every line (but the reporter's own commands) before <paramref name="inner"/>.</summary>
    public IDominoLogger Protect(IDominoLogger inner) => new NeutralisingLogger(inner, _writer);

    /// <summary>
    /// Runs <paramref name="wait"/> inside a fold, then reports the outcome: the failure annotation (for a run that ended
    /// without success and was not accepted), the step outputs and the run's summary table. A failure exception is
    /// rethrown with its message neutralised (it quotes the run's output).
    /// </summary>
    public async Task<DominoRun> WaitAsync(
        DominoProjectClient client, string runId, DominoWaitOptions options, IDominoLogger logger, Func<IDominoLogger, Task<DominoRun>> wait)
    {
        var facts = Facts(client, runId);
        var tail = new TailLogger(logger, options.FailureOutputLines);
        var fold = _writer.BeginFold(facts);
        DominoRun run;
        try
        {
            run = await wait(tail).ConfigureAwait(false);
        }
        catch (DominoRunFailedException ex)
        {
            fold.Dispose();
            Report(facts, ex.Run, ex.LastOutputLines, failed: true);
            throw new DominoRunFailedException(_writer.Neutralise(ex.Message), ex.Run, ex.RunUrl, ex.LastOutputLines, ex);
        }
        catch (DominoWaitTimeoutException ex)
        {
            fold.Dispose();
            _writer.SetOutputs(RunOutputs(facts, ex.Run));
            throw;
        }
        finally
        {
            fold.Dispose();
        }

        var failed = run.IsFinished && !run.IsSucceeded
            && !options.AcceptStatuses.Contains(run.Status, StringComparer.OrdinalIgnoreCase);
        Report(facts, run, tail.LastLines, failed);
        return run;
    }

    /// <summary>Runs <paramref name="download"/> (of a run's results) knowing which run it is, so its report can link to the run.</summary>
    public async Task<T> ForRunAsync<T>(string runId, Func<Task<T>> download)
    {
        // Set inside this async method, the value flows into the download and is gone when it returns.
        _downloadingRun.Value = runId;
        return await download().ConfigureAwait(false);
    }

    /// <summary>Awaits a commit download, then sets the downloaded-count output and adds the files table to the summary.</summary>
    public async Task<DominoDownloadReport> DownloadAsync(DominoProjectClient client, Task<DominoDownloadReport> download)
    {
        var runId = _downloadingRun.Value;
        var facts = runId is null ? null : Facts(client, runId);
        var project = client.Project.ToString();
        DominoDownloadReport report;
        try
        {
            report = await download.ConfigureAwait(false);
        }
        catch (DominoDownloadException ex) when (ex.Report is not null)
        {
            ReportDownload(facts, project, ex.Report);
            throw;
        }

        ReportDownload(facts, project, report);
        return report;
    }

    private void ReportDownload(CiRunFacts? run, string project, DominoDownloadReport report)
    {
        var count = report.Written.Count + report.Skipped.Count;
        _writer.SetOutputs(
        [
            new(CiOutput.DownloadedCount, count.ToString(CultureInfo.InvariantCulture)),
        ]);
        _writer.AddSummary(run is null ? $"commit-{report.CommitId}-files" : $"run-{run.RunId}-files", CiSummary.Files(run, project, report));
    }

    private void Report(CiRunFacts facts, DominoRun run, IReadOnlyList<string> lastLines, bool failed)
    {
        if (failed)
        {
            _writer.ReportFailure(facts, run.Status, lastLines);
        }

        _writer.SetOutputs(RunOutputs(facts, run));
        _writer.AddSummary($"run-{facts.RunId}", CiSummary.Run(facts, run));
    }

    private static KeyValuePair<CiOutput, string>[] RunOutputs(CiRunFacts facts, DominoRun run) =>
    [
        new(CiOutput.RunId, facts.RunId),
        new(CiOutput.RunStatus, run.Status),
        new(CiOutput.RunUrl, facts.Url.AbsoluteUri),
        new(CiOutput.OutputCommit, run.OutputCommitId ?? string.Empty),
    ];

    private static CiRunFacts Facts(DominoProjectClient client, string runId) =>
        new(runId, client.Project.ToString(), client.GetRunUrl(runId));

    /// <summary>Neutralises every line but the CI commands themselves.</summary>
    private sealed class NeutralisingLogger(IDominoLogger inner, CiWriter writer) : IDominoLogger
    {
        public void Log(DominoLogLevel level, string message) =>
            inner.Log(level, level == DominoLogLevel.CiCommand ? message : writer.Neutralise(message ?? string.Empty));

        public bool IsEnabled(DominoLogLevel level) => inner.IsEnabled(level);
    }

    /// <summary>Keeps the last lines of the run's output passing through (for a failure that throws nothing).</summary>
    private sealed class TailLogger(IDominoLogger inner, int capacity) : IDominoLogger
    {
        private readonly Queue<string> _lines = new();

        public IReadOnlyList<string> LastLines
        {
            get
            {
                lock (_lines)
                {
                    return _lines.ToArray();
                }
            }
        }

        public void Log(DominoLogLevel level, string message)
        {
            if (level == DominoLogLevel.RunOutput && capacity > 0)
            {
                lock (_lines)
                {
                    _lines.Enqueue(message ?? string.Empty);
                    while (_lines.Count > capacity)
                    {
                        _lines.Dequeue();
                    }
                }
            }

            inner.Log(level, message ?? string.Empty);
        }

        public bool IsEnabled(DominoLogLevel level) => (level == DominoLogLevel.RunOutput && capacity > 0) || inner.IsEnabled(level);
    }
}
