using System.Globalization;
using Domino.Client;
using Microsoft.Build.Framework;

namespace Domino.MSBuild;

/// <summary>
/// Starts a Domino run and returns its id and web address: a v4 job where the server has the v4 Jobs API, else a v1 run
/// (see <see cref="DominoTaskBase.Api"/>), on the <see cref="HardwareTier"/>, environment and git reference asked for. With a
/// <see cref="Marker"/>, a retried build reattaches to the run it started before instead of starting a second one.
/// </summary>
/// <example>
/// <code><![CDATA[
/// <DominoStartRun Project="alice/quick" Command="main.py;foo;1" HardwareTier="large">
///   <Output TaskParameter="RunId" PropertyName="RunId" />
/// </DominoStartRun>
/// ]]></code>
/// </example>
public sealed class DominoStartRun : DominoTaskBase
{
    /// <summary>Where the hardware tier comes from, for the errors about it.</summary>
    private const string HardwareTierSource =
        "The hardware tier is the task's HardwareTier parameter (or its older name Tier), the DominoHardwareTier (or DominoTier) property for the DominoRun target.";

    /// <summary>Where the compute cluster comes from, with a complete example, for the errors about it.</summary>
    private const string ComputeClusterSource =
        "The compute cluster is the task's ComputeCluster item (the DominoComputeCluster item for the DominoRun target): the cluster type with metadata, for example "
        + "<DominoComputeCluster Include=\"Spark\" ComputeEnvironmentId=\"5f7a8c2e4b0a1c3d5e6f7a8b\" MasterHardwareTierId=\"small-k8s\" WorkerHardwareTierId=\"small-k8s\" WorkerCount=\"3\" />.";

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

    /// <summary>
    /// The hardware tier to run on, by id (<c>small-k8s</c>) or by name (<c>Large</c>): with the v4 Jobs API a tier with this id
    /// wins, else exactly one tier of the project must have this name. Default: the project's.
    /// </summary>
    public string? HardwareTier { get; set; }

    /// <summary>The older name of <see cref="HardwareTier"/>, kept working: setting both to different values is error DOM030.</summary>
    public string? Tier { get; set; }

    /// <summary>The project revision to run (40 hex characters). Default: the latest. Not together with <see cref="Branch"/>.</summary>
    public string? CommitId { get; set; }

    /// <summary>The compute environment's id (24 hex characters). Default: the project's. Needs the v4 Jobs API.</summary>
    public string? EnvironmentId { get; set; }

    /// <summary>
    /// For a git-based project: the branch to run from, for example <c>main</c>. Shorthand for <c>GitRef="branch:main"</c>;
    /// not together with <see cref="GitRef"/> or <see cref="CommitId"/>. Needs the v4 Jobs API.
    /// </summary>
    public string? Branch { get; set; }

    /// <summary>
    /// For a git-based project: the branch, tag or commit of its main repository to run from, as <c>kind:value</c>:
    /// <c>branch:main</c>, <c>tag:v1.2.0</c> or <c>commit:9f2c1e4</c> (also <c>branches:</c>, <c>tags:</c>, <c>commitId:</c>).
    /// Needs the v4 Jobs API.
    /// </summary>
    public string? GitRef { get; set; }

    /// <summary>Ids of the external volumes to mount (24 hex characters each), as items or a <c>;</c> list. Needs the v4 Jobs API.</summary>
    public ITaskItem[]? ExternalVolumeMounts { get; set; }

