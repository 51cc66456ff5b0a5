namespace Domino.Client;

/// <summary>The class of a run status string.</summary>
public enum DominoRunStatusKind
{
    /// <summary>The run has not finished yet.</summary>
    InProgress,

    /// <summary>The run finished successfully (<c>Succeeded</c>).</summary>
    Succeeded,

    /// <summary>The run finished without success (<c>Failed</c>, <c>Error</c>, <c>Stopped</c>, <c>Faulty</c>, <c>Cancelled</c>).</summary>
    Failed,

    /// <summary>The run serves an app or port and never ends by itself (<c>Serving</c>).</summary>
    Serving,

    /// <summary>A status this client does not know; treated as in progress, but reported.</summary>
    Unknown,
}

/// <summary>The run status strings Domino uses, and their classification.</summary>
public static class DominoRunStatus
{
    /// <summary>The only successful terminal status.</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>User code failed.</summary>
    public const string Failed = "Failed";

    /// <summary>The platform failed.</summary>
    public const string Error = "Error";

    /// <summary>Stopped by a user.</summary>
    public const string Stopped = "Stopped";

    /// <summary>An app or published port; never ends by itself.</summary>
    public const string Serving = "Serving";

    private static readonly HashSet<string> InProgress = new(StringComparer.OrdinalIgnoreCase)
    {
        "Pending", "Queued", "Scheduled", "Preparing", "Building", "Pulling", "Running",
        "StopRequested", "StopAndDiscardRequested", "Stopping", "Finishing",
    };

    private static readonly HashSet<string> FailedStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        Failed, Error, Stopped, "Faulty", "Cancelled", "Canceled",
    };

    /// <summary>Classifies a status string. <see langword="null"/> or empty is <see cref="DominoRunStatusKind.Unknown"/>.</summary>
    public static DominoRunStatusKind Classify(string? status)
    {
        if (string.IsNullOrEmpty(status))
        {
            return DominoRunStatusKind.Unknown;
        }

        if (string.Equals(status, Succeeded, StringComparison.OrdinalIgnoreCase))
        {
            return DominoRunStatusKind.Succeeded;
        }

        if (FailedStatuses.Contains(status))
        {
            return DominoRunStatusKind.Failed;
        }

        if (string.Equals(status, Serving, StringComparison.OrdinalIgnoreCase))
        {
            return DominoRunStatusKind.Serving;
        }

        return InProgress.Contains(status) ? DominoRunStatusKind.InProgress : DominoRunStatusKind.Unknown;
    }
}
