using Cake.Domino.Internal;
using Domino.Client;

namespace Cake.Domino;

/// <summary>
/// A run's state, as returned by <c>DominoGetRun</c>, <c>DominoListRuns</c> and <c>DominoWaitForRun</c>:
/// id, URL, status, timings and commit ids. Pass it to <c>DominoDownloadResults</c>.
/// </summary>
public sealed class DominoRunResult : DominoRunReference
{
    internal DominoRunResult(string project, DominoRun run, Uri runUrl, DominoConnection connection)
        : base(project, run.Id, runUrl, connection)
    {
        Run = run;
    }

    /// <summary>The run as the client reported it, with every field the server sent.</summary>
    public DominoRun Run { get; }

    /// <summary>The status string exactly as the server sent it, for example <c>Succeeded</c>.</summary>
    public string Status => Run.Status;

    /// <summary>The class of <see cref="Status"/>: in progress, succeeded, failed, serving or unknown.</summary>
    public DominoRunStatusKind StatusKind => Run.StatusKind;

    /// <summary>True only for the <c>Succeeded</c> status.</summary>
    public bool IsSucceeded => Run.IsSucceeded;

    /// <summary>True when the run has ended.</summary>
    public bool IsFinished => Run.IsFinished;

    /// <summary>The run's number within its project.</summary>
    public int? Number => Run.Number;

    /// <summary>The run's title.</summary>
    public string? Title => Run.Title;

    /// <summary>When the run was queued.</summary>
    public DateTimeOffset? Queued => Run.Queued;

    /// <summary>When the run started executing.</summary>
    public DateTimeOffset? Started => Run.Started;

    /// <summary>When the run completed.</summary>
    public DateTimeOffset? Completed => Run.Completed;

    /// <summary>Time from start to completion, when both are known.</summary>
    public TimeSpan? Duration => Run.Duration;

    /// <summary>The commit the run started from.</summary>
    public string? CommitId => Run.CommitId;

    /// <summary>The commit holding the run's results, once saved.</summary>
    public string? OutputCommitId => Run.OutputCommitId;

    /// <inheritdoc />
    public override string ToString() => $"run {RunId} of {Project}: {Status} ({RunUrl})";
}
