using System.Globalization;
using Domino.Client.Http;
using Domino.Client.Text;

namespace Domino.Client.Waiting;

/// <summary>
/// Waits for one run (one instance per wait): polls its status on a <see cref="PollSchedule"/>, streams its output
/// through a <see cref="RunOutputTail"/>, reports status changes, enforces the deadline, stops the run on cancel
/// when asked, and after success waits (bounded) for its results to be saved. A failing server is tolerated for
/// <see cref="DominoWaitOptions.MaxOutage"/> (<see cref="OutageBudget"/>); a run that logs nothing for
/// <see cref="QuietNotice"/> gets one line saying it is still going.
/// </summary>
internal sealed class RunWaiter
{
    /// <summary>The stop request sent after a cancel never takes longer than this, whatever the options say.</summary>
    internal static readonly TimeSpan MaxCancelStopTimeout = TimeSpan.FromSeconds(8);

    /// <summary>While a run in progress has logged nothing (no output, no status change) for this long, one line says so; at most this often.</summary>
    internal static readonly TimeSpan QuietNotice = TimeSpan.FromMinutes(5);

    /// <summary>The longest deadline a timer supports.</summary>
    internal static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(24);

    private readonly DominoProjectClient _client;
    private readonly TimeProvider _time;
    private readonly IDominoLogger _logger;
    private readonly Random _random;
    private readonly HashSet<string> _unknownStatusesReported = new(StringComparer.OrdinalIgnoreCase);

    private string _runId = string.Empty;
    private DominoWaitOptions _options = new();
    private RunOutputTail? _tail;
    private long _startTimestamp;
    private string? _lastStatus;
    private DominoRun? _lastRun;
    private int _polls;
    private bool _used;
    private bool _executionAsked;
    private DominoRunExecutionDetails? _execution;
    private OutageBudget _outage = null!;

    // When something of the run was last logged (a status change or an output line), its last output line, the last "still going" line.
    private long _lastActivity;
    private long? _lastOutput;
    private long _lastQuietNotice;
    private long _linesSeen;

