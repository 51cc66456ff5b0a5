using System.Text.Json;

namespace Domino.Bench;

/// <summary>
/// The few v1 calls the harness and the baselines make with a plain <see cref="HttpClient"/>, independent of the
/// client under test.
/// </summary>
internal sealed class RawApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _project;

    public RawApi(EmulatorProcess emulator, string project)
    {
        _http = new HttpClient { BaseAddress = emulator.BaseAddress };
        _http.DefaultRequestHeaders.Add("X-Domino-Api-Key", emulator.ApiKey);
        _project = project;
    }

    public HttpClient Http => _http;

    public string BlobPath(string key) => $"v1/projects/{_project}/blobs/{key}";

    /// <summary><c>GET .../commits</c>: the newest commit id (strings or objects with an <c>id</c>).</summary>
    public async Task<string> NewestCommitAsync()
    {
        using var doc = await GetJsonAsync($"v1/projects/{_project}/commits").ConfigureAwait(false);
        var list = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.GetProperty("data");
        var first = list.EnumerateArray().First();
        return first.ValueKind == JsonValueKind.String ? first.GetString()! : first.GetProperty("id").GetString()!;
    }

    /// <summary><c>GET .../files/{commitId}/</c>: every file's path, key and size.</summary>
    public async Task<IReadOnlyList<RawFile>> ListFilesAsync(string commitId)
    {
        using var doc = await GetJsonAsync($"v1/projects/{_project}/files/{commitId}/").ConfigureAwait(false);
        return doc.RootElement.GetProperty("data").EnumerateArray()
            .Select(e => new RawFile(e.GetProperty("path").GetString()!, e.GetProperty("key").GetString()!, e.GetProperty("size").GetInt64()))
            .ToList();
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchException($"GET {path} answered {(int)response.StatusCode}");
        }

        var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            return await JsonDocument.ParseAsync(body).ConfigureAwait(false);
        }
    }
}

internal sealed record RawFile(string Path, string Key, long Size);
