using System.Reflection;
using System.Text;
using System.Text.Json;
using Domino.Client.Configuration;
using Domino.Client.Serialization;
using Domino.Client.Text;

namespace Domino.Client.Http;

/// <summary>How the pipeline treats one request.</summary>
internal enum RequestKind
{
    /// <summary>Safe to repeat: retried on transient failures.</summary>
    Idempotent,

    /// <summary>The start-run POST: resent only when nothing reached the server; otherwise "the run may have started".</summary>
    StartRun,

    /// <summary>A one-shot upload stream: resent only when nothing was sent.</summary>
    SendOnce,
}

/// <summary>
/// The HTTP side of a <see cref="DominoClient"/>: one <see cref="HttpMessageInvoker"/> over the handler pipeline
/// (retry, then same-origin redirects, then credentials, then the transport), and the one place that turns
/// responses into models or exceptions.
/// </summary>
/// <remarks>
/// An invoker, not an <see cref="HttpClient"/>: the pipeline has its own timeouts and every request is built here, so
/// the client's per-request extras (a linked cancellation source, copying default headers, one more async step) would
/// only cost time, on each of a download's thousands of requests.
/// </remarks>
internal sealed class DominoHttp : IDisposable
{
    private const int MaxErrorBodyBytes = RetryHandler.MaxErrorBodyBytes;

    private readonly HttpMessageInvoker _invoker;
    private readonly string _userAgent;
    private readonly TimeSpan _errorBodyTimeout;
    private readonly TimeProvider _time;
    private readonly bool _offerHttp2;
    private readonly string? _hostPrefix;

    public DominoHttp(ConnectionSettings settings, DominoClientOptions options)
    {
        Host = settings.Host;
        _hostPrefix = Host.PathAndQuery == "/" && Host.Fragment.Length == 0 ? Host.AbsoluteUri : null;
        _offerHttp2 = settings.Host.Scheme == Uri.UriSchemeHttps;
        Scrubber = new SecretScrubber(options, settings.Credentials);
        Logger = new ScrubbingLogger(options.Logger, Scrubber);
        _errorBodyTimeout = settings.RequestTimeout;
        _time = options.TimeProvider;
        var pipeline = new RetryHandler(settings.Retry, settings.RequestTimeout, options, Logger)
        {
            InnerHandler = new RedirectHandler
            {
                InnerHandler = new AuthenticationHandler(settings.Host, settings.Credentials)
                {
                    InnerHandler = new TransportHandler(options.Transport ?? TransportHandler.CreateDefault(), ownsTransport: options.Transport is null),
                },
            },
        };

        // Timeouts are per attempt, in RetryHandler.
        _invoker = new HttpMessageInvoker(pipeline, disposeHandler: true);
        _userAgent = CreateUserAgent(options.UserAgentSuffix);
    }

    public Uri Host { get; }

    public SecretScrubber Scrubber { get; }

    /// <summary>The options' logger, behind the scrubber: every line the core logs goes through it.</summary>
    public IDominoLogger Logger { get; }

