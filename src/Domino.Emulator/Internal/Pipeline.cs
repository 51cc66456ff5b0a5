using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Logging;

namespace Domino.Emulator.Internal;

/// <summary>Counts requests per "METHOD route template".</summary>
internal sealed class RequestCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public static string KeyOf(string method, string routeTemplate) => method.ToUpperInvariant() + " " + routeTemplate;

    public void Increment(string method, string routeTemplate) => _counts.AddOrUpdate(KeyOf(method, routeTemplate), 1, (_, n) => n + 1);

    public int Get(string method, string routeTemplate) => _counts.GetValueOrDefault(KeyOf(method, routeTemplate));

    public SortedDictionary<string, int> Snapshot() => new(_counts, StringComparer.Ordinal);

    public void Reset() => _counts.Clear();
}

/// <summary>The middleware between routing and the endpoints: request log, counting, fault injection, authentication.</summary>
internal sealed partial class Pipeline
{
    private readonly RequestCounter _counter;
    private readonly EmulatorFaults _faults;
    private readonly byte[][] _apiKeys;
    private readonly byte[][] _tokens;
    private readonly bool _insecureNoAuth;
    private readonly ILogger _logger;
    private readonly TimeSpan _latency;

    public Pipeline(DominoEmulatorOptions options, RequestCounter counter, EmulatorFaults faults, ILogger logger)
    {
        _counter = counter;
        _faults = faults;
        _logger = logger;
        _insecureNoAuth = options.InsecureNoAuth;
        _latency = options.Latency;
        _apiKeys = options.ApiKeys.Where(k => !string.IsNullOrEmpty(k)).Select(Encoding.UTF8.GetBytes).ToArray();
        _tokens = options.BearerTokens.Where(k => !string.IsNullOrEmpty(k)).Select(Encoding.UTF8.GetBytes).ToArray();
    }

    /// <summary>Waits <see cref="DominoEmulatorOptions.Latency"/> before every request, as a distant server would.</summary>
    public async Task AddLatencyAsync(HttpContext context, RequestDelegate next)
    {
        if (_latency > TimeSpan.Zero)
        {
            await Task.Delay(_latency, context.RequestAborted).ConfigureAwait(false);
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>Logs method, path, status and duration (never headers or the query string) at Information level.</summary>
    public async Task LogRequestsAsync(HttpContext context, RequestDelegate next)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        long start = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            double milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            string path = context.Request.Path.ToUriComponent();
            LogRequest(_logger, context.Request.Method, path, context.Response.StatusCode, milliseconds);
        }
    }

