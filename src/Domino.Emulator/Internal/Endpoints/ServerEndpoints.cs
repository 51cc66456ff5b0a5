using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Domino.Emulator.Internal.Runs;
using Domino.Emulator.Internal.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Domino.Emulator.Internal.Endpoints;

/// <summary>The endpoints that are not about one project's runs or files: the version, the project lookup, and the v4 stop and log endpoints.</summary>
internal sealed class ServerEndpoints
{
    public const string VersionRoute = "/version";
    public const string FindProjectRoute = "/v4/gateway/projects/findProjectByOwnerAndName";
    public const string StopRoute = "/v4/jobs/stop";
    public const string LogsRoute = "/v4/jobs/{runId}/logsWithProblemSuggestions";

    /// <summary>The Domino version the emulator reports.</summary>
    public const string EmulatedVersion = "5.11.0";

    private static readonly string[] LogTypeNames = ["stdout", "stderr", "stdoutstderr", "prepareoutput", "console"];

    private readonly EmulatorStore _store;
    private readonly RunManager _runs;
    private readonly long _startedAt = Clock.NowMs();

    public ServerEndpoints(EmulatorStore store, RunManager runs)
    {
        _store = store;
        _runs = runs;
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        Http.Map(endpoints, "GET", VersionRoute, GetVersionAsync, anonymous: true);
        Http.Map(endpoints, "GET", FindProjectRoute, FindProjectAsync);
        Http.Map(endpoints, "POST", StopRoute, StopRunAsync);
        Http.Map(endpoints, "GET", LogsRoute, GetLogsAsync);
    }

    private Task GetVersionAsync(HttpContext context)
    {
        string build = typeof(ServerEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var response = new VersionResponse(EmulatedVersion, "domino-emulator-" + build, "domino-emulator", _startedAt);
        return Http.WriteJsonAsync(context, StatusCodes.Status200OK, response, Json.Context.VersionResponse);
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

        ProjectState? project = _store.Projects.Find(owner, name);
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
                !JsonFields.TryGetOptionalString(root, "projectId", out string? projectId) ||
                !JsonFields.TryGetOptionalString(root, "jobId", out string? jobId) ||
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

            ProjectState? project = _store.Projects.FindById(projectId);
            if (project is null)
            {
                await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Project {projectId} not found.").ConfigureAwait(false);
                return;
            }

            RunState? run = _runs.Find(jobId);
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

        RunState? run = _runs.Find(runId);
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
        var newer = log.Where(e => e.TimestampNs > since && wanted(e)).ToList();
        var page = newer
            .Take(limit)
            .Select(e => new LogContentEntry(e.TimestampNs.ToString(CultureInfo.InvariantCulture), e.LogType, e.Log, System.Text.Encoding.UTF8.GetByteCount(e.Log)))
            .ToList();
        var response = new LogsResponse(new LogSet(page, completed && page.Count == newer.Count), []);
        await Http.WriteJsonAsync(context, StatusCodes.Status200OK, response, Json.Context.LogsResponse).ConfigureAwait(false);
    }
}