    /// <summary>
    /// A Spark, Ray, Dask or MPI cluster to attach, as one item: the item is the cluster type, its metadata
    /// <c>ComputeEnvironmentId</c>, <c>WorkerHardwareTierId</c>, <c>WorkerCount</c>, <c>MasterHardwareTierId</c> (except MPI),
    /// and optionally <c>ComputeEnvironmentRevision</c>, <c>MaxWorkerCount</c>, <c>WorkerStorageGiB</c>. Needs the v4 Jobs API.
    /// </summary>
    public ITaskItem[]? ComputeCluster { get; set; }

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
            Tier = ResolveTier(),
            CommitId = TaskParameters.OptionalCommitId(CommitId, nameof(CommitId)),
            EnvironmentId = TaskParameters.Trimmed(EnvironmentId),
            Branch = TaskParameters.Trimmed(Branch),
            GitRef = ParseGitRef(),
            ExternalVolumeMounts = ParseExternalVolumeMounts(),
            ComputeCluster = ParseComputeCluster(),
            PublishApiEndpoint = TaskParameters.ParseBool(PublishApiEndpoint, nameof(PublishApiEndpoint), false),
            Marker = TaskParameters.Trimmed(Marker),
        };
        if (TaskParameters.ParseDuration(MaxOutage, nameof(MaxOutage)) is { } maxOutage)
        {
            request = request with { MaxOutage = maxOutage };
        }


        // The core's own checks, before anything is sent. The property at fault (ParamName) picks the code and the
        // parameters named; Command, IsDirect, CommitId and Marker are named by the core's message as this task names them.
        try
        {
            DominoProjectClient.ValidateStartRun(request);
        }
        catch (ArgumentException exception)
        {
            throw Invalid(exception.ParamName, TaskParameters.FirstLine(exception.Message));
        }

        _request = request;
    }

    private protected override (string Code, string Message)? DescribeFailure(Exception exception) => exception switch
    {
        DominoConfigurationException { Setting: DominoSetting.HardwareTier } tier => (DominoErrorCodes.InvalidHardwareTier,
            $"{DescribeOperationCapitalized()} failed: {char.ToUpperInvariant(tier.Detail[0])}{tier.Detail[1..]} {HardwareTierSource}"),
        _ => null,
    };

    /// <summary>A coded error for a value the core refused: the code and the parameters named follow the request property at fault.</summary>
    private static DominoTaskException Invalid(string? property, string reason)
    {
        var (code, source) = property switch
        {
            nameof(DominoStartRunRequest.Tier) => (DominoErrorCodes.InvalidHardwareTier, HardwareTierSource),
            nameof(DominoStartRunRequest.EnvironmentId) => (DominoErrorCodes.InvalidEnvironmentId,
                "The environment is the task's EnvironmentId parameter, the DominoEnvironmentId property for the DominoRun target."),
            nameof(DominoStartRunRequest.Branch) or nameof(DominoStartRunRequest.GitRef) => (DominoErrorCodes.InvalidGitRef,
                "The git reference is the task's Branch, GitRef or CommitId parameter, the DominoBranch, DominoGitRef or DominoCommitId property for the DominoRun target."),
            nameof(DominoStartRunRequest.ExternalVolumeMounts) => (DominoErrorCodes.InvalidExternalVolumeMounts,
                "External volumes are the task's ExternalVolumeMounts parameter (items or a ';' list), the DominoExternalVolumeMounts property for the DominoRun target."),
            nameof(DominoStartRunRequest.ComputeCluster) => (DominoErrorCodes.InvalidComputeCluster, ComputeClusterSource),
            _ => (DominoErrorCodes.InvalidParameter, string.Empty),
        };
        return new DominoTaskException(code, source.Length == 0 ? reason : $"{reason} {source}");
    }

    private string DescribeOperationCapitalized()
    {
        var operation = DescribeOperation();
        return char.ToUpperInvariant(operation[0]) + operation[1..];
    }

    /// <summary><see cref="HardwareTier"/>, or its older name <see cref="Tier"/>; both set to different values is an error naming both.</summary>
    private string? ResolveTier()
    {
        var hardwareTier = TaskParameters.Trimmed(HardwareTier);
        var tier = TaskParameters.Trimmed(Tier);
        if (hardwareTier is not null && tier is not null && !string.Equals(hardwareTier, tier, StringComparison.Ordinal))
        {
            throw new DominoTaskException(
                DominoErrorCodes.InvalidHardwareTier,
                $"HardwareTier '{hardwareTier}' and Tier '{tier}' are both set, to different values (DominoHardwareTier and DominoTier for the DominoRun target): "
                + $"Tier is the older name of HardwareTier. Give only HardwareTier, for example HardwareTier=\"{hardwareTier}\" (-p:DominoHardwareTier={hardwareTier}).");
        }

        return hardwareTier ?? tier;
    }

    private DominoGitRef? ParseGitRef()
    {
        var text = TaskParameters.Trimmed(GitRef);
        if (text is null)
        {
            return null;
        }

        try
        {
            return DominoGitRef.Parse(text);
        }
        catch (ArgumentException exception)
        {
            throw Invalid(nameof(DominoStartRunRequest.GitRef), TaskParameters.FirstLine(exception.Message));
        }
    }

    private string[]? ParseExternalVolumeMounts()
    {
        var mounts = TaskParameters.ItemSpecs(ExternalVolumeMounts).Select(static id => id.Trim()).Where(static id => id.Length > 0).ToArray();
        return mounts.Length == 0 ? null : mounts;
    }

    private DominoComputeCluster? ParseComputeCluster()
    {
        if (ComputeCluster is not { Length: > 0 } items)
        {
            return null;
        }

        if (items.Length > 1)
        {
            throw new DominoTaskException(
                DominoErrorCodes.InvalidComputeCluster,
                $"ComputeCluster has {items.Length} items ({string.Join(", ", items.Select(static i => i.ItemSpec))}): a run attaches at most one cluster, so give one item. {ComputeClusterSource}");
        }

        var item = items[0];
        string? Metadata(string name) => TaskParameters.Trimmed(item.GetMetadata(name));
        int? Count(string name) => ParseClusterNumber(Metadata(name), name, static (string text, out int value) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value), "a whole number, for example 3");
        return new DominoComputeCluster
        {
            ClusterType = item.ItemSpec.Trim(),
            ComputeEnvironmentId = Metadata(nameof(DominoComputeCluster.ComputeEnvironmentId)) ?? string.Empty,
            ComputeEnvironmentRevision = Metadata(nameof(DominoComputeCluster.ComputeEnvironmentRevision)),
            MasterHardwareTierId = Metadata(nameof(DominoComputeCluster.MasterHardwareTierId)),
            WorkerHardwareTierId = Metadata(nameof(DominoComputeCluster.WorkerHardwareTierId)) ?? string.Empty,
            WorkerCount = Count(nameof(DominoComputeCluster.WorkerCount)) ?? 0,
            MaxWorkerCount = Count(nameof(DominoComputeCluster.MaxWorkerCount)),
            WorkerStorageGiB = ParseClusterNumber(Metadata(nameof(DominoComputeCluster.WorkerStorageGiB)), nameof(DominoComputeCluster.WorkerStorageGiB),
                static (string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value),
                "a number of GiB, for example 20"),
        };
    }

    private delegate bool TryParse<T>(string text, out T value);

    private static T? ParseClusterNumber<T>(string? text, string metadata, TryParse<T> parse, string example)
        where T : struct
    {
        if (text is null)
        {
            return null;
        }

        return parse(text, out var value)
            ? value
            : throw new DominoTaskException(
                DominoErrorCodes.InvalidComputeCluster,
                $"The ComputeCluster metadata {metadata} '{text}' is not {example}. {ComputeClusterSource}");
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