    public async Task CountAndInjectAsync(HttpContext context, RequestDelegate next)
    {
        EmulatorRoute? route = context.GetEndpoint()?.Metadata.GetMetadata<EmulatorRoute>();
        if (route is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        _counter.Increment(context.Request.Method, route.Template);
        EmulatorFault? fault = _faults.TryTake(context.Request.Method, route.Template);
        if (fault is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        LogFault(_logger, fault.Kind, context.Request.Method, route.Template);
        switch (fault.Kind)
        {
            case EmulatorFaultKind.Status:
                await WriteStatusFaultAsync(context, fault).ConfigureAwait(false);
                break;

            case EmulatorFaultKind.Delay:
                await Task.Delay(fault.DelayDuration, context.RequestAborted).ConfigureAwait(false);
                await next(context).ConfigureAwait(false);
                break;

            case EmulatorFaultKind.DropConnection:
                context.Abort();
                break;

            case EmulatorFaultKind.TruncateBody:
                {
                    byte[] body = await RunBufferedAsync(context, next).ConfigureAwait(false);
                    await SendTruncatedAsync(context, body, Math.Min(fault.BytesToSend, Math.Max(0, body.Length - 1))).ConfigureAwait(false);
                    break;
                }

            case EmulatorFaultKind.LoseReply:
                {
                    await RunBufferedAsync(context, next).ConfigureAwait(false);
                    context.Response.Clear();
                    context.Response.StatusCode = fault.StatusCode;
                    await WriteBodyAsync(context, GatewayPage(fault.StatusCode), "text/html").ConfigureAwait(false);
                    break;
                }
        }
    }

    public async Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        EmulatorRoute? route = context.GetEndpoint()?.Metadata.GetMetadata<EmulatorRoute>();
        if (_insecureNoAuth || route?.Anonymous == true || IsAuthorized(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        await Http.WriteErrorAsync(
            context,
            StatusCodes.Status401Unauthorized,
            "Missing or invalid credentials: send a configured API key as X-Domino-Api-Key, or a configured token as Authorization: Bearer.").ConfigureAwait(false);
    }

    /// <summary>The 404 for paths that match no endpoint.</summary>
    public static Task NotFoundAsync(HttpContext context) =>
        Http.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"No such endpoint: {context.Request.Method} {context.Request.Path.ToUriComponent()}");

    private bool IsAuthorized(HttpRequest request)
    {
        foreach (string? key in request.Headers["X-Domino-Api-Key"])
        {
            if (key is not null && Matches(key.Trim(), _apiKeys))
            {
                return true;
            }
        }

        foreach (string? value in request.Headers.Authorization)
        {
            if (value is not null && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(value[7..].Trim(), _tokens))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(string presented, byte[][] accepted)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(presented);
        bool match = false;
        foreach (byte[] candidate in accepted)
        {
            match |= CryptographicOperations.FixedTimeEquals(bytes, candidate);
        }

        return match;
    }

    private static async Task<byte[]> RunBufferedAsync(HttpContext context, RequestDelegate next)
    {
        Stream original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = original;
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Sends the status line, the headers with the full Content-Length and only <paramref name="send"/> body bytes, then
    /// aborts the connection. Written straight to the socket where Kestrel exposes it, so the bytes are on their way
    /// before the connection closes; otherwise through Kestrel, with a short pause before the abort.
    /// </summary>
    private static async Task SendTruncatedAsync(HttpContext context, byte[] body, int send)
    {
        Socket? socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is null)
        {
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body.AsMemory(0, send), context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            await Task.Delay(200, context.RequestAborted).ConfigureAwait(false);
            context.Abort();
            return;
        }

        var head = new StringBuilder();
        int status = context.Response.StatusCode;
        head.Append("HTTP/1.1 ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ReasonPhrases.GetReasonPhrase(status)).Append("\r\n");
        foreach (KeyValuePair<string, StringValues> header in context.Response.Headers)
        {
            if (header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) ||
                header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) ||
                header.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (string? value in header.Value)
            {
                head.Append(header.Key).Append(": ").Append(value).Append("\r\n");
            }
        }

        head.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        head.Append("Connection: close\r\n\r\n");
        byte[] headBytes = Encoding.ASCII.GetBytes(head.ToString());
        await socket.SendAsync(headBytes, SocketFlags.None, context.RequestAborted).ConfigureAwait(false);
        await socket.SendAsync(body.AsMemory(0, send), SocketFlags.None, context.RequestAborted).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Send);
        context.Abort();
    }

    private static string GatewayPage(int status)
    {
        string code = status.ToString(CultureInfo.InvariantCulture) + " " + ReasonPhrases.GetReasonPhrase(status);
        return $"<html>\r\n<head><title>{code}</title></head>\r\n<body>\r\n<center><h1>{code}</h1></center>\r\n<hr><center>domino-emulator (injected fault)</center>\r\n</body>\r\n</html>\r\n";
    }

    private static Task WriteStatusFaultAsync(HttpContext context, EmulatorFault fault)
    {
        context.Response.StatusCode = fault.StatusCode;
        if (fault.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        string body = fault.Body ?? $"{{\"message\":\"Injected fault: HTTP {fault.StatusCode.ToString(CultureInfo.InvariantCulture)}\"}}";
        string trimmed = body.TrimStart();
        string contentType = trimmed.StartsWith('<') ? "text/html" : trimmed.StartsWith('{') || trimmed.StartsWith('[') ? "application/json" : "text/plain";
        return WriteBodyAsync(context, body, contentType);
    }

    private static async Task WriteBodyAsync(HttpContext context, string body, string contentType)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentType = contentType + "; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} -> {Status} in {Milliseconds:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Injecting fault {Kind} into {Method} {Route}")]
    private static partial void LogFault(ILogger logger, EmulatorFaultKind kind, string method, string route);
}
