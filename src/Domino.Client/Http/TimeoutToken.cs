namespace Domino.Client.Http;

/// <summary>
/// A caller's token and a timeout of the options' clock, as one token. On the system clock it is one linked source
/// whose own timer cancels it (a download makes two of these per file: the request's and the body's); on any other
/// clock (tests), a timer of that clock cancels it.
/// </summary>
internal readonly struct TimeoutToken : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly ITimer? _timer;
    private readonly CancellationToken _caller;

    /// <param name="time">The clock the timeout runs on.</param>
    /// <param name="caller">The caller's token: its cancellation cancels this one too.</param>
    public TimeoutToken(TimeProvider time, CancellationToken caller)
    {
        _caller = caller;
        _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _timer = time == TimeProvider.System ? null : time.CreateTimer(static s => Cancel((CancellationTokenSource)s!), _source, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public CancellationToken Token => _source.Token;

    /// <summary>True when the timeout, not the caller, cancelled the token.</summary>
    public bool TimedOut => _source.IsCancellationRequested && !_caller.IsCancellationRequested;

    /// <summary>Starts the countdown again from now (<see cref="Timeout.InfiniteTimeSpan"/>: stops it).</summary>
    public void CancelAfter(TimeSpan delay)
    {
        if (_timer is null)
        {
            _source.CancelAfter(delay);
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _source.Dispose();
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The operation ended as the timer fired.
        }
    }
}
