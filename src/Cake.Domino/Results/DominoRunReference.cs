using Cake.Domino.Internal;

namespace Cake.Domino;

/// <summary>
/// A run, as returned by an alias: its project, id and web page. Pass it to the other aliases
/// (<c>DominoWaitForRun(run)</c>, <c>DominoDownloadResults(run, "./out")</c>): it carries the project, and
/// the host and credentials it was reached with (never exposed).
/// </summary>
public abstract class DominoRunReference
{
    private protected DominoRunReference(string project, string runId, Uri runUrl, DominoConnection connection)
    {
        Project = project;
        RunId = runId;
        RunUrl = runUrl;
        Connection = connection;
    }

    /// <summary>The project, <c>owner/name</c>.</summary>
    public string Project { get; }

    /// <summary>The run's id (24 hex characters).</summary>
    public string RunId { get; }

    /// <summary>Where a person can watch the run in Domino's web UI.</summary>
    public Uri RunUrl { get; }

    /// <summary>The connection the run was reached with; credentials stay inside.</summary>
    internal DominoConnection Connection { get; }

    /// <inheritdoc />
    public override string ToString() => $"run {RunId} of {Project} ({RunUrl})";
}