    public RunWaiter(DominoProjectClient client, TimeProvider timeProvider, IDominoLogger logger, Random random)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? NullDominoLogger.Instance;
        _random = random ?? throw new ArgumentNullException(nameof(random));
    }

    /// <summary>Validates the arguments at once, then waits. See <see cref="DominoProjectClient.WaitForRunAsync"/>.</summary>
    public Task<DominoRun> WaitAsync(string runId, DominoWaitOptions? options, CancellationToken cancellationToken)
    {
        DominoIds.RequireRunId(runId);
        options ??= new DominoWaitOptions();
        options.Validate();
        if (_used)
        {
            throw new InvalidOperationException("A RunWaiter waits for one run only; create a new one.");
        }

        _used = true;
        _runId = runId;
        _options = options;
        return WaitCoreAsync(cancellationToken);
    }

    private async Task<DominoRun> WaitCoreAsync(CancellationToken cancellationToken)
    {
        _startTimestamp = _time.GetTimestamp();
        _tail = _options.StreamOutput ? new RunOutputTail(_client, _runId, _logger, _options.FailureOutputLines) : null;
        _lastActivity = _lastQuietNotice = _startTimestamp;
        var url = _client.GetRunUrl(_runId);
        _outage = new OutageBudget(_time, _options.MaxOutage, _logger, $"run {_runId}", "still waiting", "the wait gives up", () => url);
        _logger.Log(DominoLogLevel.Information, $"Waiting for run {_runId}: {url}");

        DominoRun? ended;

        // The deadline is enforced in two ways: the delays between polls never run past it (checked against the clock,
        // so it is exact), and a request still in flight when it passes is cancelled through this token.
        using (var deadline = _options.Timeout is { } timeout ? new CancellationTokenSource(timeout, _time) : new CancellationTokenSource())
        using (var requests = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
        {
            try
            {
                ended = await PollUntilEndedAsync(requests.Token, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                await StopAfterCancelAsync().ConfigureAwait(false);
                throw new OperationCanceledException($"The wait for run {_runId} was cancelled.", ex, cancellationToken);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw await TimedOutAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var run = (ended ?? throw await TimedOutAsync(cancellationToken).ConfigureAwait(false)) with { Execution = _execution };
        if (_tail is not null)
        {
            await _tail.FetchAsync(final: true, cancellationToken).ConfigureAwait(false);
        }

        if (!run.IsFinished)
        {
            // Serving: an app or published port never ends by itself; it has started, which is all a build can wait for.
            _logger.Log(DominoLogLevel.Information, $"Run {_runId} is {run.Status}: it has started and serves until stopped, so the wait ends here ({DominoFormat.Duration(Elapsed)}).");
            return run;
        }

        var accepted = !run.IsSucceeded && _options.Accepts(run);
        if (!run.IsSucceeded && !accepted)
        {
            if (_options.ThrowOnFailure)
            {
                throw await FailedAsync(run, cancellationToken).ConfigureAwait(false);
            }

            _logger.Log(DominoLogLevel.Warning, $"Run {_runId} ended {DescribeStatus(run.Status)} after {DominoFormat.Duration(RunDuration(run))}, without success: {_client.GetRunUrl(_runId)}");
            return run;
        }

        _logger.Log(DominoLogLevel.Information, accepted
            ? $"Run {_runId} ended {DescribeStatus(run.Status)}, accepted as success ({DominoFormat.Duration(RunDuration(run))})."
            : $"Run {_runId} succeeded ({DominoFormat.Duration(RunDuration(run))}).");

        return await WaitForResultsAsync(run, cancellationToken).ConfigureAwait(false) with { Execution = _execution };
    }

    /// <summary>
    /// Once the run is seen running (or past it), asks once which hardware tier and environment it got (v4 only) and logs
    /// them; they go on the run the wait returns. Not knowing them never fails the wait.
    /// </summary>
    private async Task ReportExecutionOnceAsync(DominoRun run, CancellationToken cancellationToken)
    {
        var running = run.Started is not null || run.IsFinished || run.StatusKind == DominoRunStatusKind.Serving
            || string.Equals(run.Status, "Running", StringComparison.OrdinalIgnoreCase);
        if (_executionAsked || !running)
        {
            return;
        }

        _executionAsked = true;
        try
        {
            _execution = await _client.GetRunExecutionDetailsAsync(_runId, cancellationToken).ConfigureAwait(false);
        }
        catch (DominoRequestException ex)
        {
            _logger.Log(DominoLogLevel.Debug, $"Run {_runId}: could not ask which hardware tier and environment it got ({ex.Message}).");
            return;
        }

        if (_execution is not null)
        {
            _logger.Log(DominoLogLevel.Information, $"Run {_runId} runs on {_execution}.");
        }
    }

    /// <summary>
    /// Polls until the run is finished or serving; <see langword="null"/> when the deadline passes first.
    /// Throws <see cref="OperationCanceledException"/> on cancel, or when the deadline cancels a request.
    /// </summary>
    private async Task<DominoRun?> PollUntilEndedAsync(CancellationToken requestToken, CancellationToken cancellationToken)
    {
        var schedule = NewSchedule();
        var deadline = _options.Timeout;
        while (true)
        {
            var run = await TryPollAsync(requestToken).ConfigureAwait(false);
            if (run is not null)
            {
                if (Observe(run))
                {
                    schedule.Reset();
                }

                await ReportExecutionOnceAsync(run, requestToken).ConfigureAwait(false);
                if (run.IsFinished || run.StatusKind == DominoRunStatusKind.Serving)
                {
                    return run;
                }
            }

            // While Domino fails, only the status is asked for: the output can wait for it to answer again.
            if (_tail is not null && !_outage.InOutage)
            {
                await _tail.FetchAsync(final: false, requestToken).ConfigureAwait(false);
            }

            NoticeIfQuiet();
            var delay = schedule.Next();
            if (_outage.InOutage && _outage.Remaining < delay)
            {
                delay = _outage.Remaining;
            }

            if (deadline is { } limit)
            {
                var left = limit - Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }

                delay = delay < left ? delay : left;
            }

            _logger.Log(DominoLogLevel.Verbose, $"Run {_runId}: {DescribeStatus(_lastStatus)} (poll {_polls}); next poll in {DominoFormat.Duration(delay)}.");
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            if (deadline is { } passed && Elapsed >= passed)
            {
                return null;
            }
        }
    }

    /// <summary>After success: polls (bounded by the results timeout and what is left of the deadline) until <c>outputCommitId</c> is set.</summary>
    private async Task<DominoRun> WaitForResultsAsync(DominoRun run, CancellationToken cancellationToken)
    {
        if (run.OutputCommitId is not null)
        {
            return run;
        }

        var started = Elapsed;
        var bound = _options.ResultsTimeout;
        if (_options.Timeout is { } timeout && timeout - started < bound)
        {
            bound = timeout - started;
        }

        if (bound > TimeSpan.Zero)
        {
            _logger.Log(DominoLogLevel.Information, $"Run {_runId}: waiting (up to {DominoFormat.Duration(bound)}) for its results to be saved.");
            var schedule = NewSchedule();
            while (true)
            {
                var left = bound - (Elapsed - started);
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                var delay = schedule.Next();
                delay = delay < left ? delay : left;
                _logger.Log(DominoLogLevel.Verbose, $"Run {_runId}: {DescribeStatus(_lastStatus)}, results not saved yet (poll {_polls}); next poll in {DominoFormat.Duration(delay)}.");
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                if (Elapsed - started >= bound)
                {
                    break;
                }

                var next = await TryPollAsync(cancellationToken).ConfigureAwait(false);
                if (next is null)
                {
                    continue;
                }

                run = next;
                if (Observe(next))
                {
                    schedule.Reset();
                }

                if (next.OutputCommitId is not null)
                {
                    _logger.Log(DominoLogLevel.Information, $"Run {_runId}: results saved as commit {next.OutputCommitId}.");
                    return next;
                }
            }
        }

        _logger.Log(DominoLogLevel.Warning, $"Run {_runId} finished, but its results were not saved within {DominoFormat.Duration(bound > TimeSpan.Zero ? bound : TimeSpan.Zero)} (no output commit yet); downloading them may fail: {_client.GetRunUrl(_runId)}");
        return run;
    }

    /// <summary>
    /// One status poll. A failing server (<see cref="OutageBudget.IsOutage"/>) is logged and yields <see langword="null"/>
    /// until the outage budget is spent (then <see cref="DominoOutageException"/>); anything else ends the wait.
    /// </summary>
    private async Task<DominoRun?> TryPollAsync(CancellationToken cancellationToken)
    {
        _outage.ThrowIfSpent();
        _polls++;
        var started = _time.GetTimestamp();
        using var budget = _outage.LinkToBudget(cancellationToken);
        try
        {
            var run = await _client.GetRunAsync(_runId, budget?.Token ?? cancellationToken).ConfigureAwait(false)
                ?? throw new DominoException($"The server returned no state for run {_runId}.");
            _outage.Succeeded();
            _lastRun = run;
            return run;
        }
        catch (DominoRequestException ex) when (OutageBudget.IsOutage(ex))
        {
            _logger.Log(DominoLogLevel.Verbose, $"Run {_runId}: status poll {_polls} failed ({ex.Message}); still waiting.");
            _outage.Failed(ex, started);
            return null;
        }
        catch (OperationCanceledException) when (budget?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            // The budget ran out while this poll (and its own retries) was still going.
            throw _outage.Exceeded();
        }
    }

    /// <summary>
    /// While the run is in progress and nothing of it was logged for <see cref="QuietNotice"/> (nor said so within that time),
    /// one Information line: <c>still Running after 25 min; last output 6 min ago</c>.
    /// </summary>
    private void NoticeIfQuiet()
    {
        var now = _time.GetTimestamp();
        if (_tail is not null && _tail.LinesPrinted != _linesSeen)
        {
            _linesSeen = _tail.LinesPrinted;
            _lastOutput = _lastActivity = now;
        }

        if (_lastRun is not { } run || run.IsFinished || run.StatusKind == DominoRunStatusKind.Serving
            || _time.GetElapsedTime(_lastActivity, now) < QuietNotice || _time.GetElapsedTime(_lastQuietNotice, now) < QuietNotice)
        {
            return;
        }

        _lastQuietNotice = now;
        var output = _tail is null ? string.Empty
            : _lastOutput is { } last ? $"; last output {DominoFormat.Duration(_time.GetElapsedTime(last, now))} ago"
            : "; no output yet";
        _logger.Log(DominoLogLevel.Information, $"Run {_runId}: still {DescribeStatus(run.Status)} after {DominoFormat.Duration(_time.GetElapsedTime(_startTimestamp, now))}{output}.");
    }

    /// <summary>Reports a status change (event and log) and an unknown status (once). Returns whether the status changed.</summary>
    private bool Observe(DominoRun run)
    {
        if (string.Equals(run.Status, _lastStatus, StringComparison.Ordinal))
        {
            return false;
        }

        var old = _lastStatus;
        _lastStatus = run.Status;
        _lastActivity = _time.GetTimestamp();
        var elapsed = Elapsed;

        // A run's end names no time here: the line after it gives the run's own duration, the one every summary shows.
        var at = run.IsFinished ? string.Empty : $" ({DominoFormat.Duration(elapsed)})";
        _logger.Log(DominoLogLevel.Information, old is null
            ? $"Run {_runId}: {DescribeStatus(run.Status)}{at}"
            : $"Run {_runId}: {DescribeStatus(old)} -> {DescribeStatus(run.Status)}{at}");
        _options.StatusChanged?.Report(new DominoRunStatusChange(_runId, old, run.Status, elapsed));

        if (run.StatusKind == DominoRunStatusKind.Unknown && _unknownStatusesReported.Add(run.Status))
        {
            _logger.Log(DominoLogLevel.Warning, $"Run {_runId} has an unknown status {DescribeStatus(run.Status)}; treating it as still in progress.");
        }

        return true;
    }

    /// <summary>
    /// Called only when the caller cancels while the run has not been seen finished (a cancel after that point ends the
    /// wait without touching the run).
    /// </summary>
    private async Task StopAfterCancelAsync()
    {
        var url = _client.GetRunUrl(_runId);
        if (!_options.StopOnCancel)
        {
            _logger.Log(DominoLogLevel.Information, $"Wait for run {_runId} cancelled; the run keeps going: {url}");
            return;
        }

        // The caller's token is cancelled: the stop request gets its own short deadline instead.
        var timeout = _options.StopRequestTimeout < MaxCancelStopTimeout ? _options.StopRequestTimeout : MaxCancelStopTimeout;
        using var stopTimeout = new CancellationTokenSource(timeout, _time);
        try
        {
            // Whatever goes wrong with the stop, the caller's cancellation must still be what surfaces.
            await _client.StopRunAsync(_runId, commitResults: true, stopTimeout.Token).ConfigureAwait(false);
            _logger.Log(DominoLogLevel.Information, $"Wait for run {_runId} cancelled; asked Domino to stop the run (keeping its results): {url}");
        }
        catch (Exception ex)
        {
            _logger.Log(DominoLogLevel.Warning, $"Wait for run {_runId} cancelled, but the request to stop it failed ({Reason(ex, timeout)}); the run may still be going: {url}");
        }
    }

    private async Task<DominoWaitTimeoutException> TimedOutAsync(CancellationToken cancellationToken)
    {
        var timeout = _options.Timeout!.Value;
        var run = _lastRun ?? new DominoRun { Id = _runId, Status = string.Empty };
        var url = _client.GetRunUrl(_runId);
        string fate;
        if (_options.StopOnTimeout)
        {
            using var stopTimeout = new CancellationTokenSource(_options.StopRequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopTimeout.Token);
            try
            {
                await _client.StopRunAsync(_runId, commitResults: true, linked.Token).ConfigureAwait(false);
                fate = "it was asked to stop (keeping its results)";
                _logger.Log(DominoLogLevel.Information, $"Run {_runId}: wait deadline passed; asked Domino to stop the run.");
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                fate = $"the request to stop it failed ({Reason(ex, _options.StopRequestTimeout)}), so it is probably still going";
                _logger.Log(DominoLogLevel.Warning, $"Run {_runId}: wait deadline passed, but the request to stop it failed ({Reason(ex, _options.StopRequestTimeout)}).");
            }
        }
        else
        {
            fate = "it is still going (set StopOnTimeout to stop it)";
        }

        var message = $"Run {_runId} of {_client.Project} did not finish within {DominoFormat.Duration(timeout)} (last status: {DescribeStatus(run.Status)}); {fate}. See {url}";
        return new DominoWaitTimeoutException(message, run, url, timeout);
    }

    private async Task<DominoRunFailedException> FailedAsync(DominoRun run, CancellationToken cancellationToken)
    {
        var url = _client.GetRunUrl(_runId);
        IReadOnlyList<string> lines = _tail?.LastLines ?? Array.Empty<string>();
        if (lines.Count == 0 && _options.FailureOutputLines > 0)
        {
            lines = await FetchLastLinesAsync(cancellationToken).ConfigureAwait(false);
        }

        var message = $"Run {_runId} of {_client.Project} ended {DescribeStatus(run.Status)}, not {DominoRunStatus.Succeeded}. See {url}";
        message += lines.Count == 0
            ? Environment.NewLine + "No output of the run was available."
            : Environment.NewLine + $"Last {lines.Count} line(s) of its output:" + Environment.NewLine + string.Join(Environment.NewLine, lines.Select(l => "  " + l));
        return new DominoRunFailedException(message, run, url, lines);
    }

    private async Task<IReadOnlyList<string>> FetchLastLinesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var output = await _client.GetRunOutputAsync(_runId, _options.FailureOutputLines, cancellationToken).ConfigureAwait(false);
            var lines = (output?.Stdout ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
            return lines.Length == 1 && lines[0].Length == 0
                ? Array.Empty<string>()
                : lines.Skip(Math.Max(0, lines.Length - _options.FailureOutputLines)).ToArray();
        }
        catch (DominoRequestException ex)
        {
            _logger.Log(DominoLogLevel.Debug, $"Run {_runId}: could not fetch its last output lines ({ex.Message}).");
            return Array.Empty<string>();
        }
    }

    private PollSchedule NewSchedule() =>
        new(_options.InitialPollInterval, _options.MaxPollInterval, _options.PollBackoffFactor, _random);

    private TimeSpan Elapsed => _time.GetElapsedTime(_startTimestamp);

    /// <summary>
    /// How long the run took by its own timestamps (<see cref="DominoRun.Duration"/>), the one figure the front ends'
    /// summaries and the CI summary show too; the wait's own time only when the server gave no timestamps.
    /// </summary>
    private TimeSpan RunDuration(DominoRun run) => run.Duration ?? Elapsed;

    private static string Reason(Exception ex, TimeSpan timeout) =>
        ex is OperationCanceledException ? $"no answer within {DominoFormat.Duration(timeout)}" : ex.Message;

    private static string DescribeStatus(string? status) =>
        string.IsNullOrEmpty(status) ? "(no status)" : status;
}
