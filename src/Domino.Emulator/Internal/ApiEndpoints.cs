using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Domino.Emulator.Internal.Runs;
using Domino.Emulator.Internal.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Domino.Emulator.Internal;

/// <summary>The Domino API endpoints (v1, and the few v4 ones), as described in domino-api.md.</summary>
internal sealed class ApiEndpoints
{
    public const string VersionRoute = "/version";
    public const string RunsRoute = "/v1/projects/{owner}/{project}/runs";
    public const string RunRoute = "/v1/projects/{owner}/{project}/runs/{runId}";
    public const string StdoutRoute = "/v1/projects/{owner}/{project}/run/{runId}/stdout";
    public const string FilesRoute = "/v1/projects/{owner}/{project}/files/{commitId}/{**path}";
    public const string FilesRootRoute = "/v1/projects/{owner}/{project}/files/{commitId}";
    public const string BlobRoute = "/v1/projects/{owner}/{project}/blobs/{key}";
    public const string CommitsRoute = "/v1/projects/{owner}/{project}/commits";
    public const string UploadRoute = "/v1/projects/{owner}/{project}/{**path}";
    public const string FindProjectRoute = "/v4/gateway/projects/findProjectByOwnerAndName";
    public const string StopRoute = "/v4/jobs/stop";
    public const string LogsRoute = "/v4/jobs/{runId}/logsWithProblemSuggestions";

    /// <summary>The Domino version the emulator reports.</summary>
    public const string EmulatedVersion = "5.11.0";

    private static readonly string[] LogTypeNames = ["stdout", "stderr", "stdoutstderr", "prepareoutput", "console"];

    private readonly EmulatorStore store;
    private readonly RunManager runs;
    private readonly DominoEmulatorOptions options;
    private readonly long startedAt = Clock.NowMs();

    public ApiEndpoints(EmulatorStore store, RunManager runs, DominoEmulatorOptions options)
    {
        this.store = store;
        this.runs = runs;
        this.options = options;
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        Http.Map(endpoints, "GET", VersionRoute, GetVersionAsync, anonymous: true);
        Http.Map(endpoints, "POST", RunsRoute, StartRunAsync);
        Http.Map(endpoints, "GET", RunsRoute, ListRunsAsync);
        Http.Map(endpoints, "GET", RunRoute, GetRunAsync);
        Http.Map(endpoints, "GET", StdoutRoute, GetOutputAsync);
        Http.Map(endpoints, "GET", FilesRoute, ListFilesAsync);
        Http.Map(endpoints, "GET", FilesRootRoute, ListFilesAsync, template: FilesRoute);
        Http.Map(endpoints, "GET", BlobRoute, GetBlobAsync);
        Http.Map(endpoints, "GET", CommitsRoute, ListCommitsAsync);
        Http.Map(endpoints, "PUT", UploadRoute, UploadAsync);
        Http.Map(endpoints, "GET", FindProjectRoute, FindProjectAsync);
        Http.Map(endpoints, "POST", StopRoute, StopRunAsync);
        Http.Map(endpoints, "GET", LogsRoute, GetLogsAsync);
    }

    private Task GetVersionAsync(HttpContext context)
    {
        string build = typeof(ApiEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var response = new VersionResponse(EmulatedVersion, "domino-emulator-" + build, "domino-emulator", startedAt);
        return Http.WriteJsonAsync(context, StatusCodes.Status200OK, response, Json.Context.VersionResponse);
    }

    private async Task StartRunAsync(HttpContext context)
    {
        ProjectState? project = await FindProjectOr404Async(context).ConfigureAwait(false);
        if (project is null)
        {
            return;
        }

        JsonDocument? document = await Http.ReadJsonOr400Async(context).ConfigureAwait(false);
        if (document is null)
        {
            return;
        }

        using (document)
        {
            (StartRunRequest? request, int status, string? error) = ParseStartRequest(document.RootElement, project);
            if (request is null)
            {
                await Http.WriteErrorAsync(context, status, error!).ConfigureAwait(false);
                return;
            }

            RunState run = runs.Start(project, request);
            string url = $"{Http.Origin(context)}/{Http.Escape(project.Owner)}/{Http.Escape(project.Name)}/runs/{run.Record.Id}";
            var response = new StartRunResponse(run.Record.Id, $"Run for project {project.Owner}/{project.Name} started. You can view progress here: {url}");
            await Http.WriteJsonAsync(context, StatusCodes.Status200OK, response, Json.Context.StartRunResponse).ConfigureAwait(false);
        }
    }

    private (StartRunRequest? Request, int Status, string? Error) ParseStartRequest(JsonElement root, ProjectState project)
    {
        const int BadRequest = StatusCodes.Status400BadRequest;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, BadRequest, "The body must be a JSON object.");
        }

