using Domino.Client.Configuration;

namespace Domino.Client.Http;

/// <summary>Adds the credential to each attempt (so a token file is re-read), and only when the request goes to the configured host.</summary>
internal sealed class AuthenticationHandler(Uri host, DominoCredentials credentials) : DelegatingHandler
{
    // "scheme://host[:port]/" as the client writes its own addresses (DominoHttp.Resolve): an address whose text starts
    // with it has that origin, since the authority ends at the first '/'. Anything else (a redirect) is compared in full.
    private readonly string _originPrefix = RequestPolicy.Origin(host) + "/";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        DominoCredentials.Remove(request);
        if (request.RequestUri is { } uri
            && (uri.OriginalString.StartsWith(_originPrefix, StringComparison.Ordinal) || RequestPolicy.SameOrigin(uri, host)))
        {
            credentials.Apply(request);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
