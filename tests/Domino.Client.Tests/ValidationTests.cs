using Moq;
using Moq.Protected;

namespace Domino.Client.Tests;

/// <summary>Malformed input fails locally, with a message naming the value and showing a good one; nothing is sent.</summary>
public sealed class ValidationTests : IDisposable
{
    private readonly Mock<HttpMessageHandler> _transport = new(MockBehavior.Strict);
    private readonly DominoClient _client;
    private readonly DominoProjectClient _project;

    public ValidationTests()
    {
        _client = new DominoClient(new DominoClientOptions
        {
            Host = "https://domino.example.com",
            ApiKey = "k",
            Transport = _transport.Object,
            Environment = new DictionaryDominoEnvironment(new Dictionary<string, string?>()),
        });
        _project = _client.GetProjectClient(DominoProjectName.Parse("alice/churn"));
    }

    public void Dispose()
    {
        _transport.Protected().Verify("SendAsync", Times.Never(), ItExpr.IsAny<HttpRequestMessage>(), ItExpr.IsAny<CancellationToken>());
        _client.Dispose();
    }

    public static TheoryData<string> BadObjectIds => new() { "", "553AF271E4B0364C0F717B24", "553af271e4b0364c0f717b2", "553af271e4b0364c0f717b24a", "../../../etc/passwd", "553af271e4b0364c0f717b2g" };

    public static TheoryData<string> BadSha1s => new() { "", "CE42F26A45D842E636102474EB227262714A4536", "ce42f26a45d842e636102474eb227262714a453", "ce42f26a45d842e636102474eb227262714a4536/..", "master" };

    [Theory]
    [MemberData(nameof(BadObjectIds))]
    public async Task Every_run_call_refuses_a_malformed_run_id(string runId)
    {
        var errors = new List<ArgumentException>
        {
            await Assert.ThrowsAsync<ArgumentException>(() => _project.GetRunAsync(runId)),
            await Assert.ThrowsAsync<ArgumentException>(() => _project.GetRunOutputAsync(runId)),
            await Assert.ThrowsAsync<ArgumentException>(() => _project.GetRunLogsAsync(runId)),
            await Assert.ThrowsAsync<ArgumentException>(() => _project.StopRunAsync(runId)),
            Assert.Throws<ArgumentException>(() => _project.GetRunUrl(runId)),
        };

        Assert.All(errors, e =>
        {
            Assert.Contains($"'{runId}'", e.Message);
            Assert.Contains("24 lower-case hex", e.Message);
            Assert.Contains("553af271e4b0364c0f717b24", e.Message);
        });
    }

    [Theory]
    [MemberData(nameof(BadSha1s))]
    public async Task ListFiles_refuses_a_malformed_commit_id(string commitId)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _project.ListFilesAsync(commitId));

        Assert.Contains($"'{commitId}'", error.Message);
        Assert.Contains("40 lower-case hex", error.Message);
        Assert.Equal("commitId", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(BadSha1s))]
    public async Task OpenBlob_refuses_a_malformed_key(string key)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _project.OpenBlobAsync(key));

        Assert.Contains($"'{key}'", error.Message);
        Assert.Contains("40 lower-case hex", error.Message);
    }

    [Fact]
    public async Task StartRun_refuses_an_empty_command()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _project.StartRunAsync(new DominoStartRunRequest { Command = [] }));

        Assert.Contains("command is empty", error.Message);
        Assert.Contains("[\"main.py\", \"arg1\"]", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task StartRun_refuses_an_empty_command_element(string element)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py", element] }));

        Assert.Contains("Element 1 of the run command is empty", error.Message);
    }

    [Fact]
    public async Task StartRun_refuses_a_direct_command_of_more_than_one_element()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => _project.StartRunAsync(new DominoStartRunRequest { Command = ["python", "main.py"], IsDirect = true }));

        Assert.Contains("exactly one command element", error.Message);
        Assert.Contains("has 2 elements", error.Message);
    }

    [Fact]
    public async Task StartRun_refuses_a_malformed_commit_id()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => _project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], CommitId = "aabbccddee" }));

        Assert.Contains("'aabbccddee'", error.Message);
        Assert.Equal("CommitId", error.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ci-1")]
    [InlineData("ci]1")]
    [InlineData("ci\n1")]
    public async Task StartRun_refuses_a_marker_that_could_not_be_found_again(string marker)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => _project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], Marker = marker }));

        Assert.Contains("marker", error.Message);
        Assert.Contains("ci-1234-attempt-1", error.Message);
    }

    [Theory]
    [InlineData("../secrets.txt", "'.' or '..'")]
    [InlineData("results/../../x", "'.' or '..'")]
    [InlineData("./x", "'.' or '..'")]
    [InlineData("/etc/passwd", "starts with '/'")]
    [InlineData("results\\a.txt", "contains '\\'")]
    [InlineData("results//a.txt", "empty segment")]
    [InlineData("results/a\u0000.txt", "control characters")]
    public async Task Remote_paths_must_be_relative_clean_and_slash_separated(string path, string why)
    {
        var list = await Assert.ThrowsAsync<ArgumentException>(() => _project.ListFilesAsync(TestClient.CommitId, path));
        var upload = await Assert.ThrowsAsync<ArgumentException>(() => _project.UploadFileAsync(path, new MemoryStream()));

        Assert.All(new[] { list, upload }, e =>
        {
            Assert.Contains(why, e.Message);
            Assert.Contains("'results/report.html'", e.Message);
        });
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("results/", "names a folder")]
    public async Task Upload_needs_a_file_path(string path, string why)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _project.UploadFileAsync(path, new MemoryStream()));

        Assert.Contains(why, error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task GetRunOutput_refuses_a_non_positive_preview(int lines)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _project.GetRunOutputAsync(TestClient.RunId, lines));

        Assert.Contains("positive number of lines", error.Message);
    }

    [Fact]
    public async Task GetRunLogs_refuses_an_unknown_log_type_and_a_non_positive_limit()
    {
        var type = await Assert.ThrowsAsync<ArgumentException>(() => _project.GetRunLogsAsync(TestClient.RunId, logType: "everything"));
        var limit = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _project.GetRunLogsAsync(TestClient.RunId, limit: 0));

        Assert.Contains("'everything'", type.Message);
        Assert.Contains("stdoutstderr", type.Message);
        Assert.Contains("positive", limit.Message);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("alice/")]
    [InlineData("/churn")]
    [InlineData("alice/churn/extra")]
    public void Project_must_be_owner_slash_name(string project)
    {
        var error = Assert.Throws<ArgumentException>(() => _client.GetProjectClient(project));

        Assert.Contains($"'{project}'", error.Message);
        Assert.Contains("'owner/name'", error.Message);
    }
}
