using Domino.Emulator.Internal.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Domino.Emulator.Internal.Endpoints;

/// <summary>The path-based file download: <c>GET /api/projects/v1/projects/{projectId}/files/{commitId}/{path}/content</c>, raw bytes.</summary>
internal sealed class ContentEndpoints
{
    /// <summary>The documented template, under which requests are counted and faults injected.</summary>
    public const string ContentRoute = "/api/projects/v1/projects/{projectId}/files/{commitId}/{path}/content";

    private const string Prefix = "/api/projects/v1/projects/";
    private const string Suffix = "/content";

    private readonly Lookup _lookup;
    private readonly EmulatorStore _store;

    public ContentEndpoints(Lookup lookup, EmulatorStore store)
    {
        _lookup = lookup;
        _store = store;
    }

    public void Map(IEndpointRouteBuilder endpoints) =>
        Http.Map(endpoints, "GET", "/api/projects/v1/projects/{projectId}/files/{**rest}", GetContentAsync, template: ContentRoute);

    /// <summary>
    /// Splits the raw request path into commit id and file path: one leading <c>/</c> of the path is dropped
    /// (<c>{commitId}//README.md/content</c>), each segment is percent-decoded on its own, and a path that is not
    /// canonical (empty, <c>a//b</c>, <c>a/b/</c>, <c>./a</c>, <c>a/../b</c>, a decoded <c>/</c> or <c>\</c> in a segment) is refused.
    /// </summary>
    public static (string? CommitId, string? Path, string? Error) ParseTarget(string rawPath)
    {
        int query = rawPath.IndexOf('?', StringComparison.Ordinal);
        string path = query < 0 ? rawPath : rawPath[..query];
        int files = path.IndexOf("/files/", Prefix.Length, StringComparison.Ordinal);
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || files < 0 || !path.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return (null, null, "The path must be /api/projects/v1/projects/{projectId}/files/{commitId}/{path}/content.");
        }

        string rest = path[(files + "/files/".Length)..^Suffix.Length];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return (null, null, "A file path is required after the commit id, such as .../files/{commitId}/results/out.csv/content.");
        }

        string commitId = Uri.UnescapeDataString(rest[..slash]);
        string encoded = rest[(slash + 1)..];
        if (encoded.StartsWith('/'))
        {
            encoded = encoded[1..];
        }

        var segments = new List<string>();
        foreach (string segment in encoded.Split('/'))
        {
            string decoded = Uri.UnescapeDataString(segment);
            if (decoded.Length == 0 || decoded is "." or ".." || decoded.Contains('/', StringComparison.Ordinal) || decoded.Contains('\\', StringComparison.Ordinal) || decoded.Any(char.IsControl))
            {
                return (commitId, null, $"The file path '{Uri.UnescapeDataString(encoded)}' is not canonical: give it relative to the project root, without empty, '.' or '..' parts, such as results/out.csv.");
            }

            segments.Add(decoded);
        }

        return (commitId, string.Join('/', segments), null);
    }

    private async Task GetContentAsync(HttpContext context)
    {
        string rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToUriComponent();
        (string? commitId, string? path, string? error) = ParseTarget(rawTarget);
        if (commitId is not null && !Ids.IsSha1(commitId))
        {
            await Http.InvalidIdAsync(context, commitId).ConfigureAwait(false);
            return;
        }

        if (error is not null)
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }

        ProjectState? project = await _lookup.ProjectByIdOr4xxAsync(context, Http.RouteValue(context, "projectId")).ConfigureAwait(false);
        if (project is null)
        {
            return;
        }

        CommitRecord? commit = Commits.Get(project, commitId!);
        if (commit is null)
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Commit {commitId} not found in project {project.Owner}/{project.Name}.").ConfigureAwait(false);
            return;
        }

        if (!commit.Files.TryGetValue(path!, out ManifestEntry? entry) || !_store.Blobs.Exists(entry.Key))
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"File {path} not found in commit {commit.Id} of project {project.Owner}/{project.Name}.").ConfigureAwait(false);
            return;
        }

        await Http.WriteFileAsync(context, _store.Blobs.PathOf(entry.Key)).ConfigureAwait(false);
    }
}
