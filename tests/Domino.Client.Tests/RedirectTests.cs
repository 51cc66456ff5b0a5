using System.Net;

namespace Domino.Client.Tests;

public class RedirectTests
{
    private static Action<HttpResponseMessage> To(string location) => r => r.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);

    [Fact]
    public async Task A_same_origin_redirect_is_followed_with_the_credentials()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.Found, configure: To("/api/v1/projects/alice/churn-model/runs"))
            .RespondJson("[]");

        await t.Project.ListRunsAsync();

        Assert.Equal(2, t.Handler.Requests.Count);
        var followed = t.Handler.Requests[1];
        Assert.Equal("https://domino.example.com/api/v1/projects/alice/churn-model/runs", followed.Uri.AbsoluteUri);
        Assert.Equal(HttpMethod.Get, followed.Method);
        Assert.Equal(TestClient.ApiKey, followed.Header("X-Domino-Api-Key"));
        Assert.StartsWith("Domino.Client/", followed.Header("User-Agent"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.TemporaryRedirect)]
    [InlineData(HttpStatusCode.PermanentRedirect)]
    public async Task A_307_or_308_keeps_the_method_and_the_body(HttpStatusCode status)
    {
        using var t = new TestClient();
        t.Handler
            .RespondJson($$"""{"id":"{{TestClient.ProjectId}}"}""")
            .Respond(status, configure: To("https://domino.example.com:443/v4/jobs/stop/"))
            .RespondJson("{}");

        await t.Project.StopRunAsync(TestClient.RunId);

        var followed = t.Handler.Requests[2];
        Assert.Equal(HttpMethod.Post, followed.Method);
        Assert.Equal("https://domino.example.com/v4/jobs/stop/", followed.Uri.AbsoluteUri);
        Assert.Equal(t.Handler.Requests[1].Body, followed.Body);
        Assert.Equal(TestClient.ApiKey, followed.Header("X-Domino-Api-Key"));
    }

    [Fact]
    public async Task A_303_continues_as_a_GET_without_a_body()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.SeeOther, configure: To("/v1/projects/alice/churn-model/runs/553af271e4b0364c0f717b24/started"))
            .RespondJson(Samples.StartRunResponse);

        await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] });

        Assert.Equal(HttpMethod.Get, t.Handler.Requests[1].Method);
        Assert.Null(t.Handler.Requests[1].Body);
    }

    [Theory]
    [InlineData("https://evil.example.net/steal?token=abc", "https://evil.example.net")]
    [InlineData("http://domino.example.com/v1/projects/alice/churn-model/runs", "http://domino.example.com")]
    [InlineData("https://domino.example.com:8443/v1/projects/alice/churn-model/runs", "https://domino.example.com:8443")]
    [InlineData("//cdn.example.org/x", "https://cdn.example.org")]
    public async Task A_redirect_to_another_origin_is_not_followed_and_names_only_that_origin(string location, string origin)
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.Found, configure: To(location)).RespondJson("[]");

        var error = await Assert.ThrowsAsync<DominoRequestException>(() => t.Project.ListRunsAsync());

        var only = t.Handler.Only;
        Assert.Equal("https://domino.example.com/v1/projects/alice/churn-model/runs", only.Uri.AbsoluteUri);
        Assert.Contains($"another host, {origin},", error.Message);
        Assert.DoesNotContain("steal", error.Message);
        Assert.DoesNotContain("token=abc", error.Message);
        Assert.Equal(302, error.StatusCode);
    }

    [Fact]
    public async Task Redirects_are_followed_at_most_five_times()
    {
        using var t = new TestClient();
        t.Handler.Always(HttpStatusCode.MovedPermanently, configure: To("/loop"));

        var error = await Assert.ThrowsAsync<DominoRequestException>(() => t.Project.ListRunsAsync());

        Assert.Equal(6, t.Handler.Requests.Count);
        Assert.Contains("more than 5 redirects", error.Message);
    }
}
