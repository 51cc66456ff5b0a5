using System.Net;
using System.Text;

namespace Domino.Client.Tests;

public class FilesTests
{
    private const string ProjectUri = "https://domino.example.com/v1/projects/alice/churn-model";

    [Fact]
    public async Task ListFiles_sends_the_folder_and_parses_the_seed_sample()
    {
        using var t = new TestClient();
        t.Handler.RespondJson(Samples.Files);

        var files = await t.Project.ListFilesAsync(TestClient.CommitId, "results");

        var request = t.Handler.Only;
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal($"{ProjectUri}/files/{TestClient.CommitId}/results", request.Uri.AbsoluteUri);
        Assert.Equal(TestClient.ApiKey, request.Header("X-Domino-Api-Key"));
        Assert.Equal(2, files.Count);
        Assert.Equal(
            new DominoFile
            {
                Path = "results/myChart.png",
                LastModified = DateTimeOffset.FromUnixTimeMilliseconds(1427432389000),
                Size = 14292,
                Key = "d0839aebde28729fd96cfd0631cf7af1ac1c490f",
                Url = "https://app.dominodatalab.com/v1/projects/<username>/<project_name>/blobs/d0839aebde28729fd96cfd0631cf7af1ac1c490f",
            },
            files[0]);
        Assert.Equal("results/stdout.txt", files[1].Path);
        Assert.Equal(843, files[1].Size);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    public async Task ListFiles_asks_for_the_root_with_a_trailing_slash(string? path)
    {
        using var t = new TestClient();
        t.Handler.RespondJson(Samples.Files);

        await t.Project.ListFilesAsync(TestClient.CommitId, path);

        Assert.Equal($"{ProjectUri}/files/{TestClient.CommitId}/", t.Handler.Only.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task ListFiles_encodes_each_segment_and_drops_a_trailing_slash()
    {
        using var t = new TestClient();
        t.Handler.RespondJson(Samples.Files);

        await t.Project.ListFilesAsync(TestClient.CommitId, "my results/2024 #1?/");

        Assert.Equal($"{ProjectUri}/files/{TestClient.CommitId}/my%20results/2024%20%231%3F", t.Handler.Only.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task ListFiles_tolerates_a_bare_list_nulls_strings_for_numbers_and_unknown_fields()
    {
        using var t = new TestClient();
        t.Handler.RespondJson("""
            [ {"path":"/a.txt","lastModified":null,"size":"12","key":"625f85c90ddc02bd269a709489e796388e473599","url":null,"isDir":false,"sha":{"x":1}},
              null ]
            """);

        var file = Assert.Single(await t.Project.ListFilesAsync(TestClient.CommitId));

        Assert.Equal("a.txt", file.Path);
        Assert.Equal(12, file.Size);
        Assert.Null(file.LastModified);
        Assert.Null(file.Url);
    }

    [Theory]
    [InlineData("""{"data":[{"path":"a.txt","key":"625f85c90ddc02bd269a709489e796388e473599"}]}""", "the file 'a.txt' has no 'size'")]
    [InlineData("""{"data":[{"path":"a.txt","size":1}]}""", "the file 'a.txt' has no 'key'")]
    [InlineData("""{"data":[{"size":1,"key":"625f85c90ddc02bd269a709489e796388e473599"}]}""", "a file has no 'path'")]
    public async Task ListFiles_reports_an_entry_missing_what_a_download_needs(string body, string expected)
    {
        using var t = new TestClient();
        t.Handler.RespondJson(body);

        var error = await Assert.ThrowsAsync<DominoResponseFormatException>(() => t.Project.ListFilesAsync(TestClient.CommitId));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task OpenBlob_returns_the_body_unread_and_disposing_it_releases_the_response()
    {
        using var t = new TestClient();
        var body = new CountingStream(Encoding.UTF8.GetBytes("chart bytes"));
        t.Handler.Respond(HttpStatusCode.OK, configure: r => r.Content = new StreamContent(body));

        var stream = await t.Project.OpenBlobAsync(TestClient.BlobKey);

        var request = t.Handler.Only;
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal($"{ProjectUri}/blobs/{TestClient.BlobKey}", request.Uri.AbsoluteUri);
        Assert.Equal(TestClient.ApiKey, request.Header("X-Domino-Api-Key"));
        Assert.Equal(0, body.BytesRead);

        using (var reader = new StreamReader(stream))
        {
            Assert.Equal("chart bytes", await reader.ReadToEndAsync());
        }

        Assert.True(body.Disposed);
    }

    [Fact]
    public async Task OpenBlob_is_retried_until_headers_arrive()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.ServiceUnavailable, "busy", "text/plain")
            .Respond(HttpStatusCode.OK, configure: r => r.Content = new ByteArrayContent([1, 2, 3]));

        await using var stream = await t.Drive(t.Project.OpenBlobAsync(TestClient.BlobKey));
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        Assert.Equal([1, 2, 3], copy.ToArray());
        Assert.Equal(2, t.Handler.Requests.Count);
    }

    [Fact]
    public async Task OpenBlob_of_a_missing_blob_fails_with_not_found()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.NotFound, """{"message":"Blob not found"}""");

        var error = await Assert.ThrowsAsync<DominoNotFoundException>(() => t.Project.OpenBlobAsync(TestClient.BlobKey));

        Assert.Equal("Blob not found", error.ServerMessage);
    }

    [Fact]
    public async Task UploadFile_puts_the_stream_to_the_encoded_path_and_parses_the_201()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.Created,
            """{"path":"results/my report.html","lastModified":1429926528000,"size":5,"key":"625f85c90ddc02bd269a709489e796388e473599","url":"/blobs/625f","newField":[]}""");
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("hello"));

