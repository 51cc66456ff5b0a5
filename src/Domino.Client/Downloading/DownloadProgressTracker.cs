namespace Domino.Client.Downloading;

/// <summary>
/// Counts files and bytes done across parallel downloads and reports them at a bounded rate: when a file completes,
/// at most every <see cref="Interval"/> while bytes flow, and once at the end. Thread-safe.
/// </summary>
internal sealed class DownloadProgressTracker
{
    /// <summary>The least time between two reports of bytes flowing.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly IProgress<DominoDownloadProgress>? _progress;
    private readonly TimeProvider _time;
    private readonly int _filesTotal;
    private readonly long _bytesTotal;
    private readonly object _gate = new();
    private int _filesDone;
    private long _bytesDone;
    private long _lastReport;

    public DownloadProgressTracker(IProgress<DominoDownloadProgress>? progress, TimeProvider time, int filesTotal, long bytesTotal)
    {
        _progress = progress;
        _time = time;
        _filesTotal = filesTotal;
        _bytesTotal = bytesTotal;
        _lastReport = time.GetTimestamp();
    }

    /// <summary>Reports the starting point.</summary>
    public void Start() => Report(force: true);

    /// <summary>Adds bytes written (negative to take back the bytes of a failed attempt); reports if the interval has passed.</summary>
    public void AddBytes(long bytes)
    {
        Interlocked.Add(ref _bytesDone, bytes);
        if (_progress is not null && _time.GetElapsedTime(Interlocked.Read(ref _lastReport)) >= Interval)
        {
            Report(force: false);
        }
    }

    /// <summary>Reports the end of a file; it counts as done when it was written or skipped (not when it failed).</summary>
    public void FileEnded(bool done)
    {
        if (done)
        {
            Interlocked.Increment(ref _filesDone);
        }

        Report(force: true);
    }

    /// <summary>Counts files as done without reporting (files skipped before the start).</summary>
    public void AddFilesDone(int files) => Interlocked.Add(ref _filesDone, files);

    /// <summary>Reports the final state.</summary>
    public void Finish() => Report(force: true);

    private void Report(bool force)
    {
        if (_progress is null)
        {
            return;
        }

        DominoDownloadProgress snapshot;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (!force && _time.GetElapsedTime(_lastReport, now) < Interval)
            {
                return;
            }

            Interlocked.Exchange(ref _lastReport, now);
            snapshot = new DominoDownloadProgress(
                Volatile.Read(ref _filesDone),
                _filesTotal,
                Math.Max(0, Interlocked.Read(ref _bytesDone)),
                _bytesTotal);

            // Reported under the lock so the receiver sees the reports in order.
            _progress.Report(snapshot);
        }
    }
}