        if (!root.TryGetProperty("command", out JsonElement commandElement) || commandElement.ValueKind != JsonValueKind.Array || commandElement.GetArrayLength() == 0)
        {
            return (null, BadRequest, "command is required: a non-empty array of strings, such as [\"main.py\", \"arg1\"].");
        }

        var command = new List<string>();
        foreach (JsonElement item in commandElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return (null, BadRequest, "command must contain only strings.");
            }

            command.Add(item.GetString()!);
        }

        if (string.IsNullOrWhiteSpace(command[0]))
        {
            return (null, BadRequest, "command[0] must name the file or command to run.");
        }

        bool isDirect = false;
        if (root.TryGetProperty("isDirect", out JsonElement directElement) && directElement.ValueKind != JsonValueKind.Null)
        {
            if (directElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return (null, BadRequest, "isDirect must be true or false.");
            }

            isDirect = directElement.GetBoolean();
        }

        if (isDirect && command.Count != 1)
        {
            return (null, BadRequest, "When isDirect is true, command must have exactly one element: the shell command line.");
        }

        if (!TryGetOptionalString(root, "title", out string? title) ||
            !TryGetOptionalString(root, "tier", out string? tier) ||
            !TryGetOptionalString(root, "commitId", out string? commitId))
        {
            return (null, BadRequest, "title, tier and commitId must be strings when given.");
        }

        bool publish = false;
        if (root.TryGetProperty("publishApiEndpoint", out JsonElement publishElement) && publishElement.ValueKind != JsonValueKind.Null)
        {
            if (publishElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return (null, BadRequest, "publishApiEndpoint must be true or false.");
            }

            publish = publishElement.GetBoolean();
        }

        string tierName = options.HardwareTiers[0];
        if (!string.IsNullOrEmpty(tier))
        {
            string? match = options.HardwareTiers.FirstOrDefault(t =>
                t.Equals(tier, StringComparison.OrdinalIgnoreCase) || TierId(t).Equals(tier, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                return (null, BadRequest, $"Unknown hardware tier '{tier}'. Available tiers: {string.Join(", ", options.HardwareTiers)}.");
            }

            tierName = match;
        }

        string resolvedCommit;
        if (string.IsNullOrEmpty(commitId))
        {
            resolvedCommit = Commits.Head(project).Id;
        }
        else if (!Ids.IsSha1(commitId))
        {
            return (null, BadRequest, $"{commitId} is not a valid ID");
        }
        else
        {
            CommitRecord? commit = Commits.Get(project, commitId);
            if (commit is null)
            {
                return (null, StatusCodes.Status404NotFound, $"Commit {commitId} not found in project {project.Owner}/{project.Name}.");
            }

            resolvedCommit = commit.Id;
        }

        return (new StartRunRequest(command, isDirect, title, tierName, TierId(tierName), resolvedCommit, publish), 0, null);
    }

    private static bool TryGetOptionalString(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return true;
    }

    /// <summary>The id of a hardware tier: its name in lower case with spaces as dashes ("Small" is "small").</summary>
    public static string TierId(string tierName) => tierName.Trim().ToLowerInvariant().Replace(' ', '-');

    private async Task ListRunsAsync(HttpContext context)
    {
        ProjectState? project = await FindProjectOr404Async(context).ConfigureAwait(false);
        if (project is null)
        {
            return;
        }

        List<RunStatusResponse> data = runs.RunsOf(project).Select(RunManager.Describe).ToList();
        var response = new RunListResponse("list", context.Request.Path.ToUriComponent(), data);
        await Http.WriteJsonAsync(context, StatusCodes.Status200OK, response, Json.Context.RunListResponse).ConfigureAwait(false);
    }

    private async Task GetRunAsync(HttpContext context)
    {
        RunState? run = await FindRunOr4xxAsync(context).ConfigureAwait(false);
        if (run is not null)
        {
            await Http.WriteJsonAsync(context, StatusCodes.Status200OK, RunManager.Describe(run), Json.Context.RunStatusResponse).ConfigureAwait(false);
        }
    }

    private async Task GetOutputAsync(HttpContext context)
    {
        RunState? run = await FindRunOr4xxAsync(context).ConfigureAwait(false);
        if (run is null)
        {
            return;
        }

        int? preview = null;
        string? previewText = context.Request.Query["previewNumberOfLines"];
        if (previewText is not null)
        {
            if (!int.TryParse(previewText, NumberStyles.None, CultureInfo.InvariantCulture, out int lines) || lines <= 0)
            {
                await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "previewNumberOfLines must be a positive integer.").ConfigureAwait(false);
                return;
            }

            preview = lines;
        }

        (List<LogEntry> log, _) = run.SnapshotLog();
        List<LogEntry> setup = log.Where(e => e.LogType == LogTypes.Prepare).ToList();
        List<LogEntry> output = log.Where(e => e.LogType != LogTypes.Prepare).ToList();
        if (preview is { } last)
        {
            setup = setup.TakeLast(last).ToList();
            output = output.TakeLast(last).ToList();
        }

        var response = new RunOutputResponse(
            OutputFormatter.Format(setup, options.QuotedLineBreaks),
            OutputFormatter.Format(output, options.QuotedLineBreaks));
        await Http.WriteJsonAsync(context, StatusCodes.Status200OK, response, Json.Context.RunOutputResponse).ConfigureAwait(false);
    }

    private async Task ListFilesAsync(HttpContext context)
    {
        string commitId = Http.RouteValue(context, "commitId");
        if (!Ids.IsSha1(commitId))
        {
            await Http.InvalidIdAsync(context, commitId).ConfigureAwait(false);
            return;
        }

        ProjectState? project = await FindProjectOr404Async(context).ConfigureAwait(false);
        if (project is null)
        {
            return;
        }

        CommitRecord? commit = Commits.Get(project, commitId);
        if (commit is null)
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Commit {commitId} not found in project {project.Owner}/{project.Name}.").ConfigureAwait(false);
            return;
        }

        string folder = Http.RouteValue(context, "path").Trim('/');
        string prefix = folder.Length == 0 ? "" : folder + "/";
        string blobBase = $"{Http.Origin(context)}/v1/projects/{Http.Escape(project.Owner)}/{Http.Escape(project.Name)}/blobs/";
        List<FileEntryResponse> data = commit.Files
            .Where(f => prefix.Length == 0 || f.Key.StartsWith(prefix, StringComparison.Ordinal) || f.Key.Equals(folder, StringComparison.Ordinal))
            .Select(f => new FileEntryResponse(f.Key, f.Value.LastModified, f.Value.Size, f.Value.Key, blobBase + f.Value.Key))
            .ToList();
        var response = new FileListResponse("list", context.Request.Path.ToUriComponent(), data);
        await Http.WriteJsonAsync(context, StatusCodes.Status200OK, response, Json.Context.FileListResponse).ConfigureAwait(false);
    }

    private async Task GetBlobAsync(HttpContext context)
    {
        string key = Http.RouteValue(context, "key");
        if (!Ids.IsSha1(key))
        {
            await Http.InvalidIdAsync(context, key).ConfigureAwait(false);
            return;
        }

        key = key.ToLowerInvariant();
        ProjectState? project = await FindProjectOr404Async(context).ConfigureAwait(false);
        if (project is null)
        {
            return;
        }

        if (!store.HasBlob(project, key))
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Blob {key} not found in project {project.Owner}/{project.Name}.").ConfigureAwait(false);
            return;
        }

        var stream = new FileStream(store.Blobs.PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = stream.Length;
            await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task ListCommitsAsync(HttpContext context)
    {
        ProjectState? project = await FindProjectOr404Async(context).ConfigureAwait(false);
        if (project is not null)
        {
            await Http.WriteJsonAsync(context, StatusCodes.Status200OK, Commits.IdsNewestFirst(project), Json.Context.ListString).ConfigureAwait(false);
        }
    }

    private async Task UploadAsync(HttpContext context)
    {
        ProjectState? project = await FindProjectOr404Async(context).ConfigureAwait(false);
        if (project is null)
        {
            return;
        }

        string path = Http.RouteValue(context, "path");
        string? problem = PathRules.ValidateRelativeFilePath(path);
        if (problem is not null)
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, problem).ConfigureAwait(false);
            return;
        }

        (string key, long size) = await store.Blobs.StoreAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        var entry = new ManifestEntry { Key = key, Size = size, LastModified = Clock.NowMs() };
        CommitRecord? commit = Commits.AddFile(project, path, entry, out string? conflict);
        if (commit is null)
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, conflict!).ConfigureAwait(false);
            return;
        }

        string url = $"{Http.Origin(context)}/v1/projects/{Http.Escape(project.Owner)}/{Http.Escape(project.Name)}/blobs/{key}";
        context.Response.Headers.Location = url;
        await Http.WriteJsonAsync(context, StatusCodes.Status201Created, new FileEntryResponse(path, entry.LastModified, size, key, url), Json.Context.FileEntryResponse).ConfigureAwait(false);
    }

    private async Task FindProjectAsync(HttpContext context)
    {
        string? owner = context.Request.Query["ownerName"];
        string? name = context.Request.Query["projectName"];
        if (string.IsNullOrEmpty(owner) || string.IsNullOrEmpty(name))
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "ownerName and projectName are required.").ConfigureAwait(false);
            return;
        }

        ProjectState? project = store.Projects.Find(owner, name);
        if (project is null)
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Project {owner}/{name} not found.").ConfigureAwait(false);
            return;
        }

        var response = new ProjectResponse(project.Id, project.Name, project.Record.OwnerId, project.Owner, "Private");
        await Http.WriteJsonAsync(context, StatusCodes.Status200OK, response, Json.Context.ProjectResponse).ConfigureAwait(false);
    }

    private async Task StopRunAsync(HttpContext context)
    {
        JsonDocument? document = await Http.ReadJsonOr400Async(context).ConfigureAwait(false);
        if (document is null)
        {
            return;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !TryGetOptionalString(root, "projectId", out string? projectId) ||
                !TryGetOptionalString(root, "jobId", out string? jobId) ||
                projectId is null || jobId is null)
            {
                await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "The body must be a JSON object with string fields projectId and jobId.").ConfigureAwait(false);
                return;
            }

            bool commitResults = true;
            if (root.TryGetProperty("commitResults", out JsonElement commitElement) && commitElement.ValueKind != JsonValueKind.Null)
            {
                if (commitElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "commitResults must be true or false.").ConfigureAwait(false);
                    return;
                }

                commitResults = commitElement.GetBoolean();
            }

            if (!Ids.IsObjectId(projectId))
            {
                await Http.InvalidIdAsync(context, projectId).ConfigureAwait(false);
                return;
            }

            if (!Ids.IsObjectId(jobId))
            {
                await Http.InvalidIdAsync(context, jobId).ConfigureAwait(false);
                return;
            }

            ProjectState? project = store.Projects.FindById(projectId);
            if (project is null)
            {
                await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Project {projectId} not found.").ConfigureAwait(false);
                return;
            }

            RunState? run = runs.Find(jobId);
            if (run is null || run.Project != project)
            {
                await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Run {jobId} not found in project {projectId}.").ConfigureAwait(false);
                return;
            }

            RunManager.Stop(run, commitResults);
            RunStatusResponse status = RunManager.Describe(run);
            string message = status.IsCompleted && status.Status != RunStatuses.Stopped ? "The run had already ended." : "Stop requested.";
            await Http.WriteJsonAsync(context, StatusCodes.Status200OK, new StopRunResponse(run.Record.Id, status.Status, message), Json.Context.StopRunResponse).ConfigureAwait(false);
        }
    }

    private async Task GetLogsAsync(HttpContext context)
    {
        string runId = Http.RouteValue(context, "runId");
        if (!Ids.IsObjectId(runId))
        {
            await Http.InvalidIdAsync(context, runId).ConfigureAwait(false);
            return;
        }

        string logType = context.Request.Query["logType"].ToString();
        if (logType.Length == 0)
        {
            logType = "stdoutstderr";
        }

        if (!LogTypeNames.Contains(logType, StringComparer.OrdinalIgnoreCase))
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, $"logType must be one of {string.Join(", ", LogTypeNames)}.").ConfigureAwait(false);
            return;
        }

        int limit = int.MaxValue;
        string? limitText = context.Request.Query["limit"];
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit <= 0))
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "limit must be a positive integer.").ConfigureAwait(false);
            return;
        }

        long since = 0;
        string? sinceText = context.Request.Query["latestTimeNano"];
        if (sinceText is not null && !long.TryParse(sinceText, NumberStyles.None, CultureInfo.InvariantCulture, out since))
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "latestTimeNano must be epoch nanoseconds as a non-negative integer, \"0\" for all.").ConfigureAwait(false);
            return;
        }

        RunState? run = runs.Find(runId);
        if (run is null)
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Run {runId} not found.").ConfigureAwait(false);
            return;
        }

        (List<LogEntry> log, bool completed) = run.SnapshotLog();
        Func<LogEntry, bool> wanted = logType.ToLowerInvariant() switch
        {
            "stdout" => e => e.LogType == LogTypes.Stdout,
            "stderr" => e => e.LogType == LogTypes.Stderr,
            "stdoutstderr" => e => e.LogType != LogTypes.Prepare,
            "prepareoutput" => e => e.LogType == LogTypes.Prepare,
            _ => _ => true,
        };
        List<LogEntry> newer = log.Where(e => e.TimestampNs > since && wanted(e)).ToList();
        List<LogContentEntry> page = newer
            .Take(limit)
            .Select(e => new LogContentEntry(e.TimestampNs.ToString(CultureInfo.InvariantCulture), e.LogType, e.Log, System.Text.Encoding.UTF8.GetByteCount(e.Log)))
            .ToList();
        var response = new LogsResponse(new LogSet(page, completed && page.Count == newer.Count), []);
        await Http.WriteJsonAsync(context, StatusCodes.Status200OK, response, Json.Context.LogsResponse).ConfigureAwait(false);
    }

    private async Task<ProjectState?> FindProjectOr404Async(HttpContext context)
    {
        string owner = Http.RouteValue(context, "owner");
        string name = Http.RouteValue(context, "project");
        ProjectState? project = store.Projects.Find(owner, name);
        if (project is null)
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Project {owner}/{name} not found.").ConfigureAwait(false);
        }

        return project;
    }

    private async Task<RunState?> FindRunOr4xxAsync(HttpContext context)
    {
        string runId = Http.RouteValue(context, "runId");
        if (!Ids.IsObjectId(runId))
        {
            await Http.InvalidIdAsync(context, runId).ConfigureAwait(false);
            return null;
        }

        ProjectState? project = await FindProjectOr404Async(context).ConfigureAwait(false);
        if (project is null)
        {
            return null;
        }

        RunState? run = runs.Find(runId);
        if (run is null || run.Project != project)
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Run {runId} not found in project {project.Owner}/{project.Name}.").ConfigureAwait(false);
            return null;
        }

        return run;
    }
}
