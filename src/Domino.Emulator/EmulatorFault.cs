namespace Domino.Emulator;

/// <summary>The kinds of <see cref="EmulatorFault"/>.</summary>
public enum EmulatorFaultKind
{
    /// <summary>Answer a status code (and optionally <c>Retry-After</c> and a body) without doing the work.</summary>
    Status,

    /// <summary>Wait, then handle the request normally.</summary>
    Delay,

    /// <summary>Abort the connection without any response.</summary>
    DropConnection,

    /// <summary>Do the work, send the full <c>Content-Length</c> but only part of the body, then abort.</summary>
    TruncateBody,

    /// <summary>Do the work, then answer an error status instead of the real response.</summary>
    LoseReply,
}

/// <summary>A fault to inject into a request. Create one with the static methods; add it with <see cref="EmulatorFaults.Add"/>.</summary>
public sealed record EmulatorFault
{
    private EmulatorFault(EmulatorFaultKind kind)
    {
        Kind = kind;
    }

    /// <summary>What the fault does.</summary>
    public EmulatorFaultKind Kind { get; }

    /// <summary>The status code answered by <see cref="EmulatorFaultKind.Status"/> and <see cref="EmulatorFaultKind.LoseReply"/>.</summary>
    public int StatusCode { get; private init; }

    /// <summary>The <c>Retry-After</c> sent with <see cref="EmulatorFaultKind.Status"/> (whole seconds, rounded up), if any.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>The body sent with <see cref="EmulatorFaultKind.Status"/>; null for a JSON <c>{"message": ...}</c>.</summary>
    public string? Body { get; private init; }

    /// <summary>The wait of <see cref="EmulatorFaultKind.Delay"/>.</summary>
    public TimeSpan DelayDuration { get; private init; }

    /// <summary>How many body bytes <see cref="EmulatorFaultKind.TruncateBody"/> sends (at most the body's length minus one).</summary>
    public int BytesToSend { get; private init; }

    /// <summary>Answer <paramref name="statusCode"/> without doing the work.</summary>
    /// <param name="statusCode">The HTTP status, 100 to 599.</param>
    /// <param name="retryAfter">Sent as <c>Retry-After</c> in whole seconds (rounded up) when given.</param>
    /// <param name="body">The response body; when null, a JSON <c>{"message": ...}</c>. A body starting with <c>&lt;</c> is sent as HTML, with <c>{</c> or <c>[</c> as JSON, else as plain text.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault Status(int statusCode, TimeSpan? retryAfter = null, string? body = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        if (retryAfter is { } wait)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(retryAfter));
        }

        return new EmulatorFault(EmulatorFaultKind.Status) { StatusCode = statusCode, RetryAfter = retryAfter, Body = body };
    }

    /// <summary>Wait <paramref name="delay"/>, then handle the request normally.</summary>
    /// <param name="delay">The wait, zero or more.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault Delay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new EmulatorFault(EmulatorFaultKind.Delay) { DelayDuration = delay };
    }

    /// <summary>Abort the connection without a response (the client sees a connection reset).</summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault DropConnection() => new(EmulatorFaultKind.DropConnection);

    /// <summary>Handle the request, send the response's headers with its full <c>Content-Length</c>, send only <paramref name="bytesToSend"/> body bytes, then abort.</summary>
    /// <param name="bytesToSend">How many body bytes to send; capped at the body's length minus one so the body is always cut short.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault TruncateBody(int bytesToSend)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesToSend);
        return new EmulatorFault(EmulatorFaultKind.TruncateBody) { BytesToSend = bytesToSend };
    }

    /// <summary>Handle the request (for example, create the run), then discard the response and answer <paramref name="statusCode"/> with a gateway-style HTML page.</summary>
    /// <param name="statusCode">The HTTP status sent instead of the real one; 502 by default.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault LoseReply(int statusCode = 502)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new EmulatorFault(EmulatorFaultKind.LoseReply) { StatusCode = statusCode };
    }
}
