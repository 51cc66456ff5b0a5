using System.Globalization;
using System.Text.Json;
using Domino.Emulator.Internal.Runs;
using Domino.Emulator.Internal.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Domino.Emulator.Internal.Endpoints;

/// <summary>The v1 run endpoints: start, list, status and output of runs.</summary>
internal sealed class RunEndpoints
{
    public const string RunsRoute = "/v1/projects/{owner}/{project}/runs";
    public const string RunRoute = "/v1/projects/{owner}/{project}/runs/{runId}";
    public const string StdoutRoute = "/v1/projects/{owner}/{project}/run/{runId}/stdout";

    private readonly Lookup _lookup;
    private readonly EmulatorStore _store;
    private readonly RunManager _runs;
    private readonly ComputeCatalog _compute;
    private readonly bool _quotedLineBreaks;

    public RunEndpoints(Lookup lookup, EmulatorStore store, RunManager runs, ComputeCatalog compute, bool quotedLineBreaks)
    {
        _lookup = lookup;
        _store = store;
        _runs = runs;
        _compute = compute;
        _quotedLineBreaks = quotedLineBreaks;
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        Http.Map(endpoints, "POST", RunsRoute, StartRunAsync);
        Http.Map(endpoints, "GET", RunsRoute, ListRunsAsync);
        Http.Map(endpoints, "GET", RunRoute, GetRunAsync);
        Http.Map(endpoints, "GET", StdoutRoute, GetOutputAsync);
    }

    private async Task StartRunAsync(HttpContext context)
    {
        ProjectState? project = await _lookup.ProjectOr404Async(context).ConfigureAwait(false);
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
            await _store.SnapshotSourceAsync(project, context.RequestAborted).ConfigureAwait(false);
            (StartRunRequest? request, int status, string? error) = ParseStartRequest(document.RootElement, project);
            if (request is null)
            {
                await Http.WriteErrorAsync(context, status, error!).ConfigureAwait(false);
                return;
            }

            RunState run = _runs.Start(project, request);
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

        if (!JsonFields.TryGetOptionalString(root, "title", out string? title) ||
            !JsonFields.TryGetOptionalString(root, "tier", out string? tier) ||
            !JsonFields.TryGetOptionalString(root, "commitId", out string? commitId))
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

        ComputeChoice tierChoice = _compute.DefaultTier;
        if (!string.IsNullOrEmpty(tier))
        {
            ComputeChoice? match = _compute.FindTierByIdOrName(tier);
            if (match is null)
            {
                return (null, BadRequest, $"Unknown hardware tier '{tier}'. Available tiers: {string.Join(", ", _compute.Tiers.Select(t => t.Name))}.");
            }

            tierChoice = match;
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

        string jobRunCommand = isDirect ? command[0] : ShellWords.Join(command);
        return (new StartRunRequest(command, isDirect, title, tierChoice, _compute.DefaultEnvironment, resolvedCommit, publish, jobRunCommand), 0, null);
    }


    private async Task ListRunsAsync(HttpContext context)
    {
        ProjectState? project = await _lookup.ProjectOr404Async(context).ConfigureAwait(false);
        if (project is null)
        {
            return;
        }

        var data = _runs.RunsOf(project).Select(RunManager.Describe).ToList();
        var response = new RunListResponse("list", context.Request.Path.ToUriComponent(), data);
        await Http.WriteJsonAsync(context, StatusCodes.Status200OK, response, Json.Context.RunListResponse).ConfigureAwait(false);
    }

    private async Task GetRunAsync(HttpContext context)
    {
        RunState? run = await _lookup.RunOr4xxAsync(context).ConfigureAwait(false);
        if (run is not null)
        {
            await Http.WriteJsonAsync(context, StatusCodes.Status200OK, RunManager.Describe(run), Json.Context.RunStatusResponse).ConfigureAwait(false);
        }
    }

    private async Task GetOutputAsync(HttpContext context)
    {
        RunState? run = await _lookup.RunOr4xxAsync(context).ConfigureAwait(false);
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
        var setup = log.Where(e => e.LogType == LogTypes.Prepare).ToList();
        var output = log.Where(e => e.LogType != LogTypes.Prepare).ToList();
        if (preview is { } last)
        {
            setup = setup.TakeLast(last).ToList();
            output = output.TakeLast(last).ToList();
        }

        var response = new RunOutputResponse(
            OutputFormatter.Format(setup, _quotedLineBreaks),
            OutputFormatter.Format(output, _quotedLineBreaks));
        await Http.WriteJsonAsync(context, StatusCodes.Status200OK, response, Json.Context.RunOutputResponse).ConfigureAwait(false);
    }
}
