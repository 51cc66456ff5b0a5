using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Domino.Client.Http;
using Domino.Client.Serialization;

namespace Domino.Client;

/// <summary>
/// Operations on one project (<c>owner/name</c>): runs, files, results. Every method validates its arguments
/// before sending anything. Methods are virtual so callers can mock them.
/// </summary>
public partial class DominoProjectClient
{
    private static readonly string[] LogTypes = ["stdout", "stderr", "stdoutstderr", "prepareoutput", "console"];

    private readonly DominoClient? _client;
    private readonly DominoProjectName _project;

    // Looked up once; a failed lookup is not kept, so the next call tries again.
    // A finished task once known: a download asks for it once per file, and an async method would allocate a task each time.
    private volatile Task<string>? _projectId;

    // Every operation is async, so a bad argument surfaces from the returned task like any other failure.

    /// <summary>For mocking only.</summary>
    protected DominoProjectClient()
    {
        Options = new DominoClientOptions();
    }

    /// <summary>A view of <paramref name="client"/> scoped to <paramref name="project"/>.</summary>
    internal DominoProjectClient(DominoClient client, DominoProjectName project)
    {
        _client = client;
        _project = project;
        Options = client.Options;
    }

    /// <summary>The owning client's options: time provider, logger, randomness for the waiting and download workers.</summary>
    internal DominoClientOptions Options { get; }

    /// <summary>The owning client's logger, which masks every configured credential.</summary>
    internal IDominoLogger Logger => _client?.Logger ?? Options.Logger;

    /// <summary>The project.</summary>
    public virtual DominoProjectName Project => _project;

    private DominoHttp Http => _client?.Http ?? throw new InvalidOperationException("This DominoProjectClient was created for mocking and cannot send requests.");

    private string OwnerAndName => $"{Uri.EscapeDataString(_project.Owner)}/{Uri.EscapeDataString(_project.Name)}";

    private string ProjectPath => $"v1/projects/{OwnerAndName}";

    /// <summary>The web page of a run: <c>{host}/{owner}/{project}#r/{runId}</c>.</summary>
    public virtual Uri GetRunUrl(string runId) => RunUrl(DominoIds.RequireRunId(runId));

