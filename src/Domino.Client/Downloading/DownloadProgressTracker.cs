using System.Globalization;

namespace Domino.Client.Downloading;

/// <summary>
/// Counts files and bytes done across parallel downloads and reports them at a bounded rate: to the progress receiver
/// when a file completes, at most every <see cref="Interval"/> while bytes flow, and once at the end; to the log, one
/// Information line (files, bytes, rate, time left) at most every <see cref="LogInterval"/>, the first only once the
/// download has run that long (a short download logs none). Thread-safe.
/// </summary>
internal sealed class DownloadProgressTracker
{
    /// <summary>The least time between two reports of bytes flowing.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>The least time between two progress lines in the log (and before the first).</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    private readonly IProgress<DominoDownloadProgress>? _progress;
    private readonly TimeProvider _time;
    private readonly IDominoLogger? _logger;
    private readonly int _filesTotal;
    private readonly long _bytesTotal;
    private readonly object _gate = new();
    private int _filesDone;
    private long _bytesDone;
    private long _lastReport;
    private long _started;
    private long _lastLog;

    public DownloadProgressTracker(IProgress<DominoDownloadProgress>? progress, TimeProvider time, int filesTotal, long bytesTotal, IDominoLogger? logger = null)
    {
        _progress = progress;
        _time = time;
        _logger = logger;
        _filesTotal = filesTotal;
        _bytesTotal = bytesTotal;
        _lastReport = _started = _lastLog = time.GetTimestamp();
    }

    /// <summary>Reports the starting point (and starts the clock of the progress lines).</summary>
    public void Start()
    {
        lock (_gate)
        {
            _started = _time.GetTimestamp();
            Interlocked.Exchange(ref _lastLog, _started);
        }

        Report(force: true);
    }

    /// <summary>Adds bytes written (negative to take back the bytes of a failed attempt); reports if the interval has passed.</summary>
    public void AddBytes(long bytes)
    {
        Interlocked.Add(ref _bytesDone, bytes);
        if (_progress is not null && _time.GetElapsedTime(Interlocked.Read(ref _lastReport)) >= Interval)
        {
            Report(force: false);
        }

        LogIfDue();
    }

    /// <summary>Reports the end of a file; it counts as done when it was written or skipped (not when it failed).</summary>
    public void FileEnded(bool done)
    {
        if (done)
        {
            Interlocked.Increment(ref _filesDone);
        }

        Report(force: true);
        LogIfDue();
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

    /// <summary><c>3 of 10 files, 512.0 MB of 2.00 GB (85.3 MB/s), about 18 s left.</c></summary>
    private void LogIfDue()
    {
        // Checked without the lock first: the workers call this for every file and every read.
        if (_logger is null || _time.GetElapsedTime(Interlocked.Read(ref _lastLog)) < LogInterval)
        {
            return;
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var bytes = Math.Max(0, Interlocked.Read(ref _bytesDone));

            // Once every byte is in, the summary follows at once: a line saying 100% would only repeat it.
            if (_time.GetElapsedTime(_lastLog, now) < LogInterval || bytes >= _bytesTotal)
            {
                return;
            }

            Interlocked.Exchange(ref _lastLog, now);
            var elapsed = _time.GetElapsedTime(_started, now);
            var rate = elapsed > TimeSpan.Zero ? bytes / elapsed.TotalSeconds : 0;
            var left = rate > 0 && _bytesTotal > bytes ? $", about {Text.DominoFormat.Duration(TimeSpan.FromSeconds((_bytesTotal - bytes) / rate))} left" : string.Empty;
            _logger.Log(DominoLogLevel.Information, string.Create(
                CultureInfo.InvariantCulture,
                $"Downloading: {Volatile.Read(ref _filesDone)} of {_filesTotal} files, {Text.DominoFormat.Size(bytes)} of {Text.DominoFormat.Size(_bytesTotal)} ({Text.DominoFormat.Size((long)rate)}/s){left}."));
        }
    }
}
