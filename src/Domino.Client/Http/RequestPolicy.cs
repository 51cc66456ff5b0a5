using System.Net;
using System.Net.Sockets;

namespace Domino.Client.Http;

/// <summary>How a request may be retried. Carried on the request so the one retry stage can decide.</summary>
internal enum RetryMode
{
    /// <summary>Idempotent: retried on 408/429/5xx and on connection failures and timeouts.</summary>
    Idempotent,

    /// <summary>Not idempotent (start a run, a one-shot upload stream): retried only when nothing was sent yet.</summary>
    BeforeSendOnly,
}

/// <summary>
/// A request of this client's pipeline, with its settings and the facts the pipeline reports back as fields: the
/// client makes every request as one (<see cref="DominoHttp.CreateRequest"/>), and a download sends one per file,
/// where <see cref="HttpRequestMessage.Options"/> cost a dictionary and a boxed value per setting.
/// </summary>
internal sealed class DominoRequestMessage(HttpMethod method, Uri requestUri) : HttpRequestMessage(method, requestUri)
{
    public RetryMode RetryMode { get; set; } = RetryMode.BeforeSendOnly;

    public bool StreamResponse { get; set; }

    public int Attempts { get; set; } = 1;
}

/// <summary>The per-request settings of the pipeline, and the facts it reports back, carried by <see cref="DominoRequestMessage"/>.</summary>
/// <remarks>Any other request (one made elsewhere) has the defaults: retried only before it was sent, read whole, one attempt.</remarks>
internal static class RequestPolicy
{
    public static void Set(DominoRequestMessage request, RetryMode mode, bool streamResponse)
    {
        request.RetryMode = mode;
        request.StreamResponse = streamResponse;
    }

    public static RetryMode GetRetryMode(HttpRequestMessage request) =>
        (request as DominoRequestMessage)?.RetryMode ?? RetryMode.BeforeSendOnly;

    /// <summary>A streamed response is handed over after its headers; any other is read whole inside the attempt.</summary>
    public static bool StreamsResponse(HttpRequestMessage request) => request is DominoRequestMessage { StreamResponse: true };

    public static int GetAttempts(HttpRequestMessage request) => (request as DominoRequestMessage)?.Attempts ?? 1;

    public static void SetAttempts(HttpRequestMessage request, int attempts)
    {
        if (request is DominoRequestMessage ours)
        {
            ours.Attempts = attempts;
        }
    }

    public static bool IsRetryableStatus(HttpStatusCode status) => (int)status is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>True when the failure happened while connecting, so no byte of the request reached the server.</summary>
    public static bool FailedBeforeSend(Exception exception)
    {
        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
        {
            return true;
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound
                or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain or SocketError.NoData })
            {
                return true;
            }
        }

        return false;
    }

    public static bool SameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>The origin only (<c>scheme://host[:port]</c>): what a message may say about another host.</summary>
    public static string Origin(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
}
