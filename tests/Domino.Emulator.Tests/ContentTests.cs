using System.Net;
using System.Text;
using System.Text.Json;

namespace Domino.Emulator.Tests;

/// <summary>The path-based file download: <c>/api/projects/v1/projects/{projectId}/files/{commitId}/{path}/content</c>.</summary>
public sealed class ContentTests : IAsyncLifetime
{
    private TestEmulator _emu = null!;
    private string _projectId = "";
    private string _head = "";

    public async Task InitializeAsync()
    {
        _emu = await TestEmulator.StartAsync();
        await _emu.UploadAsync("results/my file+1.txt", "spaced\n");
        _projectId = await _emu.GetProjectIdAsync();
        _head = (await _emu.GetCommitsAsync())[0];
    }

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    private string Url(string commit, string encodedPath) => $"/api/projects/v1/projects/{_projectId}/files/{commit}/{encodedPath}/content";

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string url)
    {
        // As sent: System.Uri would otherwise remove "." and ".." segments before the server sees them.
        var uri = new Uri(_emu.Emulator.BaseAddress + url.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        HttpResponseMessage response = await _emu.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task Content_is_the_raw_bytes_of_the_file_at_the_commit_with_its_length()
    {
        (HttpStatusCode status, string body, HttpResponseMessage response) = await GetAsync(Url(_head, "data/input.csv"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("a,b\n1,2\n", body);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetByteCount("a,b\n1,2\n"), response.Content.Headers.ContentLength);
        response.Dispose();
    }

    [Theory]
    [InlineData("/hello.txt")]
    [InlineData("hello.txt")]
    public async Task One_leading_slash_of_the_path_is_dropped_as_python_domino_sends_it(string path)
    {
        (HttpStatusCode status, string body, HttpResponseMessage response) = await GetAsync(Url(_head, path));
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hello\n", body);
    }

    [Fact]
    public async Task Each_segment_is_percent_decoded_on_its_own()
    {
        (HttpStatusCode status, string body, HttpResponseMessage response) = await GetAsync(Url(_head, "results/my%20file%2B1.txt"));
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("spaced\n", body);
    }

    [Theory]
    [InlineData("a/../hello.txt")]
    [InlineData("data//input.csv")]
    [InlineData("./hello.txt")]
    [InlineData("data/")]
    [InlineData("..")]
    [InlineData("data%2Finput.csv")]
    [InlineData("data%5Cinput.csv")]
    public async Task A_path_that_is_not_canonical_is_a_400_that_says_so(string path)
    {
        (HttpStatusCode status, string body, HttpResponseMessage response) = await GetAsync(Url(_head, path));
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("is not canonical", body);
    }

    [Theory]
    [InlineData("nothing.txt")]
    [InlineData("data")]
    public async Task A_missing_file_or_a_folder_is_a_404_naming_the_path(string path)
    {
        (HttpStatusCode status, string body, HttpResponseMessage response) = await GetAsync(Url(_head, path));
        response.Dispose();

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains($"File {path} not found", body);
    }

    [Fact]
    public async Task An_unknown_commit_or_project_is_a_404_and_a_malformed_commit_id_a_400()
    {
        (HttpStatusCode unknownCommit, _, HttpResponseMessage r1) = await GetAsync(Url(new string('a', 40), "hello.txt"));
        (HttpStatusCode malformed, string body, HttpResponseMessage r2) = await GetAsync(Url("abc", "hello.txt"));
        (HttpStatusCode unknownProject, _, HttpResponseMessage r3) = await GetAsync($"/api/projects/v1/projects/aabbccddeeff001122334455/files/{_head}/hello.txt/content");
        r1.Dispose();
        r2.Dispose();
        r3.Dispose();

        Assert.Equal(HttpStatusCode.NotFound, unknownCommit);
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.Contains("abc is not a valid ID", body);
        Assert.Equal(HttpStatusCode.NotFound, unknownProject);
    }

    [Fact]
    public async Task A_file_of_an_older_commit_stays_readable_after_it_changed()
    {
        string before = _head;
        await _emu.UploadAsync("hello.txt", "changed\n");
        string after = (await _emu.GetCommitsAsync())[0];

        (_, string old, HttpResponseMessage r1) = await GetAsync(Url(before, "hello.txt"));
        (_, string current, HttpResponseMessage r2) = await GetAsync(Url(after, "hello.txt"));
        r1.Dispose();
        r2.Dispose();

        Assert.Equal("hello\n", old);
        Assert.Equal("changed\n", current);
    }

    [Fact]
    public async Task Content_needs_credentials()
    {
        using HttpClient anonymous = _emu.CreateAnonymousClient();

        using HttpResponseMessage response = await anonymous.GetAsync(Url(_head, "hello.txt"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.ValueKind);
    }
}
