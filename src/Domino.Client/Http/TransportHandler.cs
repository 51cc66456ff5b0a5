namespace Domino.Client.Http;

/// <summary>
/// The innermost stage: forwards to the real transport. A transport given in the options belongs to the caller
/// and is not disposed with the client; the default one is.
/// </summary>
internal sealed class TransportHandler(HttpMessageHandler transport, bool ownsTransport) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _invoker = new(transport, ownsTransport);

    public static SocketsHttpHandler CreateDefault() => new()
    {
        AllowAutoRedirect = false, // RedirectHandler decides, so credentials never follow a redirect elsewhere.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5), // Pick up DNS changes.
        UseCookies = false,

        // Over HTTPS a download's requests share HTTP/2 connections; past the server's stream limit, another connection opens.
        EnableMultipleHttp2Connections = true,
    };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _invoker.SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _invoker.Dispose();
        }

        base.Dispose(disposing);
    }
}
