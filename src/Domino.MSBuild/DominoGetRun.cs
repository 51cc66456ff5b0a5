using System.Globalization;
using Domino.Client;
using Microsoft.Build.Framework;

namespace Domino.MSBuild;

/// <summary>Reads a run's current state without waiting.</summary>
/// <example>
/// <code><![CDATA[
/// <DominoGetRun Project="alice/quick" RunId="$(RunId)">
///   <Output TaskParameter="Status" PropertyName="RunStatus" />
/// </DominoGetRun>
/// ]]></code>
/// </example>
public sealed class DominoGetRun : DominoTaskBase
{
    private string _runId = string.Empty;

    /// <summary>The run's id (the <c>RunId</c> output of <see cref="DominoStartRun"/>). Required.</summary>
    public string? RunId { get; set; }

    /// <summary>The status, exactly as Domino reports it (for example <c>Running</c>, <c>Succeeded</c>, <c>Failed</c>).</summary>
    [Output]
    public string? Status { get; private set; }

    /// <summary>The class of the status: <c>InProgress</c>, <c>Succeeded</c>, <c>Failed</c>, <c>Serving</c> or <c>Unknown</c>.</summary>
    [Output]
    public string? StatusKind { get; private set; }

    /// <summary>True once the run has ended.</summary>
    [Output]
    public bool IsFinished { get; private set; }

    /// <summary>True only when the run ended with <c>Succeeded</c>.</summary>
    [Output]
    public bool Succeeded { get; private set; }

    /// <summary>The commit holding the run's results, once saved.</summary>
    [Output]
    public string? OutputCommitId { get; private set; }

    /// <summary>The commit the run started from.</summary>
    [Output]
    public string? CommitId { get; private set; }

    /// <summary>The run's title.</summary>
    [Output]
    public string? Title { get; private set; }

    /// <summary>The run's number within its project.</summary>
    [Output]
    public string? Number { get; private set; }

    /// <summary>Where to see the run in Domino's web UI.</summary>
    [Output]
    public string? RunUrl { get; private set; }

    private protected override string DescribeOperation() => $"reading run {_runId}";

    private protected override void PrepareParameters() => _runId = TaskParameters.RequireRunId(RunId, nameof(RunId));

    private protected override async Task ExecuteCoreAsync(DominoProjectClient project, CancellationToken cancellationToken)
    {
        var run = await project.GetRunAsync(_runId, cancellationToken).ConfigureAwait(false);
        Status = run.Status;
        StatusKind = run.StatusKind.ToString();
        IsFinished = run.IsFinished;
        Succeeded = run.IsSucceeded;
        OutputCommitId = run.OutputCommitId;
        CommitId = run.CommitId;
        Title = run.Title;
        Number = run.Number?.ToString(CultureInfo.InvariantCulture);
        RunUrl = project.GetRunUrl(_runId).ToString();
        Log.LogMessage(MessageImportance.Normal, $"Domino: run {_runId} is {run.Status}: {RunUrl}");
    }
}
