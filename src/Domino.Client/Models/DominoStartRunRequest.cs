namespace Domino.Client;

/// <summary>What to run. Mirrors the body of <c>POST /v1/projects/{owner}/{project}/runs</c>.</summary>
public sealed record DominoStartRunRequest
{
    /// <summary>The file to run and its arguments, e.g. <c>["main.py", "foo", "1"]</c>; with <see cref="IsDirect"/>, one shell command line.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Run <c>Command[0]</c> as a shell command line. Then <see cref="Command"/> must have exactly one element.</summary>
    public bool IsDirect { get; init; }

    /// <summary>A title for the run.</summary>
    public string? Title { get; init; }

    /// <summary>The hardware tier's human-readable name (e.g. <c>Small</c>); default: the project's.</summary>
    public string? Tier { get; init; }

    /// <summary>The revision to run (40 hex); default: the latest.</summary>
    public string? CommitId { get; init; }

    /// <summary>Deploy the results to the project's API endpoint on success.</summary>
    public bool PublishApiEndpoint { get; init; }

    /// <summary>
    /// A marker that identifies this logical run across retries of a CI job (e.g. the CI run id and attempt).
    /// When set, it is added to the title, and <see cref="DominoProjectClient.StartRunAsync"/> first looks for an
    /// existing run whose title carries it and reattaches to that run instead of starting a second one.
    /// </summary>
    public string? Marker { get; init; }
}

/// <summary>The answer to a start-run request.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="RunUrl">Where a person can watch the run in Domino's web UI.</param>
/// <param name="Message">The server's message, when it sent one.</param>
/// <param name="Reattached">True when no new run was started because a run with the same marker already existed.</param>
public sealed record DominoRunStarted(string RunId, Uri RunUrl, string? Message, bool Reattached);
