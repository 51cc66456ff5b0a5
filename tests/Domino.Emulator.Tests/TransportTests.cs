using System.Diagnostics;
using System.Net;
using System.Net.Security;

namespace Domino.Emulator.Tests;

/// <summary><c>--latency</c> and <c>--tls</c>: a distant server, and HTTPS with HTTP/2.</summary>
public sealed class TransportTests
{
    [Fact]
    public async Task Latency_delays_every_request_by_at_least_the_configured_time()
    {
        // Given an emulator with 300 ms of latency
        await using TestEmulator emu = await TestEmulator.StartAsync(o => o.Latency = TimeSpan.FromMilliseconds(300));

        // When two requests are made
        var clock = Stopwatch.StartNew();
        using HttpResponseMessage version = await emu.Client.GetAsync("/version");
        using HttpResponseMessage commits = await emu.Client.GetAsync(TestEmulator.ProjectPath("/commits"));
        clock.Stop();

        // Then both answered, and together they took at least twice the latency
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal(HttpStatusCode.OK, commits.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(600), $"two requests took {clock.Elapsed}");
    }

    [Fact]
    public async Task Tls_serves_https_with_http2_and_a_self_signed_certificate_for_the_loopback_address()
    {
        // Given an emulator with TLS
        await using TestEmulator emu = await TestEmulator.StartAsync(o => o.Tls = true);
        Assert.Equal("https", emu.Emulator.BaseAddress.Scheme);
        string expected = emu.Emulator.TlsCertificate!.Thumbprint;
        string? presented = null;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    presented = certificate?.GetCertHashString();
                    return errors == SslPolicyErrors.RemoteCertificateChainErrors && presented == expected;
                },
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = emu.Emulator.BaseAddress, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        client.DefaultRequestHeaders.Add("X-Domino-Api-Key", TestEmulator.ApiKey);

        // When a request is made over HTTP/2
        using HttpResponseMessage response = await client.GetAsync(TestEmulator.ProjectPath("/commits"));

        // Then it was HTTP/2 over TLS with the emulator's certificate, which names the loopback address
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(expected, presented);
        Assert.Contains("127.0.0.1", emu.Emulator.TlsCertificate.Extensions["2.5.29.17"]!.Format(false));
        Assert.False(emu.Emulator.TlsCertificate.HasPrivateKey);
    }

    [Fact]
    public async Task Without_tls_the_emulator_serves_plain_http_and_has_no_certificate()
    {
        await using TestEmulator emu = await TestEmulator.StartAsync();

        Assert.Equal("http", emu.Emulator.BaseAddress.Scheme);
        Assert.Null(emu.Emulator.TlsCertificate);
    }
}
