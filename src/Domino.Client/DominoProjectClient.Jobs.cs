using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Domino.Client.Http;
using Domino.Client.Serialization;
using Domino.Client.Text;

namespace Domino.Client;

// The v4 Jobs API and the path-based file download, and the choice between them and v1 (DominoApiMode).
public partial class DominoProjectClient
{
    private const int JobsPageSize = 100;
    private const int MaxJobsPages = 100;

    /// <summary><c>GET /v4/projects/{projectId}/hardwareTiers</c>: the hardware tiers the project's jobs can run on.</summary>
    public virtual async Task<IReadOnlyList<DominoHardwareTier>> ListHardwareTiersAsync(CancellationToken cancellationToken = default)
    {
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var tiers = await Get($"v4/projects/{Uri.EscapeDataString(projectId)}/hardwareTiers", JobWireReader.ReadHardwareTiers, cancellationToken).ConfigureAwait(false);
        return tiers.Select(tier => Http.Scrubber.ScrubTier(tier)).ToList();
    }

    /// <summary>
    /// <c>GET /v4/projects/{projectId}/useableEnvironments</c>: the compute environments the project's jobs can use
    /// (every environment the user can see: <see cref="DominoClient.ListEnvironmentsAsync"/>).
    /// </summary>
    public virtual async Task<IReadOnlyList<DominoEnvironment>> ListEnvironmentsAsync(CancellationToken cancellationToken = default)
    {
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var environments = await Get($"v4/projects/{Uri.EscapeDataString(projectId)}/useableEnvironments", JobWireReader.ReadEnvironments, cancellationToken)
            .ConfigureAwait(false);
        return environments.Select(environment => Http.Scrubber.ScrubEnvironment(environment)).ToList();
    }

