namespace Domino.Client.Downloading;

/// <summary>
/// Decides how many files a download has in flight: starts at <see cref="InitialLimit"/> (or the cap when lower), and
/// measures the throughput (files and bytes per second) over windows. A window ends once it has lasted
/// <see cref="MinWindow"/> and each slot has completed <see cref="FilesPerSlot"/> files (about two round trips: the
/// ramp takes tens of milliseconds against a near server and stays in step with a far one), or at <see cref="Window"/>
/// (large files, few completions). While a larger limit pays (one of the two rates grows by at least
/// <see cref="MinGain"/> over the window before the change) it doubles again; when it does not, it goes back to the
/// previous limit and holds it for <see cref="HoldWindows"/> windows before it tries a step up again (a server or a
/// link whose best concurrency moves is followed). An error or a server that pushes back (429, 503) halves the limit at
/// once, at most once per window, and holds it. Never above the cap
/// (<see cref="DominoDownloadOptions.MaxParallelism"/>), never below 1. Time comes from the <see cref="TimeProvider"/>
/// only. Thread-safe.
/// </summary>
internal sealed class ParallelismController
{
    /// <summary>Where the limit starts (the previous fixed default): the first windows tell whether more pays.</summary>
    public const int InitialLimit = 8;

    /// <summary>The least gain of a rate that counts as "throughput grew".</summary>
    public const double MinGain = 0.10;

    /// <summary>How many windows the limit is held after a step that did not pay or after a back-off.</summary>
    public const int HoldWindows = 8;

    /// <summary>The longest measuring window: it ends even when the slots have completed fewer files.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(200);

    /// <summary>The shortest measuring window: shorter ones measure the scheduler more than the server.</summary>
    public static readonly TimeSpan MinWindow = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Completed files per slot that end a window before <see cref="Window"/>: with one, a window after a step would
    /// end before the new slots' first (slower: new connections) requests had all come back.
    /// </summary>
    public const int FilesPerSlot = 2;

    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private TaskCompletionSource _changed = NewSignal();
    private int _limit;
    private bool _completed;

    // The current window.
    private long _windowStart;
    private int _windowFiles;
    private long _windowBytes;
    private bool _pushedBackInWindow;

    // The rates measured at the limit before the last step up (null: none measured yet at this limit).
    private (double Files, double Bytes)? _baseline;
    private int _limitBeforeStep;
    private bool _stepping;
    private int _holdLeft;

    /// <param name="cap">The hard cap (<see cref="DominoDownloadOptions.MaxParallelism"/>), at least 1.</param>
    /// <param name="time">The clock.</param>
    public ParallelismController(int cap, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 1);
        Cap = cap;
        _time = time;
        _limit = Math.Min(cap, InitialLimit);
        _windowStart = time.GetTimestamp();
    }

    /// <summary>The hard cap.</summary>
    public int Cap { get; }

    /// <summary>How many files may be in flight now.</summary>
    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return _limit;
            }
        }
    }

    /// <summary>Counts a file done (its bytes) and, once the window has lasted long enough, decides the next limit.</summary>
    public void FileCompleted(long bytes)
    {
        lock (_gate)
        {
            _windowFiles++;
            _windowBytes += bytes;
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_windowStart, now);
            if (elapsed < MinWindow || (elapsed < Window && _windowFiles < _limit * FilesPerSlot))
            {
                return;
            }

            var rates = (_windowFiles / elapsed.TotalSeconds, _windowBytes / elapsed.TotalSeconds);
            _windowStart = now;
            _windowFiles = 0;
            _windowBytes = 0;
            _pushedBackInWindow = false;
            Decide(rates);
        }
    }

    /// <summary>An error, or a server that asked to slow down (429, 503): halves the limit (at most once per window) and holds it.</summary>
    public void PushedBack()
    {
        lock (_gate)
        {
            if (_pushedBackInWindow)
            {
                return;
            }

            _pushedBackInWindow = true;
            _stepping = false;
            _baseline = null;
            _holdLeft = HoldWindows;
            SetLimit(Math.Max(1, _limit / 2));
        }
    }

    /// <summary>Every file has been handed out: releases the workers still waiting for a slot.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _changed.TrySetResult();
        }
    }

    /// <summary>Waits until the worker with the zero-based <paramref name="slot"/> may take a file (its slot is under the limit), or until <see cref="Complete"/>.</summary>
    public async ValueTask WaitForSlotAsync(int slot, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (slot < _limit || _completed)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Decide((double Files, double Bytes) rates)
    {
        if (_holdLeft > 0)
        {
            _holdLeft--;
            _baseline = rates;
            return;
        }

        if (_stepping)
        {
            _stepping = false;
            if (!Gained(rates, _baseline!.Value))
            {
                // The step did not pay: back to the limit that gave the same for fewer connections, and hold.
                _holdLeft = HoldWindows;
                SetLimit(_limitBeforeStep);
                return;
            }
        }

        _baseline = rates;
        if (_limit < Cap)
        {
            _stepping = true;
            _limitBeforeStep = _limit;
            SetLimit(Math.Min(Cap, _limit * 2));
        }
    }

    private static bool Gained((double Files, double Bytes) now, (double Files, double Bytes) before) =>
        now.Files >= before.Files * (1 + MinGain) || now.Bytes >= before.Bytes * (1 + MinGain);

    private void SetLimit(int limit)
    {
        if (limit == _limit)
        {
            return;
        }

        _limit = limit;
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
