namespace Domino.Client.Http;

/// <summary>
/// Tells an operation that runs many requests at once (a download) that the server pushed back: an attempt failed in a
/// way worth retrying (429, 503 and the other retryable statuses, a connection failure, a timeout). The operation
/// installs an observer around its requests (<see cref="Observe"/>, carried by the async flow); the retry stage reports.
/// </summary>
internal static class ServerPushback
{
    private static readonly AsyncLocal<Action?> Observer = new();

    /// <summary>Calls <paramref name="onPushback"/> for every pushback of the requests started from this async flow until disposed.</summary>
    public static Scope Observe(Action onPushback)
    {
        var previous = Observer.Value;
        Observer.Value = onPushback;
        return new Scope(previous);
    }

    /// <summary>Reports a pushback to the observer of the current flow, if any.</summary>
    public static void Report() => Observer.Value?.Invoke();

    /// <summary>Restores the previous observer.</summary>
    public readonly struct Scope(Action? previous) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => Observer.Value = previous;
    }
}
