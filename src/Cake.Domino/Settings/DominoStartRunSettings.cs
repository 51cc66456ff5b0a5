using Domino.Client;

namespace Cake.Domino;

/// <summary>What <c>DominoStartRun</c> runs.</summary>
public class DominoStartRunSettings : DominoSettings
{
    /// <summary>
    /// The file to run and its arguments, for example <c>new[] { "main.py", "foo", "1" }</c>; with
    /// <see cref="IsDirect"/>, a single shell command line. Required.
    /// </summary>
#pragma warning disable CA2227 // A settable list lets scripts write `Command = new[] { ... }`.
    public IList<string> Command { get; set; } = new List<string>();
#pragma warning restore CA2227

    /// <summary>Run <c>Command[0]</c> as a shell command line (then <see cref="Command"/> has exactly one element). Default: false.</summary>
    public bool IsDirect { get; set; }

    /// <summary>A title for the run. Default: none.</summary>
    public string? Title { get; set; }

    /// <summary>
    /// The hardware tier to run on, by id (for example <c>small-k8s</c>) or by name (for example <c>Large</c>):
    /// through the v4 Jobs API a tier with this id wins, else exactly one of the project's tiers must carry this name
    /// (<c>DominoListHardwareTiers</c> lists them); the v1 runs API takes it as the name. Default: the project's.
    /// </summary>
    public string? HardwareTier { get; set; }

    /// <summary>
    /// The project (DFS) revision to run (40 hex characters). Not together with <see cref="Branch"/>. Default: the latest.
    /// </summary>
    public string? CommitId { get; set; }

    /// <summary>
    /// The id of the compute environment to run in (24 hex characters; <c>DominoListEnvironments</c> lists them).
    /// Needs the v4 Jobs API. Default: the project's.
    /// </summary>
    public string? EnvironmentId { get; set; }

    /// <summary>
    /// The branch a git-based project runs from: shorthand for <see cref="GitRef"/> = <c>DominoGitRef.Branch(name)</c>.
    /// Not together with <see cref="GitRef"/> or <see cref="CommitId"/>. Needs the v4 Jobs API. Default: none.
    /// </summary>
    public string? Branch { get; set; }

    /// <summary>
    /// The branch, tag or main-repository commit a git-based project runs from, for example <c>DominoGitRef.Tag("v1.2.0")</c>
    /// or <c>DominoGitRef.Parse("commit:9f2c1e4")</c>. Needs the v4 Jobs API. Default: none.
    /// </summary>
    public DominoGitRef? GitRef { get; set; }

    /// <summary>
    /// The ids of the external volumes to mount (24 hex characters each). Needs the v4 Jobs API. Default: none.
    /// </summary>
#pragma warning disable CA2227 // A settable list lets scripts write `ExternalVolumeMounts = new[] { ... }`.
    public IList<string> ExternalVolumeMounts { get; set; } = new List<string>();
#pragma warning restore CA2227

    /// <summary>A Spark, Ray, Dask or MPI cluster to attach to the run. Needs the v4 Jobs API. Default: none.</summary>
    public DominoComputeCluster? ComputeCluster { get; set; }

    /// <summary>
    /// Deploy the results to the project's API endpoint on success. Needs the v1 runs API (<see cref="DominoSettings.Api"/>
    /// <c>V1</c>). Default: false.
    /// </summary>
    public bool PublishApiEndpoint { get; set; }

    /// <summary>
    /// A marker identifying this logical run across retries of a CI job (for example the CI run id and attempt).
    /// It is added to the title, and a run already carrying it is reattached to instead of starting a second one.
    /// Default: none.
    /// </summary>
    public string? Marker { get; set; }

    /// <summary>
    /// How long the start tolerates a failing Domino (5xx, connection refused or reset, timeouts), from the first failed
    /// request and reset by any good answer: the first failure is a Warning, repeated at most once a minute; past it the
    /// alias fails (no run was started). A start request that may have reached Domino is never sent twice. Default: 5 minutes.
    /// </summary>
    public TimeSpan? MaxOutage { get; set; }
}
