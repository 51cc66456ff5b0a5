using Domino.Client;
using Microsoft.Build.Framework;

namespace Domino.MSBuild;

/// <summary>
/// Starts a Domino run and returns its id and web address. With a <see cref="Marker"/>, a retried build reattaches
/// to the run it started before instead of starting a second one.
/// </summary>
/// <example>
/// <code><![CDATA[
/// <DominoStartRun Project="alice/quick" Command="main.py;foo;1">
///   <Output TaskParameter="RunId" PropertyName="RunId" />
/// </DominoStartRun>
/// ]]></code>
/// </example>
public sealed class DominoStartRun : DominoTaskBase
{
    private DominoStartRunRequest? _request;

    /// <summary>
    /// The file to run and its arguments, as items or a <c>;</c> list (<c>main.py;foo;1</c>). With <see cref="IsDirect"/>,
    /// one shell command line (write a <c>;</c> inside it as <c>%3B</c>). Required.
    /// </summary>
    public ITaskItem[]? Command { get; set; }

    /// <summary>Run <see cref="Command"/> as one shell command line. Default: false.</summary>
    public string? IsDirect { get; set; }

    /// <summary>A title for the run.</summary>
    public string? Title { get; set; }

    /// <summary>The hardware tier's name, for example <c>Small</c>. Default: the project's.</summary>
    public string? Tier { get; set; }

    /// <summary>The project revision to run (40 hex characters). Default: the latest.</summary>
    public string? CommitId { get; set; }

    /// <summary>Deploy the results to the project's API endpoint on success. Default: false.</summary>
    public string? PublishApiEndpoint { get; set; }

    /// <summary>
    /// Identifies this logical run across retries of a CI job (for example the CI run id and attempt). Added to the
    /// title; a run already carrying it is reattached to instead of starting a second one.
    /// </summary>
    public string? Marker { get; set; }

    /// <summary>
    /// How long a failing Domino (5xx, no connection, timeouts) is tolerated while starting, from the first failed request
    /// and reset by any good answer, for example <c>00:05:00</c> or <c>300</c> (seconds): the first failure is warning
    /// DOM020, repeated at most once a minute; past it, error DOM015 (no run was started). Default: 5 minutes.
    /// </summary>
    public string? MaxOutage { get; set; }

    /// <summary>The run's id (24 hex characters).</summary>
    [Output]
    public string? RunId { get; private set; }

    /// <summary>Where to watch the run in Domino's web UI.</summary>
    [Output]
    public string? RunUrl { get; private set; }

    /// <summary>True when no new run was started because a run with the same <see cref="Marker"/> existed.</summary>
    [Output]
    public bool Reattached { get; private set; }

    private protected override string DescribeOperation() => $"starting a run of project {TaskParameters.Trimmed(Project) ?? "(from the environment)"}";

    private protected override void PrepareParameters()
    {
        var command = TaskParameters.ItemSpecs(Command).Select(static part => part.Trim()).Where(static part => part.Length > 0).ToArray();
        var request = new DominoStartRunRequest
        {
            Command = command,
            IsDirect = TaskParameters.ParseBool(IsDirect, nameof(IsDirect), false),
            Title = TaskParameters.Trimmed(Title),
            Tier = TaskParameters.Trimmed(Tier),
            CommitId = TaskParameters.OptionalCommitId(CommitId, nameof(CommitId)),
            PublishApiEndpoint = TaskParameters.ParseBool(PublishApiEndpoint, nameof(PublishApiEndpoint), false),
            Marker = TaskParameters.Trimmed(Marker),
        };
        if (TaskParameters.ParseDuration(MaxOutage, nameof(MaxOutage)) is { } maxOutage)
        {
            request = request with { MaxOutage = maxOutage };
        }


        // The core's own checks, before anything is sent: its messages name Command, IsDirect, CommitId and Marker as this task does.
        TaskParameters.Check(() => DominoProjectClient.ValidateStartRun(request), static _ => null);
        _request = request;
    }

    private protected override async Task ExecuteCoreAsync(DominoProjectClient project, CancellationToken cancellationToken)
    {
        var started = await project.StartRunAsync(_request!, cancellationToken).ConfigureAwait(false);
        RunId = started.RunId;
        RunUrl = started.RunUrl.ToString();
        Reattached = started.Reattached;
        LogMilestone(started.Reattached
            ? $"Domino: reattached to run {started.RunId} of {project.Project} (marker '{_request!.Marker}'): {RunUrl}"
            : $"Domino: started run {started.RunId} of {project.Project}: {RunUrl}");
    }
}