    /// <summary>
    /// <c>GET /v4/jobs/{runId}/runtimeExecutionDetails</c>: the hardware tier and environment a run really got.
    /// <see langword="null"/> when the client speaks v1 (no request is sent) or the server has no details for it (404).
    /// </summary>
    public virtual async Task<DominoRunExecutionDetails?> GetRunExecutionDetailsAsync(string runId, CancellationToken cancellationToken = default)
    {
        DominoIds.RequireRunId(runId, nameof(runId));
        if (await GetApiModeAsync(cancellationToken).ConfigureAwait(false) != DominoApiMode.V4)
        {
            return null;
        }

        try
        {
            var details = await Get($"v4/jobs/{runId}/runtimeExecutionDetails", JobWireReader.ReadExecutionDetails, cancellationToken).ConfigureAwait(false);
            return Http.Scrubber.ScrubDetails(details);
        }
        catch (DominoNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>GET /api/projects/v1/projects/{projectId}/files/{commitId}/{path}/content</c>: opens a file of a commit, by
    /// path, as a stream read straight from the response (never buffered whole). Each path segment is escaped; the
    /// <c>/</c>s are kept. Dispose the stream. Not retried once reading has begun.
    /// </summary>
    public virtual Task<Stream> OpenFileContentAsync(string commitId, string remotePath, CancellationToken cancellationToken = default)
    {
        DominoIds.RequireCommitId(commitId, nameof(commitId));
        RemotePath.RequireFile(remotePath, nameof(remotePath));

        // Once the project id is known (the first file looked it up), no async step of this method's own per file: a
        // download opens thousands.
        var projectId = GetProjectIdAsync(cancellationToken);
        return projectId.IsCompletedSuccessfully
            ? OpenStreamAsync(ContentPath(projectId.Result, commitId, remotePath), cancellationToken)
            : OpenAfterLookupAsync(this, projectId, commitId, remotePath, cancellationToken);

        static async Task<Stream> OpenAfterLookupAsync(DominoProjectClient self, Task<string> projectId, string commitId, string remotePath, CancellationToken cancellationToken) =>
            await self.OpenStreamAsync(ContentPath(await projectId.ConfigureAwait(false), commitId, remotePath), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a listed file of a commit the way the client's API does: by path (<see cref="OpenFileContentAsync"/>) with v4,
    /// by key (<see cref="OpenBlobAsync"/>) with v1. The downloads use this.
    /// </summary>
    public virtual Task<Stream> OpenFileAsync(string commitId, DominoFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);

        // The API is decided once per client: after that, no async step of this method's own per file.
        var mode = GetApiModeAsync(cancellationToken);
        return mode.IsCompletedSuccessfully
            ? Open(this, mode.Result, commitId, file, cancellationToken)
            : OpenAfterProbeAsync(this, mode, commitId, file, cancellationToken);

        static Task<Stream> Open(DominoProjectClient self, DominoApiMode mode, string commitId, DominoFile file, CancellationToken cancellationToken) =>
            mode == DominoApiMode.V4 ? self.OpenFileContentAsync(commitId, file.Path, cancellationToken) : self.OpenBlobAsync(file.Key, cancellationToken);

        static async Task<Stream> OpenAfterProbeAsync(DominoProjectClient self, Task<DominoApiMode> mode, string commitId, DominoFile file, CancellationToken cancellationToken) =>
            await Open(self, await mode.ConfigureAwait(false), commitId, file, cancellationToken).ConfigureAwait(false);
    }

    private static string ContentPath(string projectId, string commitId, string remotePath) =>
        $"api/projects/v1/projects/{Uri.EscapeDataString(projectId)}/files/{commitId}/{RemotePath.Encode(remotePath)}/content";

    /// <summary>
    /// V4 or V1, as the owning client decided (see <see cref="DominoApiMode"/>). A client made for mocking has no server
    /// to ask: it speaks V1 unless its options say V4.
    /// </summary>
    internal Task<DominoApiMode> GetApiModeAsync(CancellationToken cancellationToken) =>
        _client is null
            ? Task.FromResult(Options.Api == DominoApiMode.V4 ? DominoApiMode.V4 : DominoApiMode.V1)
            : _client.Api.ResolveAsync(this, cancellationToken);

    /// <summary>
    /// Decides the API now, ahead of a use that would otherwise wait for it (a download's first file), so the probe
    /// overlaps other requests. A failure is ignored: it decides nothing, and the use asks again and reports its own.
    /// </summary>
    internal async Task ResolveApiAheadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GetApiModeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Whatever it was, the use meets it again and reports it in its own words.
        }
    }

    /// <summary>
    /// The read-only probe of <see cref="DominoApiMode.Auto"/>: <see langword="null"/> when the server has the v4 Jobs API,
    /// else the request that answered 404. Any other failure is thrown (and decides nothing).
    /// </summary>
    internal async Task<string?> ProbeV4Async(CancellationToken cancellationToken)
    {
        string projectId;
        try
        {
            projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DominoNotFoundException ex)
        {
            return $"{ex.Method} {ex.RequestPath}";
        }

        var path = $"v4/jobs?projectId={Uri.EscapeDataString(projectId)}&page_size=1";
        try
        {
            await Get(path, static _ => true, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (DominoNotFoundException)
        {
            return "GET /v4/jobs";
        }
    }

    /// <summary>Checks the v4 fields of a start request (part of <see cref="ValidateStartRun"/>, so before any request).</summary>
    internal static void ValidateJobFields(DominoStartRunRequest request)
    {
        const string EnvironmentExample = "for example '5f7a8c2e4b0a1c3d5e6f7a8b'";
        if (request.Branch is { } branch)
        {
            if (request.CommitId is not null)
            {
                throw InvalidRequest(
                    $"Give Branch or CommitId, not both: Branch '{branch}' runs the branch's latest commit, CommitId '{request.CommitId}' pins a project revision. For example Branch = \"main\" alone.",
                    nameof(request.Branch));
            }

            if (request.GitRef is not null)
            {
                throw InvalidRequest(
                    $"Give Branch or GitRef, not both: Branch '{branch}' is shorthand for GitRef 'branch:{branch}', and GitRef is '{request.GitRef}'. For example Branch = \"main\" alone.",
                    nameof(request.Branch));
            }

            DominoGitRef.Branch(branch).Validate("Branch", nameof(request.Branch));
        }

        request.GitRef?.Validate("GitRef", nameof(request.GitRef));

        if (request.Tier is { } tier && tier.Any(char.IsControl))
        {
            throw InvalidRequest("The hardware tier contains control characters: give its id or name, for example 'small-k8s' or 'Large'.", nameof(request.Tier));
        }

        if (request.EnvironmentId is { } environmentId && !DominoIds.IsObjectId(environmentId))
        {
            throw InvalidRequest(
                $"The environment id '{environmentId}' is not valid: a Domino environment id is 24 lower-case hex characters, {EnvironmentExample}.",
                nameof(request.EnvironmentId));
        }

        if (request.ExternalVolumeMounts is { } mounts)
        {
            foreach (var mount in mounts)
            {
                if (!DominoIds.IsObjectId(mount))
                {
                    throw InvalidRequest(
                        $"The external volume mount id '{mount}' is not valid: an external volume id is 24 lower-case hex characters, for example '62a1c3e5b7d9f1a3c5e7b9d1'.",
                        nameof(request.ExternalVolumeMounts));
                }
            }
        }

        if (request.ComputeCluster is { } cluster)
        {
            ValidateCluster(cluster, EnvironmentExample);
        }
    }

    private static void ValidateCluster(DominoComputeCluster cluster, string environmentExample)
    {
        ArgumentException Invalid(string message) => InvalidRequest($"The compute cluster is not valid: {message}", nameof(DominoStartRunRequest.ComputeCluster));
        if (!DominoComputeCluster.ClusterTypes.Contains(cluster.ClusterType ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            throw Invalid($"its type '{cluster.ClusterType}' is not one of {string.Join(", ", DominoComputeCluster.ClusterTypes)}; for example ClusterType = \"Spark\".");
        }

        if (!DominoIds.IsObjectId(cluster.ComputeEnvironmentId))
        {
            throw Invalid($"its environment id '{cluster.ComputeEnvironmentId}' is not 24 lower-case hex characters, {environmentExample}.");
        }

        if (cluster.ComputeEnvironmentRevision is { } revision && revision is not ("ActiveRevision" or "LatestRevision") && !DominoIds.IsObjectId(revision))
        {
            throw Invalid($"its environment revision '{revision}' is neither ActiveRevision, LatestRevision nor a revision id (24 lower-case hex characters).");
        }

        var isMpi = string.Equals(cluster.ClusterType, "MPI", StringComparison.OrdinalIgnoreCase);
        if (!isMpi && string.IsNullOrWhiteSpace(cluster.MasterHardwareTierId))
        {
            throw Invalid($"a {cluster.ClusterType} cluster needs MasterHardwareTierId, the hardware tier id of its master, for example 'medium-k8s'.");
        }

        foreach (var (name, value) in new[] { ("MasterHardwareTierId", cluster.MasterHardwareTierId), ("WorkerHardwareTierId", cluster.WorkerHardwareTierId) })
        {
            if ((value is not null || name == "WorkerHardwareTierId") && (string.IsNullOrWhiteSpace(value) || value.Any(char.IsControl)))
            {
                throw Invalid($"{name} '{value}' is not a hardware tier id: give one, for example 'small-k8s'.");
            }
        }

        if (cluster.WorkerCount < 1)
        {
            throw Invalid($"WorkerCount is {cluster.WorkerCount}: give at least 1 worker, for example 3.");
        }

        if (cluster.MaxWorkerCount is { } max && max < cluster.WorkerCount)
        {
            throw Invalid($"MaxWorkerCount {max} is below WorkerCount {cluster.WorkerCount}: autoscaling goes from WorkerCount up to MaxWorkerCount, for example 2 and 6.");
        }

        if (cluster.WorkerStorageGiB is { } storage && (!double.IsFinite(storage) || storage <= 0))
        {
            throw Invalid($"WorkerStorageGiB is {storage.ToString(CultureInfo.InvariantCulture)}: give a positive size in GiB, for example 20.");
        }
    }

    /// <summary>
    /// Refuses what the chosen API cannot carry, before anything is started: a <see cref="DominoConfigurationException"/>
    /// for <see cref="DominoSetting.Api"/> whose <see cref="DominoConfigurationException.Detail"/> names the request's fields.
    /// </summary>
    private void RequireSupportedBy(DominoApiMode mode, DominoStartRunRequest request)
    {
        var configured = _client?.Api.Configured == mode;
        var why = configured
            ? $"the API mode is {mode}"
            : $"Domino at {Http.Host} has no v4 Jobs API, so runs start through the v1 runs API";
        var source = $" (the Api setting or {DominoEnvironmentVariables.ApiMode})";
        if (mode == DominoApiMode.V1)
        {
            var v4Only = new (string Name, bool Set)[]
            {
                ("EnvironmentId", request.EnvironmentId is not null),
                ("Branch", request.Branch is not null),
                ("GitRef", request.GitRef is not null),
                ("ExternalVolumeMounts", request.ExternalVolumeMounts is { Count: > 0 }),
                ("ComputeCluster", request.ComputeCluster is not null),
            }.Where(field => field.Set).Select(field => field.Name).ToList();
            if (v4Only.Count > 0)
            {
                var them = v4Only.Count == 1 ? "it" : "them";
                var fix = _client?.Api.Configured == DominoApiMode.V1 ? $"Set the API mode to Auto or V4, or leave {them} unset." : $"Leave {them} unset, or use a Domino with the v4 Jobs API.";
                var fields = $"{string.Join(", ", v4Only)} {(v4Only.Count == 1 ? "needs" : "need")}";
                throw new DominoConfigurationException(
                    $"{fields} the v4 Jobs API, but {why}{(configured ? source : string.Empty)}. {fix}",
                    DominoSetting.Api,
                    DominoSettingProblem.Invalid,
                    $"{fields} the v4 Jobs API, but {why}. {fix}",
                    environmentVariables: [DominoEnvironmentVariables.ApiMode]);
            }
        }
        else if (request.PublishApiEndpoint)
        {
            const string Detail = "PublishApiEndpoint needs the v1 runs API, but this client starts runs as v4 jobs";
            throw new DominoConfigurationException(
                $"{Detail} (Domino at {Http.Host} has the v4 Jobs API). "
                + $"Set the API mode to V1 (the Api setting or {DominoEnvironmentVariables.ApiMode}=v1) to publish, or leave PublishApiEndpoint unset.",
                DominoSetting.Api,
                DominoSettingProblem.Invalid,
                $"{Detail} (Domino at {Http.Host} has the v4 Jobs API). Set the API mode to V1 to publish, or leave PublishApiEndpoint unset.",
                environmentVariables: [DominoEnvironmentVariables.ApiMode]);
        }
    }

    /// <summary><c>POST /v4/jobs/start</c>, with the tier resolved; never resent once it may have reached the server.</summary>
    private async Task<DominoRunStarted> StartJobAsync(DominoStartRunRequest request, string? title, OutageBudget budget, CancellationToken cancellationToken)
    {
        var projectId = await budget.CallAsync(GetProjectIdAsync, cancellationToken).ConfigureAwait(false);
        var tierId = string.IsNullOrWhiteSpace(request.Tier)
            ? null
            : await budget.CallAsync(token => ResolveHardwareTierIdAsync(request.Tier.Trim(), token), cancellationToken).ConfigureAwait(false);

        DominoRun started;
        try
        {
            // A new body each try: content is disposed with its request. Only a request that never reached the server is sent again.
            started = await budget.CallAsync(
                token => Http.SendAsync(HttpMethod.Post, "v4/jobs/start", JobStartBody.Write(projectId, request, tierId, title), RequestKind.StartRun, JobWireReader.ReadStartedJob, token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (DominoResponseFormatException ex)
        {
            throw new DominoRunMayHaveStartedException(
                ex.Message + " The job may have started: look for it in the project's jobs before starting it again.",
                ex.Method, ex.RequestPath, ex.StatusCode, null, ex);
        }

        var url = RunUrl(started.Id);
        Logger.Log(DominoLogLevel.Information,
            $"Started run {started.Id} in {_project} (a v4 job" + (tierId is null ? string.Empty : $" on hardware tier {tierId}") + $"): {url}");
        return new DominoRunStarted(started.Id, url, null, Reattached: false);
    }

    /// <summary>A tier with this id wins; else exactly one tier must carry this name (case-sensitive, as Domino compares).</summary>
    private async Task<string> ResolveHardwareTierIdAsync(string tier, CancellationToken cancellationToken)
    {
        var tiers = await ListHardwareTiersAsync(cancellationToken).ConfigureAwait(false);
        if (tiers.Any(t => string.Equals(t.Id, tier, StringComparison.Ordinal)))
        {
            return tier;
        }

        var named = tiers.Where(t => string.Equals(t.Name, tier, StringComparison.Ordinal)).ToList();
        if (named.Count == 1)
        {
            Logger.Log(DominoLogLevel.Debug, $"The hardware tier named '{tier}' of {_project} has the id '{named[0].Id}'.");
            return named[0].Id;
        }

        var existing = tiers.Count == 0 ? "it has none" : "it has " + string.Join(", ", tiers.Select(t => $"'{t.Name}' (id '{t.Id}'{(t.IsDefault ? ", the default" : string.Empty)})"));
        var detail = named.Count == 0
            ? $"the project {_project} has no hardware tier with the id or name '{tier}': {existing}. Give one of those ids or names, for example '{(tiers.Count > 0 ? tiers[0].Id : "small-k8s")}'."
            : $"the project {_project} has {named.Count} hardware tiers named '{tier}' ({string.Join(", ", named.Select(t => $"id '{t.Id}'"))}): give the id of the one to use instead of the name.";
        throw new DominoConfigurationException(char.ToUpperInvariant(detail[0]) + detail[1..], DominoSetting.HardwareTier, DominoSettingProblem.Invalid, detail);
    }

    /// <summary><c>GET /v4/jobs?projectId=...</c>, page after page (newest first) until a short page, a page with nothing new, or the page cap.</summary>
    private async Task<IReadOnlyList<DominoRun>> ListJobsAsync(CancellationToken cancellationToken)
    {
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<DominoRun>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; page <= MaxJobsPages; page++)
        {
            var query = string.Create(CultureInfo.InvariantCulture,
                $"?projectId={Uri.EscapeDataString(projectId)}&order_by=number&sort_by=desc&page_size={JobsPageSize}&page_no={page}&show_archived=false&status=all");
            var batch = await Get($"v4/jobs{query}", JobWireReader.ReadJobs, cancellationToken).ConfigureAwait(false);
            var added = 0;
            foreach (var job in batch)
            {
                if (seen.Add(job.Id))
                {
                    jobs.Add(job);
                    added++;
                }
            }

            if (batch.Count < JobsPageSize || added == 0)
            {
                break;
            }
        }

        return jobs;
    }

    private async Task<Stream> OpenStreamAsync(string relativePath, CancellationToken cancellationToken)
    {
        using var request = Http.CreateRequest(HttpMethod.Get, relativePath);
        var response = await Http.SendAsync(request, RequestKind.Idempotent, streamResponse: true, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new ResponseStream(stream, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
