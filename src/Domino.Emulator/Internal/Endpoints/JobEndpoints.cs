using System.Globalization;
using System.Text.Json;
using Domino.Emulator.Internal.Runs;
using Domino.Emulator.Internal.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Domino.Emulator.Internal.Endpoints;

/// <summary>The v4 Jobs API: start, status, list, restart and runtime details of jobs (a job is a run seen the v4 way).</summary>
internal sealed class JobEndpoints
{
    public const string StartRoute = "/v4/jobs/start";
    public const string JobRoute = "/v4/jobs/{jobId}";
    public const string ListRoute = "/v4/jobs";
    public const string RestartRoute = "/v4/jobs/restart";
    public const string RuntimeRoute = "/v4/jobs/{jobId}/runtimeExecutionDetails";

    private static readonly string[] OrderFields = ["number", "title", "submissionTime", "status"];

    private readonly Lookup _lookup;
    private readonly RunManager _runs;
    private readonly ComputeCatalog _compute;
    private readonly JobStartParser _parser;

    public JobEndpoints(Lookup lookup, RunManager runs, EmulatorStore store, ComputeCatalog compute)
    {
        _lookup = lookup;
        _runs = runs;
        _compute = compute;
        _parser = new JobStartParser(store, compute);
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        Http.Map(endpoints, "POST", StartRoute, StartAsync);
        Http.Map(endpoints, "GET", JobRoute, GetAsync);
        Http.Map(endpoints, "GET", ListRoute, ListAsync);
        Http.Map(endpoints, "POST", RestartRoute, RestartAsync);
        Http.Map(endpoints, "GET", RuntimeRoute, GetRuntimeDetailsAsync);
    }

