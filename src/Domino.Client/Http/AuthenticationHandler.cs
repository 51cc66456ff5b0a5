using Domino.Client.Configuration;

namespace Domino.Client.Http;

/// <summary>Adds the credential to each attempt (so a token file is re-read), and only when the request goes to the configured host.</summary>
internal sealed class AuthenticationHandler(Uri host, DominoCredentials credentials) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        DominoCredentials.Remove(request);
        if (request.RequestUri is { } uri && RequestPolicy.SameOrigin(uri, host))
        {
            credentials.Apply(request);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
