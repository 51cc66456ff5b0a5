using System.Globalization;
using System.Text;
using Domino.Client;
using Domino.Client.Text;
using Microsoft.Build.Framework;

namespace Domino.MSBuild;

/// <summary>
/// Waits for a run to finish while its output streams into the build log (high importance), and fails the build
/// (DOM008) unless it ended with <c>Succeeded</c> or an accepted status. Yields the build node while it waits;
/// cancelling the build stops waiting at once and, with <see cref="StopOnCancel"/>, stops the run.
/// </summary>
/// <example>
/// <code><![CDATA[
/// <DominoWaitForRun Project="alice/quick" RunId="$(RunId)" Timeout="01:00:00" />
/// ]]></code>
/// </example>
public sealed class DominoWaitForRun : DominoTaskBase
{
    private string _runId = string.Empty;
    private DominoWaitOptions _options = new();
    private Uri? _runUrl;
    private bool _continueOnRunFailure;

    /// <summary>The run's id (the <c>RunId</c> output of <see cref="DominoStartRun"/>). Required.</summary>
    public string? RunId { get; set; }

    /// <summary>The longest wait: seconds (<c>1800</c>) or a time span (<c>00:30:00</c>). Default: none.</summary>
    public string? Timeout { get; set; }

    /// <summary>Stop the run when <see cref="Timeout"/> passes. Default: false (the run keeps going).</summary>
    public string? StopOnTimeout { get; set; }

    /// <summary>Stop the run when the build is cancelled (Ctrl+C). Default: true.</summary>
    public string? StopOnCancel { get; set; }

    /// <summary>The first poll interval, used again after each status change. Default: 1 second.</summary>
    public string? PollInterval { get; set; }

    /// <summary>The longest poll interval the backoff grows to. Default: 30 seconds.</summary>
    public string? MaxPollInterval { get; set; }

    /// <summary>After success, how long to wait for the run's results to be saved. Default: 2 minutes.</summary>
    public string? ResultsTimeout { get; set; }

    /// <summary>
    /// How long a failing Domino (5xx, no connection, timeouts) is tolerated, from the first failed poll, before the
    /// task fails with DOM015; reset by any good answer. Default: 5 minutes.
    /// </summary>
    public string? MaxOutage { get; set; }

    /// <summary>Failed statuses to accept as success, as a <c>;</c> list (for example <c>Stopped</c>). Default: none.</summary>
    public string? AcceptStatuses { get; set; }

    /// <summary>Log a failed run as warning DOM021 instead of error DOM008, and go on. Default: false.</summary>
    public string? ContinueOnRunFailure { get; set; }

    /// <summary>Stream the run's output into the build log. Default: true.</summary>
    public string? StreamOutput { get; set; }

    /// <summary>How many of the run's last output lines a failure shows. Default: 20.</summary>
    public string? FailureOutputLines { get; set; }

    /// <summary>The run's final status (for example <c>Succeeded</c>, <c>Failed</c>, <c>Stopped</c>).</summary>
    [Output]
    public string? Status { get; private set; }

    /// <summary>True when the run ended with <c>Succeeded</c> or an accepted status.</summary>
    [Output]
    public bool Succeeded { get; private set; }

    /// <summary>The commit holding the run's results (empty when they were not saved in time).</summary>
    [Output]
    public string? OutputCommitId { get; private set; }

    /// <summary>How long the run ran, as <c>hh:mm:ss.fffffff</c> (empty when Domino did not say).</summary>
    [Output]
    public string? Duration { get; private set; }

    /// <summary>Where to see the run in Domino's web UI.</summary>
    [Output]
    public string? RunUrl { get; private set; }

    private protected override bool YieldsWhileWorking => true;

    private protected override string DescribeOperation() => $"waiting for run {_runId}";

    private protected override string DescribeCancellation() =>
        _options.StopOnCancel
            ? $"StopOnCancel is true, so Domino was asked to stop the run: {_runUrl}"
            : $"StopOnCancel is false, so the run keeps going: {_runUrl}";

