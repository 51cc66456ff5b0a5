using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;

namespace Domino.Client.Tests.EndToEnd;

/// <summary>Downloads against the emulator over HTTPS (HTTP/2 offered) and with a delay per request (a distant server).</summary>
[Trait("Category", "EndToEnd")]
[Collection("EndToEnd")]
public class DownloadTransportTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Over_https_the_download_speaks_http2_when_the_server_offers_it()
    {
        // Given the emulator over TLS with HTTP/2, and a client trusting its self-signed certificate
        string? expectedThumbprint = null;
        var versions = new ConcurrentQueue<(string Path, Version Version)>();
        var sockets = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate?.GetCertHashString() == expectedThumbprint,
            },
        };
        await using var e = await EmulatorHarness.StartAsync(
            o => o.Tls = true,
            o => o.Transport = new RecordingHandler(versions) { InnerHandler = sockets });
        expectedThumbprint = e.Emulator.TlsCertificate!.Thumbprint;
        var commit = (await e.Runs.ListCommitsAsync().WaitAsync(Bound))[0];
        var destination = e.NewFolder("https");

        // When the project's commit is downloaded
        var report = await e.Runs.DownloadCommitAsync(commit, destination).WaitAsync(Bound);

        // Then every file arrived, and every blob came over HTTP/2
        Assert.Empty(report.Failed);
        Assert.Equal(5, report.Written.Count);
        Assert.Equal(
            await File.ReadAllTextAsync(Path.Combine(e.Root, "project", "main.py")),
            await File.ReadAllTextAsync(Path.Combine(destination, "main.py")));
        var blobs = versions.Where(v => v.Path.Contains("/blobs/", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, blobs.Count);
        Assert.All(blobs, b => Assert.Equal(HttpVersion.Version20, b.Version));
    }

    [Fact]
    public async Task Over_plain_http_the_download_speaks_http11()
    {
        var versions = new ConcurrentQueue<(string Path, Version Version)>();
        await using var e = await EmulatorHarness.StartAsync(
            configureClient: o => o.Transport = new RecordingHandler(versions) { InnerHandler = new SocketsHttpHandler() });
        var commit = (await e.Runs.ListCommitsAsync().WaitAsync(Bound))[0];

        var report = await e.Runs.DownloadCommitAsync(commit, e.NewFolder("http")).WaitAsync(Bound);

        Assert.Empty(report.Failed);
        Assert.NotEmpty(versions);
        Assert.All(versions, v => Assert.Equal(HttpVersion.Version11, v.Version));
    }

    /// <summary>Records the protocol version of each answer.</summary>
    private sealed class RecordingHandler(ConcurrentQueue<(string Path, Version Version)> versions) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            versions.Enqueue((request.RequestUri!.AbsolutePath, response.Version));
            return response;
        }
    }
}
