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

    /// <summary>The hardware tier's human-readable name, for example <c>Small</c>. Default: the project's.</summary>
    public string? Tier { get; set; }

    /// <summary>The project revision to run (40 hex characters). Default: the latest.</summary>
    public string? CommitId { get; set; }

    /// <summary>Deploy the results to the project's API endpoint on success. Default: false.</summary>
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