    private async Task StartAsync(HttpContext context)
    {
        using JsonDocument? document = await Http.ReadJsonOr400Async(context).ConfigureAwait(false);
        if (document is null)
        {
            return;
        }

        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !JsonFields.TryGetOptionalString(root, "projectId", out string? projectId))
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "The body must be a JSON object with the string projectId and the string commandToRun.").ConfigureAwait(false);
            return;
        }

        ProjectState? project = await _lookup.ProjectByIdOr4xxAsync(context, projectId).ConfigureAwait(false);
        if (project is null)
        {
            return;
        }

        StartParseResult parsed = await _parser.ParseAsync(root, project, context.RequestAborted).ConfigureAwait(false);
        if (parsed.Request is null)
        {
            await Http.WriteErrorAsync(context, parsed.Status, parsed.Error!).ConfigureAwait(false);
            return;
        }

        JobResponse? submitted = null;
        _runs.Start(project, parsed.Request, run => submitted = JobView.Describe(run));
        await Http.WriteJsonAsync(context, StatusCodes.Status200OK, submitted!, Json.Context.JobResponse).ConfigureAwait(false);
    }

    private async Task GetAsync(HttpContext context)
    {
        RunState? run = await _lookup.JobOr4xxAsync(context, Http.RouteValue(context, "jobId")).ConfigureAwait(false);
        if (run is not null)
        {
            await Http.WriteJsonAsync(context, StatusCodes.Status200OK, JobView.Describe(run), Json.Context.JobResponse).ConfigureAwait(false);
        }
    }

    private async Task ListAsync(HttpContext context)
    {
        IQueryCollection query = context.Request.Query;
        ProjectState? project = await _lookup.ProjectByIdOr4xxAsync(context, query["projectId"].ToString()).ConfigureAwait(false);
        if (project is null)
        {
            return;
        }

        string orderBy = Text(query, "order_by", "number");
        string sortBy = Text(query, "sort_by", "desc");
        string status = Text(query, "status", "all");
        string tag = Text(query, "tag", "");
        string? error = null;
        if (!OrderFields.Contains(orderBy, StringComparer.OrdinalIgnoreCase))
        {
            error = $"order_by '{orderBy}' is not one of {string.Join(", ", OrderFields)}.";
        }
        else if (!sortBy.Equals("asc", StringComparison.OrdinalIgnoreCase) && !sortBy.Equals("desc", StringComparison.OrdinalIgnoreCase))
        {
            error = $"sort_by '{sortBy}' is not asc or desc.";
        }
        else if (!TryNumber(query, "page_size", int.MaxValue, out int pageSize) || !TryNumber(query, "page_no", 1, out int pageNo))
        {
            error = "page_size and page_no must be whole numbers of 1 or more.";
        }
        else
        {
            // The emulator keeps no tags: a tag filter matches no job. Nothing is archived, so show_archived changes nothing.
            IEnumerable<RunState> jobs = _runs.RunsOf(project).Where(r => JobView.MatchesStatus(r, status) && tag.Length == 0);
            List<JobResponse> ordered = Order(jobs.Select(JobView.Describe), orderBy, sortBy.Equals("asc", StringComparison.OrdinalIgnoreCase));
            long skip = (long)(pageNo - 1) * pageSize;
            List<JobResponse> page = skip >= ordered.Count ? [] : ordered.Skip((int)skip).Take(pageSize).ToList();
            await Http.WriteJsonAsync(context, StatusCodes.Status200OK, new JobListResponse(page), Json.Context.JobListResponse).ConfigureAwait(false);
            return;
        }

        await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
    }

    private async Task RestartAsync(HttpContext context)
    {
        using JsonDocument? document = await Http.ReadJsonOr400Async(context).ConfigureAwait(false);
        if (document is null)
        {
            return;
        }

        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object ||
            !JsonFields.TryGetOptionalString(root, "jobId", out string? jobId) ||
            !JsonFields.TryGetOptionalBool(root, "shouldUseOriginalInputCommit", true, out bool originalInput))
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "The body must be a JSON object with the string jobId and, optionally, the boolean shouldUseOriginalInputCommit.").ConfigureAwait(false);
            return;
        }

        RunState? original = await _lookup.JobOr4xxAsync(context, jobId).ConfigureAwait(false);
        if (original is null)
        {
            return;
        }

        StartRunRequest request;
        lock (original.Gate)
        {
            RunRecord r = original.Record;
            string commitId = originalInput ? r.CommitId : Commits.Head(original.Project).Id;
            string? gitRef = originalInput ? r.GitRef : null;
            request = new StartRunRequest(
                [.. r.Command],
                r.IsDirect,
                r.Title,
                _compute.TierOf(r),
                _compute.EnvironmentOf(r),
                commitId,
                r.PublishApiEndpoint,
                r.JobRunCommand ?? (r.IsDirect ? r.Command[0] : ShellWords.Join(r.Command)),
                gitRef,
                [$"Restart of job #{r.Number.ToString(CultureInfo.InvariantCulture)} ({r.Id}), {(originalInput ? "with its input commit" : "with the project's latest commit")}."]);
        }

        JobResponse? submitted = null;
        _runs.Start(original.Project, request, run => submitted = JobView.Describe(run));
        await Http.WriteJsonAsync(context, StatusCodes.Status200OK, submitted!, Json.Context.JobResponse).ConfigureAwait(false);
    }

    private async Task GetRuntimeDetailsAsync(HttpContext context)
    {
        RunState? run = await _lookup.JobOr4xxAsync(context, Http.RouteValue(context, "jobId")).ConfigureAwait(false);
        if (run is null)
        {
            return;
        }

        ComputeChoice tier;
        ComputeChoice environment;
        lock (run.Gate)
        {
            tier = _compute.TierOf(run.Record);
            environment = _compute.EnvironmentOf(run.Record);
        }

        var response = new RuntimeExecutionDetailsResponse(new TierReference(tier.Id, tier.Name), ComputeEndpoints.Describe(environment));
        await Http.WriteJsonAsync(context, StatusCodes.Status200OK, response, Json.Context.RuntimeExecutionDetailsResponse).ConfigureAwait(false);
    }

    private static List<JobResponse> Order(IEnumerable<JobResponse> jobs, string orderBy, bool ascending)
    {
        Func<JobResponse, IComparable> key = orderBy.ToUpperInvariant() switch
        {
            "TITLE" => j => j.Title ?? "",
            "SUBMISSIONTIME" => j => j.StageTime.SubmissionTime,
            "STATUS" => j => j.Statuses.ExecutionStatus,
            _ => j => j.Number,
        };
        return (ascending ? jobs.OrderBy(key).ThenBy(j => j.Number) : jobs.OrderByDescending(key).ThenByDescending(j => j.Number)).ToList();
    }

    private static string Text(IQueryCollection query, string name, string fallback)
    {
        string value = query[name].ToString();
        return value.Length == 0 ? fallback : value;
    }

    private static bool TryNumber(IQueryCollection query, string name, int fallback, out int value)
    {
        string text = query[name].ToString();
        if (text.Length == 0)
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1;
    }
}