    private protected override void PrepareParameters()
    {
        _runId = TaskParameters.RequireRunId(RunId, nameof(RunId));
        var options = new DominoWaitOptions
        {
            Timeout = TaskParameters.ParseDuration(Timeout, nameof(Timeout)),
            StopOnTimeout = TaskParameters.ParseBool(StopOnTimeout, nameof(StopOnTimeout), false),
            StopOnCancel = TaskParameters.ParseBool(StopOnCancel, nameof(StopOnCancel), true),
            StreamOutput = TaskParameters.ParseBool(StreamOutput, nameof(StreamOutput), true),
            ThrowOnFailure = true,
        };
        options.InitialPollInterval = TaskParameters.ParseDuration(PollInterval, nameof(PollInterval)) ?? options.InitialPollInterval;
        options.MaxPollInterval = TaskParameters.ParseDuration(MaxPollInterval, nameof(MaxPollInterval)) ?? options.MaxPollInterval;
        options.ResultsTimeout = TaskParameters.ParseDuration(ResultsTimeout, nameof(ResultsTimeout)) ?? options.ResultsTimeout;
        options.MaxOutage = TaskParameters.ParseDuration(MaxOutage, nameof(MaxOutage)) ?? options.MaxOutage;
        options.FailureOutputLines = TaskParameters.ParsePositiveInt(FailureOutputLines, nameof(FailureOutputLines), 1000) ?? options.FailureOutputLines;
        foreach (var status in TaskParameters.SplitList(AcceptStatuses))
        {
            options.AcceptStatuses.Add(status);
        }

        // The core's own checks, before anything is sent; its property names are turned into this task's parameters.
        TaskParameters.Check(options.Validate, static property => property switch
        {
            nameof(DominoWaitOptions.InitialPollInterval) => nameof(PollInterval),
            _ => property,
        });
        _continueOnRunFailure = TaskParameters.ParseBool(ContinueOnRunFailure, nameof(ContinueOnRunFailure), false);
        _options = options;
    }

    private protected override async Task ExecuteCoreAsync(DominoProjectClient project, CancellationToken cancellationToken)
    {
        _runUrl = project.GetRunUrl(_runId);
        RunUrl = _runUrl.ToString();
        var timeout = _options.Timeout is { } t ? $" (timeout {t})" : string.Empty;
        LogMilestone($"Domino: waiting for run {_runId}{timeout}: {RunUrl}");
        try
        {
            var run = await project.WaitForRunAsync(_runId, _options, cancellationToken).ConfigureAwait(false);
            SetOutputs(run);
            Succeeded = _options.Accepts(run);
            LogMilestone($"Domino: run {_runId} ended {run.Status}{FormatDuration(run)}{FormatExecution(run)}: {RunUrl}");
        }
        catch (DominoRunFailedException failure) when (_continueOnRunFailure)
        {
            SetOutputs(failure.Run);
            Succeeded = false;
            LogCodedWarning(DominoErrorCodes.RunFailedContinuing, DescribeRunFailure(failure) + Environment.NewLine + "ContinueOnRunFailure is true, so the build goes on.");
        }
    }

    private protected override (string Code, string Message)? DescribeFailure(Exception exception) => exception switch
    {
        DominoRunFailedException failure => (DominoErrorCodes.RunFailed, DescribeRunFailure(failure)),
        DominoWaitTimeoutException timeout => (DominoErrorCodes.WaitTimedOut,
            $"Timed out after {timeout.Timeout} waiting for run {timeout.Run.Id}, last seen {Display(timeout.Run.Status)} (this is the Timeout parameter, not a cancellation). "
            + (_options.StopOnTimeout
                ? "StopOnTimeout is true, so Domino was asked to stop the run: "
                : "The run keeps going (set StopOnTimeout=true to stop it, or raise Timeout): ")
            + timeout.RunUrl),
        _ => null,
    };

    private void SetOutputs(DominoRun run)
    {
        Status = run.Status;
        OutputCommitId = run.OutputCommitId;
        Duration = run.Duration?.ToString("c", CultureInfo.InvariantCulture);
    }

    private static string DescribeRunFailure(DominoRunFailedException failure)
    {
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Domino run {failure.Run.Id} ended with status {Display(failure.Run.Status)}, not Succeeded: {failure.RunUrl}");
        if (failure.LastOutputLines.Count > 0)
        {
            message.AppendLine().Append(CultureInfo.InvariantCulture, $"Last {failure.LastOutputLines.Count} lines of its output:");
            foreach (var line in failure.LastOutputLines)
            {
                message.AppendLine().Append("  ").Append(line);
            }
        }
        else
        {
            message.Append(" (it printed no output)");
        }

        return message.ToString();
    }

    private static string Display(string status) => string.IsNullOrEmpty(status) ? "(no status)" : status;

    /// <summary>The hardware tier and environment the run got, when the server said (v4 only).</summary>
    private static string FormatExecution(DominoRun run) =>
        run.Execution is { } execution ? $" on {execution}" : string.Empty;

    private static string FormatDuration(DominoRun run) =>
        run.Duration is { } d ? $" after {DominoFormat.Duration(d)}" : string.Empty;
}
