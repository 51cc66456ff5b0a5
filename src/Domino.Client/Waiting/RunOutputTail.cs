namespace Domino.Client.Waiting;

/// <summary>
/// Follows a run's output while it runs: prints each new line once, in order, to the logger at
/// <see cref="DominoLogLevel.RunOutput"/>, and keeps the last lines for a failure message.
/// Uses the v4 incremental log endpoint while the server has it; once it answers 404 (<see langword="null"/>),
/// switches for good to the v1 output endpoint and prints only the lines not printed before.
/// Failing to fetch output never fails the wait: it is logged at <see cref="DominoLogLevel.Debug"/> and retried on the next poll.
/// </summary>
internal sealed class RunOutputTail
{
    private const string LogType = "stdoutstderr";

    private readonly DominoProjectClient _client;
    private readonly string _runId;
    private readonly IDominoLogger _logger;
    private readonly int _keepLines;
    private readonly Queue<string> _lastLines = new();

    // v4: the newest timestamp printed, and how many entries with exactly that timestamp were printed (by stream and text),
    // so a server that answers "from latestTimeNano inclusive" never makes us print one twice.
    private readonly Dictionary<(string LogType, string Text), int> _printedAtLastTimestamp = new();
    private long _lastTimestamp;

    // v1: how many complete lines of the whole output were printed, and whether a trailing partial line was.
    private bool _useV1;
    private int _printedLines;
    private bool _partialPrinted;

    // Once v4 has printed something, switching to v1 would print it all again; a later v4 failure is a passing one.
    private bool _printedAny;

    public RunOutputTail(DominoProjectClient client, string runId, IDominoLogger logger, int keepLines)
    {
        _client = client;
        _runId = runId;
        _logger = logger;
        _keepLines = Math.Max(0, keepLines);
    }

    /// <summary>How many lines were printed so far.</summary>
    public long LinesPrinted { get; private set; }

    /// <summary>True once the server answered 404 for the v4 log endpoint.</summary>
    public bool UsesV1Output => _useV1;

    /// <summary>The last lines printed (at most the number given at construction), oldest first.</summary>
    public IReadOnlyList<string> LastLines => _lastLines.ToArray();

    /// <summary>
    /// Fetches and prints what is new. With <paramref name="final"/> (the run has ended), a trailing line without
    /// a line break is printed too.
    /// </summary>
    public async Task FetchAsync(bool final, CancellationToken cancellationToken)
    {
        try
        {
            if (!_useV1)
            {
                // Ask from one nanosecond before the last printed entry: servers differ on whether latestTimeNano is
                // inclusive, and entries sharing that timestamp must not be lost; duplicates are dropped below.
                var after = _lastTimestamp > 0 ? _lastTimestamp - 1 : 0;
                DominoLogChunk? chunk;
                try
                {
                    chunk = await _client.GetRunLogsAsync(_runId, after, LogType, null, cancellationToken).ConfigureAwait(false);
                }
                catch (DominoRequestException ex) when (!_printedAny && LacksEndpoint(ex))
                {
                    // Gateways and older servers refuse an endpoint they lack with other statuses than 404, or with a page.
                    _logger.Log(DominoLogLevel.Debug, $"Run {_runId}: the incremental log endpoint is not usable here ({ex.Message}).");
                    chunk = null;
                }

                if (chunk is not null)
                {
                    PrintNewEntries(chunk);
                    return;
                }

                _useV1 = true;
                _logger.Log(DominoLogLevel.Debug, $"Run {_runId}: the server has no incremental log endpoint; following the v1 output endpoint instead.");
            }

            var output = await _client.GetRunOutputAsync(_runId, null, cancellationToken).ConfigureAwait(false);
            PrintNewLines(output?.Stdout ?? string.Empty, final);
        }
        catch (DominoRequestException ex)
        {
            _logger.Log(DominoLogLevel.Debug, $"Run {_runId}: could not fetch its output this time ({ex.Message}); trying again later.");
        }
    }

    /// <summary>An answer that means "no such endpoint here" rather than a passing failure.</summary>
    private static bool LacksEndpoint(DominoRequestException ex) =>
        ex is DominoResponseFormatException || ex.StatusCode is 400 or 403 or 405 or 410 or 501;

    private void PrintNewEntries(DominoLogChunk chunk)
    {
        var threshold = _lastTimestamp;
        var toSkip = new Dictionary<(string, string), int>(_printedAtLastTimestamp);

        // OrderBy is stable: entries with equal timestamps keep the server's order.
        foreach (var entry in chunk.Entries.OrderBy(e => e.TimestampNanos))
        {
            if (entry.TimestampNanos < threshold)
            {
                continue;
            }

            var key = (entry.LogType ?? string.Empty, entry.Text ?? string.Empty);
            if (entry.TimestampNanos == threshold && toSkip.TryGetValue(key, out var skip) && skip > 0)
            {
                toSkip[key] = skip - 1;
                continue;
            }

            foreach (var line in SplitEntry(key.Item2))
            {
                Print(line);
                _printedLines++;
            }

            if (entry.TimestampNanos > _lastTimestamp)
            {
                _lastTimestamp = entry.TimestampNanos;
                _printedAtLastTimestamp.Clear();
            }

            _printedAtLastTimestamp[key] = _printedAtLastTimestamp.GetValueOrDefault(key) + 1;
        }
    }

    private void PrintNewLines(string text, bool final)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

        // The last element is either empty (the text ends with a line break) or a line still being written.
        var complete = lines.Length - 1;
        for (var i = _printedLines; i < complete; i++)
        {
            Print(lines[i]);
        }

        _printedLines = Math.Max(_printedLines, complete);

        var partial = lines[^1];
        if (final && !_partialPrinted && partial.Length > 0 && complete >= _printedLines)
        {
            Print(partial);
            _partialPrinted = true;
        }
    }

    private static IEnumerable<string> SplitEntry(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var count = lines.Length > 1 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        return lines.Take(count);
    }

    private void Print(string line)
    {
        _printedAny = true;
        LinesPrinted++;
        line = line.TrimEnd('\r');
        _logger.Log(DominoLogLevel.RunOutput, line);
        if (_keepLines == 0)
        {
            return;
        }

        _lastLines.Enqueue(line);
        while (_lastLines.Count > _keepLines)
        {
            _lastLines.Dequeue();
        }
    }
}
