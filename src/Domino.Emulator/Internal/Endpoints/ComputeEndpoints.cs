using Domino.Emulator.Internal.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Domino.Emulator.Internal.Endpoints;

/// <summary>What a job may run on: the hardware tiers and the environments, for a project and for the whole server.</summary>
internal sealed class ComputeEndpoints
{
    public const string HardwareTiersRoute = "/v4/projects/{projectId}/hardwareTiers";
    public const string UseableEnvironmentsRoute = "/v4/projects/{projectId}/useableEnvironments";
    public const string EnvironmentsRoute = "/v1/environments";

    /// <summary>The image every environment reports: the emulator runs commands on the local machine, in no container.</summary>
    private const string DockerImage = "local-machine (domino-emulator runs commands without a container)";

    private readonly Lookup _lookup;
    private readonly ComputeCatalog _compute;

    public ComputeEndpoints(Lookup lookup, ComputeCatalog compute)
    {
        _lookup = lookup;
        _compute = compute;
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        Http.Map(endpoints, "GET", HardwareTiersRoute, ListHardwareTiersAsync);
        Http.Map(endpoints, "GET", UseableEnvironmentsRoute, ListUseableEnvironmentsAsync);
        Http.Map(endpoints, "GET", EnvironmentsRoute, ListEnvironmentsAsync);
    }

    public static EnvironmentResponse Describe(ComputeChoice environment) =>
        new(environment.Id, environment.Name, "Global", environment.IsDefault, new EnvironmentRevisionDetails(DockerImage));

    private async Task ListHardwareTiersAsync(HttpContext context)
    {
        ProjectState? project = await _lookup.ProjectByIdOr4xxAsync(context, Http.RouteValue(context, "projectId")).ConfigureAwait(false);
        if (project is not null)
        {
            var tiers = _compute.Tiers
                .Select(t => new HardwareTierEntry(new HardwareTierDetails(t.Id, t.Name, new HardwareTierFlags(t.IsDefault))))
                .ToList();
            await Http.WriteJsonAsync(context, StatusCodes.Status200OK, tiers, Json.Context.ListHardwareTierEntry).ConfigureAwait(false);
        }
    }

    private async Task ListUseableEnvironmentsAsync(HttpContext context)
    {
        ProjectState? project = await _lookup.ProjectByIdOr4xxAsync(context, Http.RouteValue(context, "projectId")).ConfigureAwait(false);
        if (project is not null)
        {
            var response = new UseableEnvironmentsResponse(_compute.Environments.Select(Describe).ToList());
            await Http.WriteJsonAsync(context, StatusCodes.Status200OK, response, Json.Context.UseableEnvironmentsResponse).ConfigureAwait(false);
        }
    }

    private Task ListEnvironmentsAsync(HttpContext context) =>
        Http.WriteJsonAsync(
            context,
            StatusCodes.Status200OK,
            new EnvironmentListResponse("list", _compute.Environments.Select(Describe).ToList()),
            Json.Context.EnvironmentListResponse);
}
