using System.Net;

namespace Domino.Client.Tests;

public class ErrorTests
{
    private static TestClient NoRetries() => new(o => o.Retry.MaxRetries = 0);

    [Theory]
    [InlineData(400, typeof(DominoBadRequestException))]
    [InlineData(422, typeof(DominoBadRequestException))]
    [InlineData(401, typeof(DominoUnauthorizedException))]
    [InlineData(403, typeof(DominoUnauthorizedException))]
    [InlineData(404, typeof(DominoNotFoundException))]
    [InlineData(409, typeof(DominoConflictException))]
    [InlineData(408, typeof(DominoServerException))]
    [InlineData(429, typeof(DominoServerException))]
    [InlineData(500, typeof(DominoServerException))]
    [InlineData(502, typeof(DominoServerException))]
    [InlineData(503, typeof(DominoServerException))]
    [InlineData(504, typeof(DominoServerException))]
    [InlineData(405, typeof(DominoRequestException))]
    public async Task Each_status_maps_to_the_exception_for_its_cause(int status, Type expected)
    {
        using var t = NoRetries();
        t.Handler.Respond((HttpStatusCode)status, """{"message":"the server's words"}""");

        var error = await Assert.ThrowsAnyAsync<DominoRequestException>(() => t.Project.GetRunAsync(TestClient.RunId));

        Assert.IsType(expected, error);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("GET", error.Method);
        Assert.Equal($"/v1/projects/alice/churn-model/runs/{TestClient.RunId}", error.RequestPath);
        Assert.Equal("the server's words", error.ServerMessage);
        Assert.StartsWith($"GET /v1/projects/alice/churn-model/runs/{TestClient.RunId} failed with {status} ", error.Message, StringComparison.Ordinal);
        Assert.Contains(": the server's words", error.Message);
    }

    [Fact]
    public async Task NotFound_message_reads_well_and_hints_at_the_project_and_id()
    {
        using var t = NoRetries();
        t.Handler.Respond(HttpStatusCode.NotFound, """{"message":"Run 553af271e4b0364c0f717b24 not found"}""");

        var error = await Assert.ThrowsAsync<DominoNotFoundException>(() => t.Project.GetRunAsync(TestClient.RunId));

        Assert.StartsWith(
            $"GET /v1/projects/alice/churn-model/runs/{TestClient.RunId} failed with 404 Not Found: Run 553af271e4b0364c0f717b24 not found. Check the project",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthorized_message_hints_at_the_credentials_without_naming_a_front_ends_settings()
    {
        using var t = NoRetries();
        t.Handler.Respond(HttpStatusCode.Unauthorized);

        var error = await Assert.ThrowsAsync<DominoUnauthorizedException>(() => t.Project.ListRunsAsync());

        Assert.Equal("GET /v1/projects/alice/churn-model/runs failed with 401 Unauthorized. Check the API key or token, and that its user may access this project.", error.Message);
        Assert.Null(error.ServerMessage);
    }

    [Fact]
    public async Task Conflict_says_to_log_in_again()
    {
        using var t = NoRetries();
        t.Handler.Respond(HttpStatusCode.Conflict, """{"errors":["Token expired"],"requestId":"r-1"}""");

        var error = await Assert.ThrowsAsync<DominoConflictException>(() => t.Project.ListRunsAsync());

        Assert.Contains("Token expired", error.Message);
        Assert.Contains("log in again", error.Message);
    }

    [Fact]
    public async Task An_old_servers_500_about_AnonymousPrincipal_is_unauthorized()
    {
        using var t = NoRetries();
        t.Handler.Respond(HttpStatusCode.InternalServerError, "Don't recognize principal AnonymousPrincipal", "text/plain");

        var error = await Assert.ThrowsAsync<DominoUnauthorizedException>(() => t.Project.ListRunsAsync());

        Assert.Equal(500, error.StatusCode);
    }

    [Fact]
    public async Task An_old_servers_500_with_a_java_not_found_is_not_found()
    {
        using var t = NoRetries();
        t.Handler.Respond(HttpStatusCode.InternalServerError,
            "java.util.NoSuchElementException: Project alice/churn-model not found\n\tat domino.server.projects.ProjectFinder.find(ProjectFinder.scala:42)", "text/plain");

        var error = await Assert.ThrowsAsync<DominoNotFoundException>(() => t.Project.ListRunsAsync());

        Assert.StartsWith("java.util.NoSuchElementException: Project alice/churn-model not found at domino.server", error.ServerMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"message":"Run not found"}""", "application/json", "Run not found")]
    [InlineData("""{"errors":["first problem","second problem"],"requestId":"abc"}""", "application/json", "first problem; second problem")]
    [InlineData("""{"errors":[{"message":"bad tier","field":"tier"},{"message":"bad commit"}]}""", "application/json", "bad tier; bad commit")]
    [InlineData("""{"error":"invalid_request"}""", "application/json", "invalid_request")]
    [InlineData("""{"error":{"message":"nested words","code":7}}""", "application/json", "nested words")]
    [InlineData("""{"message":null,"error":"fallback words"}""", "application/json", "fallback words")]
    [InlineData("""{"status":"weird"}""", "application/json", """{"status":"weird"}""")]
    [InlineData("553af271e4b0364c0f71 is not a valid ID", "text/plain", "553af271e4b0364c0f71 is not a valid ID")]
    [InlineData("<html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head><body><h1>Bad&nbsp;Gateway</h1>\n<p>nginx &amp; friends</p><script>var x = 1;</script></body></html>",
        "text/html", "502 Bad Gateway (nginx & friends)")]
    [InlineData("{not json", "application/json", "{not json")]
    public async Task Server_message_is_found_in_every_known_body_shape(string body, string contentType, string expected)
    {
        using var t = NoRetries();
        t.Handler.Respond(HttpStatusCode.BadRequest, body, contentType);

        var error = await Assert.ThrowsAsync<DominoBadRequestException>(() => t.Project.ListRunsAsync());

        Assert.Equal(expected, error.ServerMessage);
        Assert.EndsWith(": " + expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_server_messages_are_cut_short()
    {
        using var t = NoRetries();
        t.Handler.Respond(HttpStatusCode.BadRequest, $$"""{"message":"{{new string('x', 5000)}}"}""");

        var error = await Assert.ThrowsAsync<DominoBadRequestException>(() => t.Project.ListRunsAsync());

        Assert.Equal(new string('x', 300) + "...", error.ServerMessage);
        Assert.True(error.Message.Length < 500);
    }

    [Fact]
    public async Task A_streamed_error_body_is_read_only_in_part()
    {
        using var t = NoRetries();
        t.Handler.Respond(HttpStatusCode.NotFound, new string('y', 10_000_000), "text/plain");

        var error = await Assert.ThrowsAsync<DominoNotFoundException>(() => t.Project.OpenBlobAsync(TestClient.BlobKey));

        Assert.Equal(new string('y', 300) + "...", error.ServerMessage);
    }

    [Fact]
    public async Task Connection_failure_after_the_retries_names_the_request_and_the_cause()
    {
        using var t = NoRetries();
        t.Handler.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (domino.example.com:443)"));

        var error = await Assert.ThrowsAsync<DominoConnectionException>(() => t.Project.ListRunsAsync());

        Assert.Equal("GET /v1/projects/alice/churn-model/runs could not reach the server: Connection refused (domino.example.com:443)", error.Message);
        Assert.Null(error.StatusCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }
}
