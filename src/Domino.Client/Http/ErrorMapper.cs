using System.Globalization;
using System.Net;
using System.Text.Json;
using Domino.Client.Text;

namespace Domino.Client.Http;

/// <summary>Turns a failed response or transport failure into the exception for its cause, with the server's own words.</summary>
internal static class ErrorMapper
{
    public const int MaxServerMessageLength = 300;

    // Names no setting: each front end says in its own words where the credentials come from.
    private const string CredentialHint = "Check the API key or token, and that its user may access this project.";

    private const string NotFoundHint =
        "Check the project ('owner/name', as in the project's web address) and the id, and that the credentials' user can see the project.";

    private const string MayHaveStartedHint =
        "The run may have started, so the request was not resent. Look for it in the project's runs (ListRuns, or the Domino web UI) before starting it again; "
        + "give the run a Marker so that a retry reattaches to it instead of starting a second one.";

    /// <summary>The exception for a non-success response; <paramref name="serverMessage"/> is already scrubbed.</summary>
    public static DominoRequestException FromResponse(HttpRequestMessage request, HttpResponseMessage response, string? serverMessage, bool isStartRun)
    {
        var method = request.Method.Method;
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        var status = (int)response.StatusCode;
        var attempts = RequestPolicy.GetAttempts(request);
        var head = $"{method} {path} failed with {status} {response.ReasonPhrase}"
            + (attempts > 1 ? $" after {attempts} attempts" : string.Empty);
        var message = serverMessage is null ? head : $"{head}: {serverMessage}";

        if (RedirectHandler.IsRedirect(response.StatusCode))
        {
            return Redirect(request, response, method, path, status, head);
        }

        var text = serverMessage ?? string.Empty;
        if (status == 500 && text.Contains("AnonymousPrincipal", StringComparison.OrdinalIgnoreCase))
        {
            return new DominoUnauthorizedException(WithHint(message, CredentialHint), method, path, status, serverMessage);
        }

        if (status == 500 && LooksLikeNotFound(text))
        {
            // Older servers answer an unknown project, run or commit with a Java exception and a 500.
            return new DominoNotFoundException(WithHint(message, NotFoundHint), method, path, status, serverMessage);
        }

        return status switch
        {
            400 or 422 => new DominoBadRequestException(message, method, path, status, serverMessage),
            401 or 403 => new DominoUnauthorizedException(WithHint(message, CredentialHint), method, path, status, serverMessage),
            404 => new DominoNotFoundException(WithHint(message, NotFoundHint), method, path, status, serverMessage),
            409 => new DominoConflictException(
                WithHint(message, "Temporary credentials expired: log in again (or refresh the token) and retry."), method, path, status, serverMessage),
            >= 500 when isStartRun => new DominoRunMayHaveStartedException(WithHint(message, MayHaveStartedHint), method, path, status, serverMessage, null),
            408 or 429 or >= 500 => new DominoServerException(message, method, path, status, serverMessage),
            _ => new DominoRequestException(message, method, path, status, serverMessage),
        };
    }

    /// <summary>The exception for a request that got no usable response (connection failure, timeout, body cut short).</summary>
    public static DominoRequestException FromFailure(HttpRequestMessage request, Exception failure, bool isStartRun, SecretScrubber scrubber)
    {
        var method = request.Method.Method;
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        var attempts = RequestPolicy.GetAttempts(request);
        var tries = attempts > 1 ? $" after {attempts} attempts" : string.Empty;
        var reason = scrubber.Scrub(failure.Message);
        if (isStartRun && !RequestPolicy.FailedBeforeSend(failure))
        {
            return new DominoRunMayHaveStartedException(
                WithHint($"{method} {path} failed{tries}: {reason}", MayHaveStartedHint), method, path, null, null, failure);
        }

        var what = failure switch
        {
            TimeoutException => "timed out",
            _ when RequestPolicy.FailedBeforeSend(failure) => "could not reach the server",
            _ => "lost the connection",
        };
        return new DominoConnectionException($"{method} {path} {what}{tries}: {reason}", method, path, failure);
    }

    /// <summary>The best message in an error body: known JSON shapes first, else the text (an HTML page reduced to its title), cut short.</summary>
    public static string? ExtractServerMessage(string? body, string? mediaType)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var trimmed = body.TrimStart();
        string? text = null;
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                text = FromJson(document.RootElement);
            }
            catch (JsonException)
            {
                // Not JSON after all: fall through to text.
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            var isHtml = mediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true || trimmed.StartsWith('<');
            text = isHtml ? HtmlText.Summarize(body) : body;
        }

        text = HtmlText.CollapseWhitespace(text);
        return text.Length == 0 ? null : HtmlText.Truncate(text, MaxServerMessageLength);
    }

    private static string? FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Array:
                var parts = element.EnumerateArray().Select(FromJson).Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
                return parts.Count == 0 ? null : string.Join("; ", parts);
            case JsonValueKind.Object:
                foreach (var name in (ReadOnlySpan<string>)["message", "errors", "error", "detail", "title"])
                {
                    if (element.TryGetProperty(name, out var value) && FromJson(value) is { Length: > 0 } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>Ends <paramref name="message"/> as a sentence, then adds <paramref name="hint"/>.</summary>
    private static string WithHint(string message, string hint) =>
        message.EndsWith('.') || message.EndsWith('!') || message.EndsWith('?') ? $"{message} {hint}" : $"{message}. {hint}";

    private static bool LooksLikeNotFound(string text) =>
        text.Contains("not found", StringComparison.OrdinalIgnoreCase)
        || text.Contains("NoSuchElementException", StringComparison.Ordinal)
        || text.Contains("does not exist", StringComparison.OrdinalIgnoreCase);

    private static DominoRequestException Redirect(HttpRequestMessage request, HttpResponseMessage response, string method, string path, int status, string head)
    {
        var from = response.RequestMessage?.RequestUri ?? request.RequestUri!;
        if (response.Headers.Location is not { } location)
        {
            return new DominoRequestException($"{head}: the redirect has no Location.", method, path, status, null);
        }

        var target = location.IsAbsoluteUri ? location : new Uri(from, location);
        if (!RequestPolicy.SameOrigin(target, from))
        {
            // Only the origin is named: the target's path or query could carry anything.
            return new DominoRequestException(
                $"{head}: the server redirected to another host, {RequestPolicy.Origin(target)}, which is not followed so that the "
                + "credentials are not sent there. If that is the Domino server, set the host to it.",
                method, path, status, null);
        }

        return new DominoRequestException(
            string.Create(CultureInfo.InvariantCulture, $"{head}: more than {RedirectHandler.MaxRedirects} redirects."), method, path, status, null);
    }
}
