namespace Domino.Client.Http;

/// <summary>
/// Exponential backoff with full jitter, the one rule for every retry delay the client draws: a random delay up to
/// <c>min(maxDelay, baseDelay * 2^(attempt-1))</c>. One lock guards every <see cref="Random"/> it draws from:
/// <see cref="Random"/> is not thread-safe (unless it is <see cref="Random.Shared"/>), and the options' instance is
/// shared by concurrent requests and downloads.
/// </summary>
internal static class Backoff
{
    private static readonly object RandomGate = new();

    /// <summary>The delay before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
    public static TimeSpan FullJitter(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Math.Max(0, NextDouble(random) * ceiling));
    }

    /// <summary>A sample in [0, 1) from <paramref name="random"/>, under the one lock.</summary>
    public static double NextDouble(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        lock (RandomGate)
        {
            return random.NextDouble();
        }
    }
}
