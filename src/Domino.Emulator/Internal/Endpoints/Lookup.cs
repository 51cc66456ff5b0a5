using Domino.Emulator.Internal.Runs;
using Domino.Emulator.Internal.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Domino.Emulator.Internal.Endpoints;

/// <summary>Finds what a request names (project, run) or answers the 4xx that says why it cannot.</summary>
internal sealed class Lookup
{
    private readonly EmulatorStore _store;
    private readonly RunManager _runs;

    public Lookup(EmulatorStore store, RunManager runs)
    {
        _store = store;
        _runs = runs;
    }

    public async Task<ProjectState?> ProjectOr404Async(HttpContext context)
    {
        string owner = Http.RouteValue(context, "owner");
        string name = Http.RouteValue(context, "project");
        ProjectState? project = _store.Projects.Find(owner, name);
        if (project is null)
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Project {owner}/{name} not found.").ConfigureAwait(false);
        }

        return project;
    }

    public async Task<RunState?> RunOr4xxAsync(HttpContext context)
    {
        string runId = Http.RouteValue(context, "runId");
        if (!Ids.IsObjectId(runId))
        {
            await Http.InvalidIdAsync(context, runId).ConfigureAwait(false);
            return null;
        }

        ProjectState? project = await ProjectOr404Async(context).ConfigureAwait(false);
        if (project is null)
        {
            return null;
        }

        RunState? run = _runs.Find(runId);
        if (run is null || run.Project != project)
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Run {runId} not found in project {project.Owner}/{project.Name}.").ConfigureAwait(false);
            return null;
        }

        return run;
    }

    /// <summary>The project a v4 request names by id (a route value or a body field): 400 when the id is malformed, 404 when unknown.</summary>
    public async Task<ProjectState?> ProjectByIdOr4xxAsync(HttpContext context, string? projectId)
    {
        if (string.IsNullOrEmpty(projectId))
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "projectId is required: the 24-hex id that findProjectByOwnerAndName returns.").ConfigureAwait(false);
            return null;
        }

        if (!Ids.IsObjectId(projectId))
        {
            await Http.InvalidIdAsync(context, projectId).ConfigureAwait(false);
            return null;
        }

        ProjectState? project = _store.Projects.FindById(projectId);
        if (project is null)
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Project {projectId} not found.").ConfigureAwait(false);
        }

        return project;
    }

    /// <summary>The job a v4 request names by id, in any project: 400 when the id is malformed, 404 when unknown.</summary>
    public async Task<RunState?> JobOr4xxAsync(HttpContext context, string? jobId)
    {
        if (string.IsNullOrEmpty(jobId) || !Ids.IsObjectId(jobId))
        {
            await Http.InvalidIdAsync(context, jobId ?? "").ConfigureAwait(false);
            return null;
        }

        RunState? run = _runs.Find(jobId);
        if (run is null)
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Job {jobId} not found.").ConfigureAwait(false);
        }

        return run;
    }
}
