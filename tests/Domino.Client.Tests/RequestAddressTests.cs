using System.Net;
using Domino.Client.Configuration;
using Domino.Client.Http;
using Xunit;

namespace Domino.Client.Tests;

/// <summary>
/// The client writes its own addresses as text (the host's, then the path) and recognises them by that text when it adds
/// the credential: both shortcuts must give what the full <see cref="Uri"/> rules give, and never send the key elsewhere.
/// </summary>
public sealed class RequestAddressTests : IDisposable
{
    private readonly TestClient _t = new(o => o.Host = "http://domino.example.com");

    public void Dispose() => _t.Dispose();

    [Theory]
    [InlineData("version")]
    [InlineData("v1/projects/alice/churn-model/files/ce42f26a/my%20results/2024%20%231%3F")]
    [InlineData("api/projects/v1/projects/55221238/files/ce42f26a/r%C3%A9sultats/%25done%2Fnot-a-folder/content")]
    [InlineData("v4/gateway/projects/findProjectByOwnerAndName?ownerName=alice&projectName=churn%20model")]
    [InlineData("v1/projects/alice/churn-model/../other/runs")]
    [InlineData("v1/projects/alice/churn-model/files/ce42f26a/")]
    [InlineData("/v1/rooted")]
    [InlineData("//elsewhere.example/x")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("v1:odd/path")]
    [InlineData("?query=only")]
    public void A_path_resolves_to_the_address_uri_rules_give(string relativePath)
    {
        foreach (var host in new[] { "http://domino.example.com", "https://Domino.Example.com:8443/ignored/path", "http://[::1]:5000", "https://dömino.example" })
        {
            _t.Options.Host = host;
            var settings = ConnectionSettings.Resolve(_t.Options);
            using var http = new DominoHttp(settings, _t.Options);

            var resolved = http.Resolve(relativePath);

            var expected = new Uri(settings.Host, relativePath);
            Assert.Equal(expected, resolved);
            Assert.Equal(expected.AbsoluteUri, resolved.AbsoluteUri);
        }
    }

    [Theory]
    [InlineData("http://domino.example.com/v1/projects", true)]
    [InlineData("HTTP://Domino.Example.com:80/v1/projects", true)]
    [InlineData("http://domino.example.com:8080/v1/projects", false)]
    [InlineData("http://domino.example.com.evil.example/v1/projects", false)]
    [InlineData("http://domino.example.com@evil.example/v1/projects", false)]
    [InlineData("http://domino.example.com:80@evil.example/v1/projects", false)]
    [InlineData("https://domino.example.com/v1/projects", false)]
    [InlineData("http://domino.example.co/v1/projects", false)]
    public async Task The_key_goes_only_to_the_configured_host(string address, bool sent)
    {
        var settings = ConnectionSettings.Resolve(_t.Options);
        _t.Handler.Respond(HttpStatusCode.OK, "{}");
        using var invoker = new HttpMessageInvoker(new AuthenticationHandler(settings.Host, settings.Credentials) { InnerHandler = _t.Handler });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address));
        request.Headers.TryAddWithoutValidation(DominoCredentials.ApiKeyHeader, "left-by-an-earlier-attempt");

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        var key = _t.Handler.Only.Header(DominoCredentials.ApiKeyHeader);
        Assert.Equal(sent ? TestClient.ApiKey : null, key);
    }

    [Theory]
    [InlineData("https://dömino.example")]
    [InlineData("http://[::1]:5000")]
    [InlineData("https://DOMINO.example.com:443")]
    public async Task The_key_goes_to_the_clients_own_addresses_on_any_host(string host)
    {
        _t.Options.Host = host;
        var settings = ConnectionSettings.Resolve(_t.Options);
        using var http = new DominoHttp(settings, _t.Options);
        _t.Handler.Respond(HttpStatusCode.OK, "{}");
        using var invoker = new HttpMessageInvoker(new AuthenticationHandler(settings.Host, settings.Credentials) { InnerHandler = _t.Handler });
        using var request = http.CreateRequest(HttpMethod.Get, "v1/projects/alice/churn-model/runs");

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        Assert.Equal(TestClient.ApiKey, _t.Handler.Only.Header(DominoCredentials.ApiKeyHeader));
    }
}
