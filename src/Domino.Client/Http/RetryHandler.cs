using System.Globalization;
using System.Net;
using System.Runtime.ExceptionServices;
using Domino.Client.Configuration;

namespace Domino.Client.Http;

/// <summary>
/// The one retry stage: per-attempt timeout, retries with exponential backoff and full jitter (or the server's
/// <c>Retry-After</c>, capped), bounded by a count and a total time. All waiting goes through the options'
/// <see cref="TimeProvider"/> so tests never sleep. Non-streamed responses are read whole inside the attempt, so a
/// body cut short counts as a failed attempt too.
/// </summary>
internal sealed class RetryHandler(RetrySettings retry, TimeSpan attemptTimeout, DominoClientOptions options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var time = options.TimeProvider;
        var mode = RequestPolicy.GetRetryMode(request);
        var streamed = RequestPolicy.StreamsResponse(request);
        var what = $"{request.Method} {request.RequestUri?.AbsolutePath}";
        var started = time.GetTimestamp();

        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RequestPolicy.SetAttempts(request, attempt);
            var attemptStarted = time.GetTimestamp();
            HttpResponseMessage? response = null;
            Exception? failure = null;

            using (var timeout = attemptTimeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(attemptTimeout, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
                    if (!streamed)
                    {
                        await BufferAsync(response, linked.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    failure = new TimeoutException($"The attempt timed out after {Seconds(attemptTimeout)}.", ex);
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

            var outcome = response is null ? $"failed ({failure!.Message})" : $"{(int)response.StatusCode} {response.ReasonPhrase}";
            Log($"{what} -> {outcome} in {time.GetElapsedTime(attemptStarted).TotalMilliseconds:0} ms");

            if (!ShouldRetry(mode, response, failure))
            {
                return response ?? Rethrow(failure!);
            }

            var delay = NextDelay(attempt, response);
            if (attempt > retry.MaxRetries || time.GetElapsedTime(started) + delay > retry.MaxTotalRetryTime)
            {
                return response ?? Rethrow(failure!);
            }

            Log($"Retrying {what} in {Seconds(delay)} (retry {attempt} of {retry.MaxRetries}) after {outcome}");
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

        var ceiling = Math.Min(retry.MaxDelay.TotalMilliseconds, retry.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        double sample;
        lock (options.Random)
        {
            // Random is not thread-safe unless it is Random.Shared; locking is cheap next to a network call.
            sample = options.Random.NextDouble();
        }

        return TimeSpan.FromMilliseconds(sample * ceiling);
    }

    private static async Task BufferAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var buffered = new ByteArrayContent(bytes);
        foreach (var header in response.Content.Headers)
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content.Dispose();
        response.Content = buffered;
    }

    private static HttpResponseMessage Rethrow(Exception failure)
    {
        ExceptionDispatchInfo.Capture(failure).Throw();
        return null!;
    }

    private void Log(string message) => options.Logger.Log(DominoLogLevel.Debug, message);

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