    /// <summary>
    /// Starts a run: <c>POST /v4/jobs/start</c> or <c>POST .../runs</c>, whichever the client speaks (<see cref="DominoApiMode"/>).
    /// With a <see cref="DominoStartRunRequest.Marker"/>, first looks for a run carrying the marker and reattaches to it.
    /// Never resent once it may have reached the server. With v4, a <see cref="DominoStartRunRequest.Tier"/> given by name
    /// is first resolved to its id.
    /// </summary>
    /// <exception cref="ArgumentException">The request is not valid (checked before any request is sent).</exception>
    /// <exception cref="DominoConfigurationException">The request needs the other API, or names a hardware tier the project does not have (exactly once).</exception>
    /// <exception cref="DominoRunMayHaveStartedException">The request failed after it may have reached the server.</exception>
    /// <exception cref="DominoOutageException">Domino kept failing for longer than <see cref="DominoStartRunRequest.MaxOutage"/>; no run was started.</exception>
    public virtual async Task<DominoRunStarted> StartRunAsync(DominoStartRunRequest request, CancellationToken cancellationToken = default)
    {
        ValidateStartRun(request);

        // Every request of the start shares one budget: a Domino that keeps failing stops the start, with a warning first.
        var budget = new OutageBudget(Options.TimeProvider, request.MaxOutage, Logger, $"the start of a run in {_project}", "still trying", "no run was started", null);
        var api = await budget.CallAsync(GetApiModeAsync, cancellationToken).ConfigureAwait(false);
        RequireSupportedBy(api, request);
        var title = string.IsNullOrWhiteSpace(request.Title) ? null : request.Title;
        if (request.Marker is { } marker)
        {
            var tag = $"[{marker}]";
            var runs = await budget.CallAsync(ListRunsAsync, cancellationToken).ConfigureAwait(false);
            var existing = runs
                .Where(run => run.Title?.Contains(tag, StringComparison.Ordinal) == true)
                .OrderByDescending(run => run.Queued ?? DateTimeOffset.MinValue)
                .FirstOrDefault();
            if (existing is not null)
            {
                Logger.Log(DominoLogLevel.Information,
                    $"Reattached to run {existing.Id} ({existing.Status}) in {_project}, which carries the marker {tag}, instead of starting another: {RunUrl(existing.Id)}");
                return new DominoRunStarted(existing.Id, RunUrl(existing.Id), null, Reattached: true);
            }

            title = title is null ? tag : $"{title} {tag}";
        }

        if (api == DominoApiMode.V4)
        {
            return await StartJobAsync(request, title, budget, cancellationToken).ConfigureAwait(false);
        }

        var body = new StartRunBody
        {
            Command = request.Command,
            IsDirect = request.IsDirect,
            Title = title,
            Tier = string.IsNullOrWhiteSpace(request.Tier) ? null : request.Tier,
            CommitId = request.CommitId,
            PublishApiEndpoint = request.PublishApiEndpoint,
        };

        StartRunResponse started;
        try
        {
            // Only a request that never reached the server fails as an outage (and is sent again); once it may have, it is not.
            started = await budget.CallAsync(
                token => Http.SendAsync(
                    HttpMethod.Post, $"{ProjectPath}/runs", JsonBody(body, DominoJsonContext.Default.StartRunBody), RequestKind.StartRun,
                    WireReader.ReadStartRun, token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (DominoResponseFormatException ex)
        {
            // The server said yes but the answer is unreadable: the run most likely started.
            throw new DominoRunMayHaveStartedException(
                ex.Message + " The run may have started: look for it in the project's runs before starting it again.",
                ex.Method, ex.RequestPath, ex.StatusCode, null, ex);
        }

        var runId = started.RunId!;
        var url = RunUrl(runId);
        Logger.Log(DominoLogLevel.Information, $"Started run {runId} in {_project}: {url}");
        return new DominoRunStarted(runId, url, started.Message, Reattached: false);
    }

    /// <summary>A run's current state: <c>GET /v4/jobs/{runId}</c> or <c>GET .../runs/{runId}</c>, whichever the client speaks.</summary>
    public virtual async Task<DominoRun> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        DominoIds.RequireRunId(runId, nameof(runId));
        var run = await GetApiModeAsync(cancellationToken).ConfigureAwait(false) == DominoApiMode.V4
            ? await Get($"v4/jobs/{runId}", JobWireReader.ReadJob, cancellationToken).ConfigureAwait(false)
            : await Get($"{ProjectPath}/runs/{runId}", WireReader.ReadRun, cancellationToken).ConfigureAwait(false);
        return Scrub(run);
    }

    /// <summary>
    /// The project's runs, most recent first: <c>GET /v4/jobs?projectId=...</c> (page after page) or <c>GET .../runs</c>,
    /// whichever the client speaks.
    /// </summary>
    public virtual async Task<IReadOnlyList<DominoRun>> ListRunsAsync(CancellationToken cancellationToken = default)
    {
        var runs = await GetApiModeAsync(cancellationToken).ConfigureAwait(false) == DominoApiMode.V4
            ? await ListJobsAsync(cancellationToken).ConfigureAwait(false)
            : await Get($"{ProjectPath}/runs", WireReader.ReadRuns, cancellationToken).ConfigureAwait(false);
        return runs.Select(Scrub).ToList();
    }

    /// <summary><c>GET .../run/{runId}/stdout</c>: a run's output as plain text; with <paramref name="previewNumberOfLines"/>, only the last lines.</summary>
    public virtual async Task<DominoRunOutput> GetRunOutputAsync(string runId, int? previewNumberOfLines = null, CancellationToken cancellationToken = default)
    {
        DominoIds.RequireRunId(runId, nameof(runId));
        if (previewNumberOfLines is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(previewNumberOfLines), previewNumberOfLines,
                $"previewNumberOfLines is {previewNumberOfLines}: give a positive number of lines, for example 100, or leave it unset for the whole output.");
        }

        var query = previewNumberOfLines is { } lines ? string.Create(CultureInfo.InvariantCulture, $"?previewNumberOfLines={lines}") : string.Empty;
        var output = await Get($"{ProjectPath}/run/{runId}/stdout{query}", WireReader.ReadRunOutput, cancellationToken).ConfigureAwait(false);

        // A run's environment holds its user's key; a run that prints it must not put it in the build log.
        var scrubber = Http.Scrubber;
        return new DominoRunOutput(scrubber.Scrub(output.Setup), scrubber.Scrub(output.Stdout));
    }

    /// <summary>
    /// <c>GET /v4/jobs/{runId}/logsWithProblemSuggestions</c>: log entries newer than <paramref name="afterTimestampNanos"/>.
    /// Returns <see langword="null"/> when the server does not have this endpoint (404), so callers fall back to
    /// <see cref="GetRunOutputAsync"/>.
    /// </summary>
    public virtual async Task<DominoLogChunk?> GetRunLogsAsync(string runId, long afterTimestampNanos = 0, string logType = "stdoutstderr", int? limit = null, CancellationToken cancellationToken = default)
    {
        DominoIds.RequireRunId(runId, nameof(runId));
        if (afterTimestampNanos < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(afterTimestampNanos), afterTimestampNanos,
                "afterTimestampNanos is negative: give 0 for all entries, or the last entry's TimestampNanos.");
        }

        if (!LogTypes.Contains(logType, StringComparer.Ordinal))
        {
            throw new ArgumentException($"The log type '{logType}' is not valid: give one of {string.Join(", ", LogTypes)}.", nameof(logType));
        }

        if (limit is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"limit is {limit}: give a positive number of entries, for example 1000, or leave it unset.");
        }

