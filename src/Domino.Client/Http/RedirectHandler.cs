using System.Net;

namespace Domino.Client.Http;

/// <summary>
/// Follows redirects only within the origin the request went to (scheme, host and port), at most
/// <see cref="MaxRedirects"/> times. A redirect elsewhere is handed back unfollowed, so no credential goes to
/// another host; <see cref="DominoHttp"/> turns it into an error naming only the target's origin.
/// </summary>
internal sealed class RedirectHandler : DelegatingHandler
{
    public const int MaxRedirects = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = request;
        for (var hops = 0; ; hops++)
        {
            var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location || hops == MaxRedirects)
            {
                return response;
            }

            var target = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
            if (!RequestPolicy.SameOrigin(target, current.RequestUri!))
            {
                return response;
            }

            var next = CreateHop(current, target, response.StatusCode);
            response.Dispose();
            current = next;
        }
    }

    public static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    private static HttpRequestMessage CreateHop(HttpRequestMessage previous, Uri target, HttpStatusCode status)
    {
        // 303 always, and 301/302 after a POST (as browsers do), continue as a GET without a body; 307/308 keep both.
        var toGet = status == HttpStatusCode.SeeOther && previous.Method != HttpMethod.Head
            || (status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && previous.Method == HttpMethod.Post);
        var hop = new HttpRequestMessage(toGet ? HttpMethod.Get : previous.Method, target)
        {
            Version = previous.Version,
            VersionPolicy = previous.VersionPolicy,
            Content = toGet ? null : previous.Content,
        };

        foreach (var header in previous.Headers)
        {
            hop.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        // The credential is added again below this stage, for this hop's origin only.
        Configuration.DominoCredentials.Remove(hop);
        return hop;
    }
}
