using System.Globalization;
using System.Net;
using System.Runtime.ExceptionServices;
using Domino.Client.Configuration;
using Domino.Client.Text;

namespace Domino.Client.Http;

/// <summary>
/// The one retry stage: per-attempt timeout, retries with exponential backoff and full jitter (or the server's
/// <c>Retry-After</c>, capped), bounded by a count and a total time. All waiting goes through the options'
/// <see cref="TimeProvider"/> so tests never sleep. Non-streamed responses are read whole inside the attempt, so a
/// body cut short counts as a failed attempt too.
/// </summary>
internal sealed class RetryHandler(RetrySettings retry, TimeSpan attemptTimeout, DominoClientOptions options, IDominoLogger logger) : DelegatingHandler
{
    /// <summary>How much of an error body is kept: enough for any message; the rest of a huge or endless body is never read.</summary>
    internal const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>The buffer for a body of unknown length starts this large, then doubles.</summary>
    private const int UnannouncedInitialBytes = 16 * 1024;

    /// <summary>The most a <c>Content-Length</c> alone makes the client set aside before any byte arrived (beyond it, the buffer grows as the body comes).</summary>
    private const int MaxPresizedBytes = 32 * 1024 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var time = options.TimeProvider;
        var mode = RequestPolicy.GetRetryMode(request);
        var streamed = RequestPolicy.StreamsResponse(request);
        var logging = logger.IsEnabled(DominoLogLevel.Debug);
        var what = logging ? $"{request.Method} {request.RequestUri?.AbsolutePath}" : string.Empty;
        var started = time.GetTimestamp();

        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RequestPolicy.SetAttempts(request, attempt);
            var attemptStarted = time.GetTimestamp();
            HttpResponseMessage? response = null;
            Exception? failure = null;

            using (var timeout = new TimeoutToken(time, cancellationToken))
            {
                timeout.CancelAfter(attemptTimeout);
                try
                {
                    response = await base.SendAsync(request, timeout.Token).ConfigureAwait(false);
                    if (!streamed)
                    {
                        await BufferAsync(response, options.MaxResponseBodyBytes, timeout.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException ex) when (timeout.TimedOut)
                {
                    failure = new TimeoutException($"The attempt timed out after {DominoFormat.Duration(attemptTimeout)}.", ex);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException)
                {
                    failure = ex;
                }
            }

            if (failure is not null)
            {
                response?.Dispose();
                response = null;
            }

            if (logging)
            {
                Log($"{what} -> {Outcome(response, failure)} in {time.GetElapsedTime(attemptStarted).TotalMilliseconds:0} ms");
            }

            if (!ShouldRetry(mode, response, failure))
            {
                return response ?? Rethrow(failure!);
            }

            // A download with many requests in flight takes fewer at once.
            ServerPushback.Report();

            var delay = NextDelay(attempt, response);
            if (attempt > retry.MaxRetries || time.GetElapsedTime(started) + delay > retry.MaxTotalRetryTime)
            {
                return response ?? Rethrow(failure!);
            }

            if (logging)
            {
                Log($"Retrying {what} in {DominoFormat.Duration(delay)} (retry {attempt} of {retry.MaxRetries}) after {Outcome(response, failure)}");
            }

            response?.Dispose();
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool ShouldRetry(RetryMode mode, HttpResponseMessage? response, Exception? failure) => mode switch
    {
        RetryMode.Idempotent => response is null || RequestPolicy.IsRetryableStatus(response.StatusCode),
        _ => response is null && RequestPolicy.FailedBeforeSend(failure!),
    };

    /// <summary>The server's <c>Retry-After</c> (seconds or date, capped) when given, else full jitter: <c>random * min(max, base * 2^n)</c>.</summary>
    internal TimeSpan NextDelay(int attempt, HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is { } retryAfter)
        {
            var wanted = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - options.TimeProvider.GetUtcNow() : null);
            if (wanted is { } value)
            {
                return value < TimeSpan.Zero ? TimeSpan.Zero : value > retry.MaxRetryAfter ? retry.MaxRetryAfter : value;
            }
        }

        return Backoff.FullJitter(attempt, retry.BaseDelay, retry.MaxDelay, options.Random);
    }

    /// <summary>
    /// Reads the body into memory, bounded: an error body only up to <see cref="MaxErrorBodyBytes"/> (the rest is never
    /// read), a success body up to <paramref name="maxBytes"/>, beyond which the response is refused
    /// (<see cref="ResponseTooLargeException"/>) instead of filling the memory. The body is read straight into one
    /// buffer (sized from <c>Content-Length</c> when the server gives one), which becomes the content
    /// (<see cref="BufferedContent"/>) and is parsed where it lies: a listing of 40,000 files (8.7 MB) is held once,
    /// not copied through a growing stream and again into an array that the next collection of old objects frees.
    /// </summary>
    private static async Task BufferAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        var isError = !response.IsSuccessStatusCode;
        var limit = isError ? MaxErrorBodyBytes : maxBytes;
        var announced = response.Content.Headers.ContentLength;
        if (!isError && announced > limit)
        {
            response.Dispose();
            throw new ResponseTooLargeException(limit);
        }

        // One byte more than the body (or the limit), so the end (or an overlong body) shows without growing the buffer.
        var buffer = new byte[Math.Min(announced is { } length ? length + 1 : UnannouncedInitialBytes, Math.Min(limit + 1, MaxPresizedBytes))];
        var filled = 0;
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (filled > limit)
                    {
                        if (isError)
                        {
                            break;
                        }

                        response.Dispose();
                        throw new ResponseTooLargeException(limit);
                    }

                    Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, limit + 1));
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }
        }

        var buffered = new BufferedContent(buffer, (int)Math.Min(filled, limit));
        foreach (var header in response.Content.Headers)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        response.Content.Dispose();
        response.Content = buffered;
    }

    private static HttpResponseMessage Rethrow(Exception failure)
    {
        ExceptionDispatchInfo.Capture(failure).Throw();
        return null!;
    }

    // A reason phrase or a transport error could echo anything the server sent back, the key included.
    private void Log(string message) => logger.Log(DominoLogLevel.Debug, message);

    private static string Outcome(HttpResponseMessage? response, Exception? failure) =>
        response is null ? $"failed ({failure!.Message})" : $"{(int)response.StatusCode} {response.ReasonPhrase}";
}

/// <summary>A success body larger than the client accepts; not retried (the server would send the same again).</summary>
internal sealed class ResponseTooLargeException(long limit)
    : Exception($"the response body is larger than {DominoFormat.Size(limit)}, more than any answer this client expects; the server (or a proxy in front of it) is misbehaving.")
{
    public long Limit { get; } = limit;
}

/// <summary>A body the retry stage read whole: its bytes where they were read into, for the parser to read in place.</summary>
internal sealed class BufferedContent(byte[] buffer, int length) : ByteArrayContent(buffer, 0, length)
{
    public ReadOnlyMemory<byte> Body { get; } = buffer.AsMemory(0, length);
}
