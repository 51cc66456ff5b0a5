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
}
