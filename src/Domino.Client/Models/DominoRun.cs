namespace Domino.Client;

/// <summary>A run's state as the server reported it.</summary>
public sealed record DominoRun
{
    /// <summary>The run id (24 hex characters).</summary>
    public required string Id { get; init; }

    /// <summary>The project's id, when the server reports it.</summary>
    public string? ProjectId { get; init; }

    /// <summary>The run's number within its project.</summary>
    public int? Number { get; init; }

    /// <summary>The id of the user who started the run.</summary>
    public string? StartingUserId { get; init; }

    /// <summary>When the run was queued.</summary>
    public DateTimeOffset? Queued { get; init; }

    /// <summary>When the run started executing; <see langword="null"/> until then.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>When the run completed; <see langword="null"/> until then.</summary>
    public DateTimeOffset? Completed { get; init; }

    /// <summary>The status string, exactly as the server sent it (may be empty when missing).</summary>
    public required string Status { get; init; }

    /// <summary>The commit the run started from.</summary>
    public string? CommitId { get; init; }

    /// <summary>The commit holding the run's results; set a little after completion.</summary>
    public string? OutputCommitId { get; init; }

    /// <summary>The run's title.</summary>
    public string? Title { get; init; }

    /// <summary>Whether the run is archived.</summary>
    public bool IsArchived { get; init; }

    /// <summary>The hardware tier's id.</summary>
    public string? HardwareTierId { get; init; }

    /// <summary>The server's own completion flag (newer servers only).</summary>
    public bool? IsCompleted { get; init; }

    /// <summary>When post-processing (saving results) finished (newer servers only).</summary>
    public DateTimeOffset? PostProcessed { get; init; }

    /// <summary>The executor that ran it (newer servers only).</summary>
    public string? Executor { get; init; }

    /// <summary>Whether the server's diagnostic statistics flag an error (newer servers only).</summary>
    public bool? DiagnosticIsError { get; init; }

    /// <summary>The server's diagnostic key/value statistics (newer servers only; empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Diagnostics { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The hardware tier and environment the run really got (v4 only), when known: set on the run
    /// <see cref="DominoProjectClient.WaitForRunAsync"/> returns; <see cref="DominoProjectClient.GetRunExecutionDetailsAsync"/> asks for them.
    /// </summary>
    public DominoRunExecutionDetails? Execution { get; init; }

    /// <summary>The class of <see cref="Status"/>.</summary>
    public DominoRunStatusKind StatusKind => DominoRunStatus.Classify(Status);

    /// <summary>True when the run has ended: <see cref="IsCompleted"/> or a terminal status.</summary>
    public bool IsFinished => IsCompleted == true
        || StatusKind is DominoRunStatusKind.Succeeded or DominoRunStatusKind.Failed;

    /// <summary>True only for the <c>Succeeded</c> status.</summary>
    public bool IsSucceeded => StatusKind == DominoRunStatusKind.Succeeded;

    /// <summary>Time from start to completion, when both are known.</summary>
    public TimeSpan? Duration => Started is { } s && Completed is { } c ? c - s : null;
}
