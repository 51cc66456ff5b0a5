namespace Domino.Client;

/// <summary>
/// What to run. Sent as <c>POST /v4/jobs/start</c> or <c>POST /v1/projects/{owner}/{project}/runs</c>, whichever the
/// client speaks (<see cref="DominoClientOptions.Api"/>). <see cref="EnvironmentId"/>, <see cref="Branch"/>,
/// <see cref="GitRef"/>, <see cref="ExternalVolumeMounts"/> and <see cref="ComputeCluster"/> need v4;
/// <see cref="PublishApiEndpoint"/> needs v1.
/// </summary>
public sealed record DominoStartRunRequest
{
    /// <summary>
    /// The file to run and its arguments, e.g. <c>["main.py", "foo", "1"]</c>; with <see cref="IsDirect"/>, one shell command line.
    /// v4 takes one command line: each argument is quoted for a POSIX shell (see <see cref="DominoCommandLine.Join"/>), so
    /// spaces, quotes and <c>$</c> reach the program as they are.
    /// </summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Run <c>Command[0]</c> as a shell command line. Then <see cref="Command"/> must have exactly one element.</summary>
    public bool IsDirect { get; init; }

    /// <summary>A title for the run.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// The hardware tier, by id (e.g. <c>small-k8s</c>) or by name (e.g. <c>Small</c>); default: the project's. With v4 it is
    /// looked up in the project's tiers: a tier with this id wins, else exactly one tier must have this name. v1 takes it as the name.
    /// </summary>
    public string? Tier { get; init; }

    /// <summary>The project (DFS) revision to run (40 hex); default: the latest. Not together with <see cref="Branch"/>.</summary>
    public string? CommitId { get; init; }

    /// <summary>Deploy the results to the project's API endpoint on success (v1 only).</summary>
    public bool PublishApiEndpoint { get; init; }

    /// <summary>The compute environment's id (24 hex characters); default: the project's (v4 only).</summary>
    public string? EnvironmentId { get; init; }

    /// <summary>
    /// Shorthand for <see cref="GitRef"/> = <see cref="DominoGitRef.Branch"/>: run a git-based project from this branch (v4 only).
    /// Not together with <see cref="GitRef"/> or <see cref="CommitId"/>.
    /// </summary>
    public string? Branch { get; init; }

    /// <summary>The branch, tag or main-repository commit a git-based project runs from (v4 only).</summary>
    public DominoGitRef? GitRef { get; init; }

    /// <summary>Ids of the external volumes (24 hex characters each) to mount (v4 only).</summary>
    public IReadOnlyList<string>? ExternalVolumeMounts { get; init; }

    /// <summary>A Spark, Ray, Dask or MPI cluster to attach (v4 only).</summary>
    public DominoComputeCluster? ComputeCluster { get; init; }

    /// <summary>
    /// A marker that identifies this logical run across retries of a CI job (e.g. the CI run id and attempt).
    /// When set, it is added to the title, and <see cref="DominoProjectClient.StartRunAsync"/> first looks for an
    /// existing run whose title carries it and reattaches to that run instead of starting a second one.
    /// </summary>
    public string? Marker { get; init; }

    /// <summary>
    /// How long the start tolerates a failing Domino (5xx, connection refused or reset, timeouts, each after the HTTP
    /// retries), counted from the first failed request and reset by any good answer: the reads before the start (which
    /// API the server speaks, the marker's run, the project's id, the hardware tier) and a start request that never
    /// reached the server are tried again after a pause meanwhile. The first failure is a Warning, repeated at most once a
    /// minute; past this the start fails with <see cref="DominoOutageException"/> and no run was started. A start request
    /// that may have reached the server is never resent (<see cref="DominoRunMayHaveStartedException"/>). Default: 5 minutes.
    /// </summary>
    public TimeSpan MaxOutage { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>The answer to a start-run request.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="RunUrl">Where a person can watch the run in Domino's web UI.</param>
/// <param name="Message">The server's message, when it sent one.</param>
/// <param name="Reattached">True when no new run was started because a run with the same marker already existed.</param>
public sealed record DominoRunStarted(string RunId, Uri RunUrl, string? Message, bool Reattached);