        var file = await t.Project.UploadFileAsync("results/my report.html", content);

        var request = t.Handler.Only;
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal($"{ProjectUri}/results/my%20report.html", request.Uri.AbsoluteUri);
        Assert.Equal("application/octet-stream", request.ContentType);
        Assert.Equal("hello", request.Body);
        Assert.Equal(TestClient.ApiKey, request.Header("X-Domino-Api-Key"));
        Assert.Equal("results/my report.html", file.Path);
        Assert.Equal(5, file.Size);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1429926528000), file.LastModified);
        Assert.True(content.CanRead, "the caller's stream stays open");
    }

    [Fact]
    public async Task UploadFile_accepts_a_200()
    {
        using var t = new TestClient();
        t.Handler.RespondJson("""{"path":"a.txt","size":1,"key":"625f85c90ddc02bd269a709489e796388e473599"}""");

        var file = await t.Project.UploadFileAsync("a.txt", new MemoryStream([42]));

        Assert.Equal("a.txt", file.Path);
    }

    [Fact]
    public async Task UploadFile_of_a_seekable_stream_is_retried_with_the_whole_body()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.BadGateway)
            .Respond(HttpStatusCode.Created, """{"path":"a.txt","size":5,"key":"625f85c90ddc02bd269a709489e796388e473599"}""");
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("hello"));

        await t.Drive(t.Project.UploadFileAsync("a.txt", content));

        Assert.Equal(["hello", "hello"], t.Handler.Requests.Select(r => r.Body));
    }

    [Fact]
    public async Task UploadFile_of_a_one_shot_stream_is_not_resent_after_a_503()
    {
        using var t = new TestClient();
        t.Handler.Always(HttpStatusCode.ServiceUnavailable);

        await Assert.ThrowsAsync<DominoServerException>(
            () => t.Drive(t.Project.UploadFileAsync("a.txt", new OneShotStream(Encoding.UTF8.GetBytes("hello")))));

        Assert.Equal("hello", t.Handler.Only.Body);
    }

    [Theory]
    [InlineData("""["ce42f26a45d842e636102474eb227262714a4536","981c1f5915724eb8882b1dffc6e7371c31ba638b"]""")]
    [InlineData("""[{"id":"ce42f26a45d842e636102474eb227262714a4536","author":"alice"},{"id":"981c1f5915724eb8882b1dffc6e7371c31ba638b","message":null}]""")]
    [InlineData("""{"objectType":"list","data":["ce42f26a45d842e636102474eb227262714a4536",{"id":"981c1f5915724eb8882b1dffc6e7371c31ba638b"},null]}""")]
    public async Task ListCommits_accepts_strings_or_objects_with_an_id(string body)
    {
        using var t = new TestClient();
        t.Handler.RespondJson(body);

        var commits = await t.Project.ListCommitsAsync();

        Assert.Equal($"{ProjectUri}/commits", t.Handler.Only.Uri.AbsoluteUri);
        Assert.Equal(["ce42f26a45d842e636102474eb227262714a4536", "981c1f5915724eb8882b1dffc6e7371c31ba638b"], commits);
    }

    [Fact]
    public async Task GetVersion_reads_each_field_as_text_whatever_its_json_type()
    {
        using var t = new TestClient();
        t.Handler.RespondJson("""{"version":"5.11.0","buildId":1234,"commitId":"a1b2c3","timestamp":1700000000000,"newField":{"a":1}}""");

        var version = await t.Client.GetVersionAsync();

        Assert.Equal("https://domino.example.com/version", t.Handler.Only.Uri.AbsoluteUri);
        Assert.Equal(new DominoServerVersion { Version = "5.11.0", BuildId = "1234", CommitId = "a1b2c3", Timestamp = "1700000000000" }, version);
    }

    [Fact]
    public async Task GetVersion_tolerates_nulls_and_missing_fields()
    {
        using var t = new TestClient();
        t.Handler.RespondJson("""{"version":"5.11.0","buildId":null}""");

        var version = await t.Client.GetVersionAsync();

        Assert.Equal(new DominoServerVersion { Version = "5.11.0" }, version);
    }

    private sealed class CountingStream(byte[] data) : MemoryStream(data)
    {
        public long BytesRead { get; private set; }

        public bool Disposed { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Count(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(base.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await base.ReadAsync(buffer, cancellationToken));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await base.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }

    /// <summary>A stream that cannot seek, like a network or pipe stream.</summary>
    private sealed class OneShotStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