    public static string CreateUserAgent(string? suffix)
    {
        var version = typeof(DominoHttp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        var agent = $"Domino.Client/{(plus < 0 ? version : version[..plus])}";
        if (string.IsNullOrWhiteSpace(suffix))
        {
            return agent;
        }

        if (suffix.Any(char.IsControl))
        {
            throw new DominoConfigurationException("UserAgentSuffix contains control characters: give product tokens such as 'Cake.Domino/1.0.0'.");
        }

        return $"{agent} {suffix.Trim()}";
    }

    /// <summary>
    /// The address of <paramref name="relativePath"/> on the host. The host is <c>scheme://host[:port]/</c>, so a path
    /// that has no scheme and does not start at the root is the host's text followed by the path: one parse, where
    /// combining a relative <see cref="Uri"/> parses and copies it several times (a download makes thousands).
    /// </summary>
    internal Uri Resolve(string relativePath)
    {
        var separator = relativePath.AsSpan().IndexOfAny('/', '?', '#');
        var colon = relativePath.IndexOf(':', StringComparison.Ordinal);
        var plain = relativePath.Length > 0 && relativePath[0] is not ('/' or '\\')
            && (colon < 0 || (separator >= 0 && separator < colon));
        return plain && _hostPrefix is not null ? new Uri(_hostPrefix + relativePath, UriKind.Absolute) : new Uri(Host, relativePath);
    }

    /// <summary>A request to <paramref name="relativePath"/> (already escaped) on the host.</summary>
    /// <remarks>Over HTTPS, HTTP/2 when the server offers it (many requests multiplexed on few connections), else HTTP/1.1.</remarks>
    public DominoRequestMessage CreateRequest(HttpMethod method, string relativePath, HttpContent? content = null)
    {
        var request = new DominoRequestMessage(method, Resolve(relativePath)) { Content = content };
        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        if (_offerHttp2)
        {
            request.Version = System.Net.HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }

        return request;
    }

    /// <summary>Sends a request to <paramref name="relativePath"/> (already escaped), then parses the success body; any failure becomes a <see cref="DominoRequestException"/>.</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string relativePath, HttpContent? content, RequestKind kind, ReadFunc<T> read, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(method, relativePath, content);
        using var response = await SendAsync(request, kind, streamResponse: false, cancellationToken).ConfigureAwait(false);
        ReadOnlyMemory<byte> body = response.Content is BufferedContent buffered
            ? buffered.Body
            : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return read(body.Span);
        }
        catch (Exception ex) when (ex is JsonException or WireFormatException)
        {
            var verb = request.Method.Method;
            var path = request.RequestUri!.AbsolutePath;
            var looksHtml = body.Span.TrimStart(" \t\r\n"u8).StartsWith("<"u8);
            var detail = looksHtml
                ? "the server answered with HTML instead of JSON (a proxy or a login page may have answered: check the host)."
                : Scrubber.Scrub(ex.Message);
            throw new DominoResponseFormatException(
                $"{verb} {path} returned {(int)response.StatusCode} but its body could not be read: {detail}", verb, path, (int)response.StatusCode, ex);
        }
    }

    /// <summary>
    /// Sends and returns a success response (its body read whole, unless <paramref name="streamResponse"/>);
    /// any failure becomes a <see cref="DominoRequestException"/>. A caller's cancellation stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(DominoRequestMessage request, RequestKind kind, bool streamResponse, CancellationToken cancellationToken)
    {
        RequestPolicy.Set(request, kind == RequestKind.Idempotent ? RetryMode.Idempotent : RetryMode.BeforeSendOnly, streamResponse);
        HttpResponseMessage response;
        try
        {
            // The transport answers once the headers are in; RetryHandler reads the body of a response that is not streamed.
            response = await _invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw ErrorMapper.FromFailure(request, ex, kind == RequestKind.StartRun, Scrubber);
        }
        catch (OperationCanceledException ex) when (ex.CancellationToken != cancellationToken)
        {
            // The caller's cancellation carries the caller's token (the pipeline cancels a token linked to it).
            throw new TaskCanceledException(ex.Message, ex, cancellationToken);
        }
        catch (ResponseTooLargeException ex)
        {
            var path = request.RequestUri?.AbsolutePath ?? string.Empty;
            var message = $"{request.Method.Method} {path} was refused: {ex.Message}";
            throw kind == RequestKind.StartRun
                ? new DominoRunMayHaveStartedException(message + " The run may have started: look for it in the project's runs before starting it again.", request.Method.Method, path, null, null, ex)
                : new DominoResponseFormatException(message, request.Method.Method, path, null, ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            // The reason phrase is the server's text too: it could echo the key.
            response.ReasonPhrase = Scrubber.ScrubOrNull(response.ReasonPhrase);
            var body = await ReadErrorBodyAsync(response, _errorBodyTimeout, _time, cancellationToken).ConfigureAwait(false);
            var message = Scrubber.ScrubOrNull(ErrorMapper.ExtractServerMessage(body, response.Content.Headers.ContentType?.MediaType));
            var error = ErrorMapper.FromResponse(request, response, message, kind == RequestKind.StartRun);
            throw error;
        }
    }

    public void Dispose() => _invoker.Dispose();

    /// <summary>
    /// At most <see cref="MaxErrorBodyBytes"/> of an error body, within <paramref name="timeout"/>: enough for any message,
    /// bounded in size and time for a streamed one (a server that stalls mid-body must not hang the caller).
    /// </summary>
    private static async Task<string?> ReadErrorBodyAsync(HttpResponseMessage response, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var buffer = new byte[MaxErrorBodyBytes];
        var length = 0;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), linked.Token).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The status alone (and what arrived of the body) still makes a good error.
        }

        return length == 0 ? null : Encoding.UTF8.GetString(buffer, 0, length);
    }
}

/// <summary>Parses a response body.</summary>
internal delegate T ReadFunc<out T>(ReadOnlySpan<byte> body);