        var query = string.Create(CultureInfo.InvariantCulture, $"?logType={logType}&latestTimeNano={afterTimestampNanos}")
            + (limit is { } max ? string.Create(CultureInfo.InvariantCulture, $"&limit={max}") : string.Empty);
        DominoLogChunk chunk;
        try
        {
            chunk = await Get($"v4/jobs/{runId}/logsWithProblemSuggestions{query}", body => WireReader.ReadLogs(body, afterTimestampNanos), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DominoNotFoundException)
        {
            return null;
        }

        var scrubber = Http.Scrubber;
        return chunk with { Entries = chunk.Entries.Select(entry => entry with { Text = scrubber.Scrub(entry.Text) }).ToList() };
    }

    /// <summary><c>POST /v4/jobs/stop</c>: stops a run, keeping its results when <paramref name="commitResults"/>.</summary>
    public virtual async Task StopRunAsync(string runId, bool commitResults = true, CancellationToken cancellationToken = default)
    {
        DominoIds.RequireRunId(runId, nameof(runId));
        var projectId = await GetProjectIdAsync(cancellationToken).ConfigureAwait(false);
        var body = new StopRunBody { ProjectId = projectId, JobId = runId, CommitResults = commitResults };

        // Stopping twice is harmless, so the stop is retried like a read.
        await Http.SendAsync(HttpMethod.Post, "v4/jobs/stop", JsonBody(body, DominoJsonContext.Default.StopRunBody), RequestKind.Idempotent,
            static _ => true, cancellationToken).ConfigureAwait(false);
        Logger.Log(DominoLogLevel.Information, $"Asked Domino to stop run {runId} in {_project}" + (commitResults ? " (keeping its results)." : "."));
    }

    /// <summary>The project's id (<c>/v4/gateway/projects/findProjectByOwnerAndName</c>), looked up once and cached.</summary>
    public virtual Task<string> GetProjectIdAsync(CancellationToken cancellationToken = default) =>
        _projectId ?? LookUpProjectIdAsync(cancellationToken);

    private async Task<string> LookUpProjectIdAsync(CancellationToken cancellationToken)
    {
        var query = $"?ownerName={Uri.EscapeDataString(_project.Owner)}&projectName={Uri.EscapeDataString(_project.Name)}";
        var id = await Get($"v4/gateway/projects/findProjectByOwnerAndName{query}", WireReader.ReadProjectId, cancellationToken).ConfigureAwait(false);
        _projectId = Task.FromResult(id);
        return id;
    }

