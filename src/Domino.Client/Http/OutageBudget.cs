using System.Globalization;

namespace Domino.Client.Http;

/// <summary>
/// How long one operation (a wait, a download) tolerates a failing Domino: failures that outlast the HTTP pipeline's
/// own retries (<see cref="IsOutage"/>: 5xx, 408, 429, connection refused or reset, timeouts) open an outage, counted
/// from the start of the first failed call and closed by any good answer. The first failure of an outage is a Warning
/// naming the status and the server's words, repeated at most every <see cref="WarningInterval"/>; once the outage has
/// lasted the budget, the operation fails with a <see cref="DominoOutageException"/>. Not thread-safe on its own:
/// callers that share one lock around it (see <see cref="CallAsync{T}"/>, which does).
/// </summary>
internal sealed class OutageBudget
{
    /// <summary>The least time between two warnings of the same outage.</summary>
    internal static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    /// <summary>The longest budget a timer supports.</summary>
    internal static readonly TimeSpan MaxBudget = TimeSpan.FromDays(24);

    /// <summary>Delays between two tries of a call during an outage (the pipeline's own retries come on top); the last repeats.</summary>
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30)];

    private readonly TimeProvider _time;
    private readonly IDominoLogger _logger;
    private readonly string _subject;
    private readonly string _goingOn;
    private readonly string _consequence;
    private readonly Func<Uri?> _runUrl;
    private readonly object _gate = new();

    private long? _since;
    private long _lastWarning;
    private DominoRequestException? _lastFailure;
    private int _failures;

    /// <param name="time">The clock.</param>
    /// <param name="maxOutage">The budget.</param>
    /// <param name="logger">Where the warnings go.</param>
    /// <param name="subject">What the requests are for, e.g. <c>run 553a...</c>, <c>the download of commit ce42...</c>.</param>
    /// <param name="goingOn">What goes on meanwhile, e.g. <c>still waiting</c>.</param>
    /// <param name="consequence">The end of the failure message: what was not done and what to do, e.g. <c>the wait gives up</c>.</param>
    /// <param name="runUrl">The run's web page, named in the failure (asked for only then), or <see langword="null"/>.</param>
    public OutageBudget(TimeProvider time, TimeSpan maxOutage, IDominoLogger logger, string subject, string goingOn, string consequence, Func<Uri?>? runUrl)
    {
        Validate(maxOutage, nameof(maxOutage));
        _time = time;
        MaxOutage = maxOutage;
        _logger = logger;
        _subject = subject;
        _goingOn = goingOn;
        _consequence = consequence;
        _runUrl = runUrl ?? (static () => null);
    }

    /// <summary>The budget.</summary>
    public TimeSpan MaxOutage { get; }

    /// <summary>True while the last call failed with an outage.</summary>
    public bool InOutage
    {
        get
        {
            lock (_gate)
            {
                return _since is not null;
            }
        }
    }

    /// <summary>What is left of the budget (the whole budget outside an outage; zero once spent).</summary>
    public TimeSpan Remaining
    {
        get
        {
            lock (_gate)
            {
                return RemainingCore();
            }
        }
    }

    /// <summary>Checks a budget given by a caller.</summary>
    public static void Validate(TimeSpan maxOutage, string paramName)
    {
        if (maxOutage <= TimeSpan.Zero || maxOutage > MaxBudget)
        {
            throw new ArgumentOutOfRangeException(paramName, maxOutage,
                $"MaxOutage is {maxOutage}: give a positive time of at most {MaxBudget.TotalDays} days, for example 5 minutes (the default).");
        }
    }

    /// <summary>A failure that says Domino (or the way to it) is failing, rather than that the request is wrong.</summary>
    public static bool IsOutage(Exception ex) => ex is DominoServerException or DominoConnectionException;

    /// <summary>
    /// Records a failed call that began at <paramref name="startedAt"/> (a timestamp of the clock): opens the outage on
    /// the first, warns (rate-limited), and throws <see cref="DominoOutageException"/> once the budget is spent.
    /// </summary>
    public void Failed(DominoRequestException failure, long startedAt)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _lastFailure = failure;
            _failures++;
            var first = _since is null;
            _since ??= startedAt;
            if (RemainingCore() <= TimeSpan.Zero)
            {
                throw ExceededCore();
            }

            if (first || _time.GetElapsedTime(_lastWarning, now) >= WarningInterval)
            {
                _lastWarning = now;
                _logger.Log(DominoLogLevel.Warning, $"Domino answers {DescribeAnswer(failure)} for {_subject}; {_goingOn}, giving up in {Text.DominoFormat.Duration(RemainingCore())}.");
            }
        }
    }

    /// <summary>A good answer: closes the outage (and says so when one was open).</summary>
    public void Succeeded()
    {
        lock (_gate)
        {
            if (_since is not { } since)
            {
                return;
            }

            _logger.Log(DominoLogLevel.Information, $"Domino answers again for {_subject}, after failing for {Text.DominoFormat.Duration(_time.GetElapsedTime(since))}.");
            _since = null;
            _failures = 0;
        }
    }

    /// <summary>Throws <see cref="DominoOutageException"/> when the outage has lasted the budget.</summary>
    /// <param name="waitedOut">The outage (its start) whose budget the caller has just paused until the end of: spent even if
    /// the clock reads a hair earlier (timers wake by the millisecond), unless that outage has ended meanwhile.</param>
    public void ThrowIfSpent(long? waitedOut = null)
    {
        lock (_gate)
        {
            if (_since is not null && (RemainingCore() <= TimeSpan.Zero || _since == waitedOut))
            {
                throw ExceededCore();
            }
        }
    }

    /// <summary>The pause before the next try of a failed call, and the outage it ends the budget of (when it does).</summary>
    private (TimeSpan Delay, long? LastPauseOf) NextPause(int attempt)
    {
        lock (_gate)
        {
            var remaining = RemainingCore();
            var delay = Min(RetryDelays[Math.Min(attempt, RetryDelays.Length - 1)], remaining);
            return (delay, delay == remaining ? _since : null);
        }
    }

    /// <summary>The failure for a spent budget (also when a call in flight was cut at the end of the budget).</summary>
    public DominoOutageException Exceeded()
    {
        lock (_gate)
        {
            return ExceededCore();
        }
    }

    /// <summary>
    /// During an outage, a token that is also cancelled when the budget runs out (so a call in flight, with its own
    /// retries, cannot outlast it); <see langword="null"/> outside an outage. Dispose it.
    /// </summary>
    public BudgetToken? LinkToBudget(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _since is null ? null : new BudgetToken(Max(RemainingCore(), TimeSpan.Zero), _time, cancellationToken);
        }
    }

    /// <summary>
    /// Calls <paramref name="call"/>, trying again after a pause while it fails with an outage, until the budget is
    /// spent (then <see cref="DominoOutageException"/>); any other failure is the call's own. Thread-safe: parallel calls
    /// share the budget.
    /// </summary>
    public Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        CallAsync(call, static (call, token) => call(token), cancellationToken);

    /// <summary><see cref="CallAsync{T}(Func{CancellationToken, Task{T}}, CancellationToken)"/> with the call's state passed in (no closure per call: a download makes one call per file).</summary>
    public async Task<T> CallAsync<TState, T>(TState state, Func<TState, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            ThrowIfSpent();
            var started = _time.GetTimestamp();
            using var budget = LinkToBudget(cancellationToken);
            T result;
            try
            {
                result = await call(state, budget?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            catch (DominoRequestException ex) when (IsOutage(ex))
            {
                Failed(ex, started);
                var (delay, lastPauseOf) = NextPause(attempt);

                // Logged once the pause is on the clock, so whoever reads the log knows the call now waits on it.
                var pause = Task.Delay(delay, _time, cancellationToken);
                _logger.Log(DominoLogLevel.Debug, $"{ex.Message} ({_subject}); trying again in {Text.DominoFormat.Duration(delay)}.");
                await pause.ConfigureAwait(false);
                ThrowIfSpent(lastPauseOf);
                continue;
            }
            catch (OperationCanceledException) when (budget?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
            {
                throw Exceeded();
            }

            Succeeded();
            return result;
        }
    }

    /// <summary>A failure in a few words: <c>502 Bad Gateway (nginx)</c>, <c>503 Service Unavailable (overloaded)</c>, <c>no answer (...)</c>.</summary>
    internal static string DescribeAnswer(DominoRequestException failure)
    {
        if (failure.StatusCode is not { } status)
        {
            // The message is "{method} {path} {what happened}[ after N attempts]: {reason}"; the path says nothing new here.
            var prefix = $"{failure.Method} {failure.RequestPath} ";
            var what = failure.Message.StartsWith(prefix, StringComparison.Ordinal) ? failure.Message[prefix.Length..] : failure.Message;
            return $"nothing ({Text.HtmlText.Truncate(what, 200)})";
        }

        var code = status.ToString(CultureInfo.InvariantCulture);
        var words = failure.ServerMessage;
        if (words is not null && words.StartsWith(code, StringComparison.Ordinal))
        {
            return words;
        }

        var head = ReasonPhrase(status) is { } phrase ? $"{code} {phrase}" : code;
        return string.IsNullOrWhiteSpace(words) ? head : $"{head} ({words})";
    }

    private static string? ReasonPhrase(int status) => status switch
    {
        408 => "Request Timeout",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => null,
    };

    private TimeSpan RemainingCore() =>
        _since is { } since ? Max(MaxOutage - _time.GetElapsedTime(since), TimeSpan.Zero) : MaxOutage;

    private DominoOutageException ExceededCore()
    {
        var failure = _lastFailure ?? throw new InvalidOperationException("No outage to report.");
        var lasted = _since is { } since ? _time.GetElapsedTime(since) : TimeSpan.Zero;
        var message = $"Domino answered {DescribeAnswer(failure)} to every request for {_subject} for {Text.DominoFormat.Duration(lasted)} "
            + $"({_failures} failed {(_failures == 1 ? "try" : "tries")}, each after its own retries), so {_consequence} "
            + $"(MaxOutage is {Text.DominoFormat.Duration(MaxOutage)}).";
        var runUrl = _runUrl();
        if (runUrl is not null)
        {
            message += $" The run itself may still be going: see {runUrl}";
        }

        return new DominoOutageException(message, failure, lasted, MaxOutage, runUrl);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The caller's token, also cancelled when the budget runs out (on the budget's clock).</summary>
    internal sealed class BudgetToken : IDisposable
    {
        private readonly CancellationTokenSource _timer;
        private readonly CancellationTokenSource _linked;

        public BudgetToken(TimeSpan remaining, TimeProvider time, CancellationToken cancellationToken)
        {
            _timer = new CancellationTokenSource(remaining, time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timer.Token);
        }

        public CancellationToken Token => _linked.Token;

        /// <summary>True when the budget ran out (not when only the caller cancelled).</summary>
        public bool IsCancellationRequested => _timer.IsCancellationRequested;

        public void Dispose()
        {
            _linked.Dispose();
            _timer.Dispose();
        }
    }
}
