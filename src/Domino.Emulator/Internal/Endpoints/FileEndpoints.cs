using System.Globalization;
using System.Text.Json;
using Domino.Emulator.Internal.Runs;
using Domino.Emulator.Internal.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Domino.Emulator.Internal.Endpoints;

/// <summary>The v1 file endpoints: commits, file listings, blobs and uploads.</summary>
internal sealed class FileEndpoints
{
    public const string FilesRoute = "/v1/projects/{owner}/{project}/files/{commitId}/{**path}";
    public const string FilesRootRoute = "/v1/projects/{owner}/{project}/files/{commitId}";
    public const string BlobRoute = "/v1/projects/{owner}/{project}/blobs/{key}";
    public const string CommitsRoute = "/v1/projects/{owner}/{project}/commits";
    public const string UploadRoute = "/v1/projects/{owner}/{project}/{**path}";

    private readonly Lookup _lookup;
    private readonly EmulatorStore _store;

    public FileEndpoints(Lookup lookup, EmulatorStore store)
    {
        _lookup = lookup;
        _store = store;
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        Http.Map(endpoints, "GET", FilesRoute, ListFilesAsync);
        Http.Map(endpoints, "GET", FilesRootRoute, ListFilesAsync, template: FilesRoute);
        Http.Map(endpoints, "GET", BlobRoute, GetBlobAsync);
        Http.Map(endpoints, "GET", CommitsRoute, ListCommitsAsync);
        Http.Map(endpoints, "PUT", UploadRoute, UploadAsync);
    }

    private async Task ListFilesAsync(HttpContext context)
    {
        string commitId = Http.RouteValue(context, "commitId");
        if (!Ids.IsSha1(commitId))
        {
            await Http.InvalidIdAsync(context, commitId).ConfigureAwait(false);
            return;
        }

        ProjectState? project = await _lookup.ProjectOr404Async(context).ConfigureAwait(false);
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
        var data = commit.Files
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
        ProjectState? project = await _lookup.ProjectOr404Async(context).ConfigureAwait(false);
        if (project is null)
        {
            return;
        }

        if (!_store.HasBlob(project, key))
        {
            await Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"Blob {key} not found in project {project.Owner}/{project.Name}.").ConfigureAwait(false);
            return;
        }

        await Http.WriteFileAsync(context, _store.Blobs.PathOf(key)).ConfigureAwait(false);
    }

    private async Task ListCommitsAsync(HttpContext context)
    {
        ProjectState? project = await _lookup.ProjectOr404Async(context).ConfigureAwait(false);
        if (project is not null)
        {
            await Http.WriteJsonAsync(context, StatusCodes.Status200OK, Commits.IdsNewestFirst(project), Json.Context.ListString).ConfigureAwait(false);
        }
    }

    private async Task UploadAsync(HttpContext context)
    {
        ProjectState? project = await _lookup.ProjectOr404Async(context).ConfigureAwait(false);
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

        (string key, long size) = await _store.Blobs.StoreAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
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
}