    /// <summary><c>GET .../files/{commitId}/{path}</c>: the files of a commit under <paramref name="path"/> (default: all), recursively.</summary>
    public virtual async Task<IReadOnlyList<DominoFile>> ListFilesAsync(string commitId, string? path = null, CancellationToken cancellationToken = default)
    {
        DominoIds.RequireCommitId(commitId, nameof(commitId));
        var folder = RemotePath.RequireFolder(path, nameof(path));

        // The root is listed as ".../files/{commitId}/": the server expects the slash.
        return await Get($"{ProjectPath}/files/{commitId}/{RemotePath.Encode(folder)}", WireReader.ReadFiles, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET .../blobs/{key}</c>: opens a file's bytes as a stream read straight from the response (never buffered whole).
    /// Dispose the stream. Not retried once reading has begun.
    /// </summary>
    public virtual async Task<Stream> OpenBlobAsync(string key, CancellationToken cancellationToken = default)
    {
        DominoIds.RequireBlobKey(key, nameof(key));
        return await OpenStreamAsync($"{ProjectPath}/blobs/{key}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>PUT .../{path}</c>: uploads <paramref name="content"/> (streamed) as a new revision of the file at <paramref name="remotePath"/>.</summary>
    public virtual async Task<DominoFile> UploadFileAsync(string remotePath, Stream content, CancellationToken cancellationToken = default)
    {
        RemotePath.RequireFile(remotePath, nameof(remotePath));
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead)
        {
            throw new ArgumentException("The upload stream cannot be read: pass an open, readable stream.", nameof(content));
        }

        // A seekable stream can be rewound for a retry; any other is sent once.
        var kind = content.CanSeek ? RequestKind.Idempotent : RequestKind.SendOnce;
        var file = await Http.SendAsync(HttpMethod.Put, $"{ProjectPath}/{RemotePath.Encode(remotePath)}", new UploadContent(content), kind,
            WireReader.ReadFile, cancellationToken).ConfigureAwait(false);
        Logger.Log(DominoLogLevel.Information, $"Uploaded {file.Path} ({file.Size} bytes) to {_project}.");
        return file;
    }

    /// <summary><c>GET .../commits</c>: commit ids, newest first.</summary>
    public virtual Task<IReadOnlyList<string>> ListCommitsAsync(CancellationToken cancellationToken = default) =>
        Get($"{ProjectPath}/commits", WireReader.ReadCommits, cancellationToken);

    /// <summary>
    /// Checks a start request as <see cref="StartRunAsync"/> does, before anything is sent; front ends call it before
    /// connecting. The exception's message says what is wrong and what a good value looks like.
    /// </summary>
    /// <param name="request">The request to check.</param>
    /// <exception cref="ArgumentException">
    /// A value is malformed or two values conflict (the command is empty or has an empty element, a direct run has several
    /// elements, Branch with CommitId or GitRef, a malformed id, git ref, tier, cluster or marker). Its
    /// <see cref="ArgumentException.ParamName"/> is the name of the <see cref="DominoStartRunRequest"/> property at fault
    /// (for example <c>EnvironmentId</c>; <c>Branch</c> for a Branch that conflicts with CommitId or GitRef), so a front end can
    /// name its own setting.
    /// </exception>
    public static void ValidateStartRun(DominoStartRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string Example = "for example [\"main.py\", \"arg1\"], or one shell command line with IsDirect";
        if (request.Command is null || request.Command.Count == 0)
        {
            throw InvalidRequest($"The run command is empty (Command): give the file to run and its arguments, {Example}.", nameof(request.Command));
        }

        for (var i = 0; i < request.Command.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(request.Command[i]))
            {
                throw InvalidRequest($"Element {i} of the run command is empty: every element must be non-empty, {Example}.", nameof(request.Command));
            }
        }

        if (request.IsDirect && request.Command.Count > 1)
        {
            throw InvalidRequest(
                $"A direct run (IsDirect) takes exactly one command element, the whole shell command line, for example [\"python main.py --epochs 3\"]; this command has {request.Command.Count} elements.",
                nameof(request.IsDirect));
        }

        if (request.CommitId is not null)
        {
            DominoIds.RequireCommitId(request.CommitId, nameof(request.CommitId));
        }

        ValidateJobFields(request);

        OutageBudget.Validate(request.MaxOutage, nameof(request.MaxOutage));

        if (request.Marker is { } marker
            && (string.IsNullOrWhiteSpace(marker) || marker.Trim() != marker || marker.IndexOfAny(['[', ']']) >= 0 || marker.Any(char.IsControl)))
        {
            throw InvalidRequest(
                $"The run marker '{marker}' is not valid: give a non-empty text without '[', ']', control characters or surrounding spaces, for example 'ci-1234-attempt-1'.",
                nameof(request.Marker));
        }
    }

    /// <summary>A rejected start request: <paramref name="property"/> is the <see cref="DominoStartRunRequest"/> property at fault.</summary>
    private static ArgumentException InvalidRequest(string message, string property) => new(message, property);

    /// <summary>The status and title end up in log lines and messages: a server echoing the key there must not leak it.</summary>
    private DominoRun Scrub(DominoRun run) => run with { Status = Http.Scrubber.Scrub(run.Status), Title = Http.Scrubber.ScrubOrNull(run.Title) };

    private Task<T> Get<T>(string relativePath, ReadFunc<T> read, CancellationToken cancellationToken) =>
        Http.SendAsync(HttpMethod.Get, relativePath, null, RequestKind.Idempotent, read, cancellationToken);

    private Uri RunUrl(string runId) => new(Http.Host, $"{OwnerAndName}#r/{Uri.EscapeDataString(runId)}");

    private static ByteArrayContent JsonBody<T>(T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
