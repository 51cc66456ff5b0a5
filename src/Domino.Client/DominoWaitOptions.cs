namespace Domino.Client;

/// <summary>How <see cref="DominoProjectClient.WaitForRunAsync"/> waits.</summary>
public sealed class DominoWaitOptions
{
    /// <summary>First poll interval, and the interval after each status change. Default: 1 second.</summary>
    public TimeSpan InitialPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on the poll interval. Default: 30 seconds.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Factor by which the interval grows while the status stays the same (jitter is added). Default: 1.1, so a run
    /// of up to about 10 s is noticed within 2 s of its end, and the cap is reached after about 5 minutes.
    /// </summary>
    public double PollBackoffFactor { get; set; } = 1.1;

    /// <summary>Overall deadline of the wait. Default: <see langword="null"/>, no deadline (the CI system's own job timeout applies).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// How long the wait tolerates a failing Domino (5xx, connection refused or reset, timeouts, each after the HTTP
    /// retries), counted from the first failed status poll and reset by any good answer. The first failure is a Warning,
    /// repeated at most once a minute; past this the wait fails with <see cref="DominoOutageException"/> (the run itself
    /// may still be going). Default: 5 minutes.
    /// </summary>
    public TimeSpan MaxOutage { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Stop the run remotely when <see cref="Timeout"/> passes. Default: false (the run keeps going).</summary>
    public bool StopOnTimeout { get; set; }

    /// <summary>Stop the run remotely when the caller cancels the wait (Ctrl-C, MSBuild Cancel). Default: true.</summary>
    public bool StopOnCancel { get; set; } = true;

    /// <summary>Timeout of that stop request, separate from the cancelled token. Default: 8 seconds.</summary>
    public TimeSpan StopRequestTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Failed statuses to accept as if they had succeeded (e.g. <c>Stopped</c>). Default: none.</summary>
    public ICollection<string> AcceptStatuses { get; } = new List<string>();

    /// <summary>Throw <see cref="DominoRunFailedException"/> when the run ends without success. Default: true.</summary>
    public bool ThrowOnFailure { get; set; } = true;

    /// <summary>Stream the run's output to the logger while waiting. Default: true.</summary>
    public bool StreamOutput { get; set; } = true;

    /// <summary>How many of the run's last output lines a failure carries. Default: 20.</summary>
    public int FailureOutputLines { get; set; } = 20;

    /// <summary>After success, wait this long at most for <c>outputCommitId</c> (results being saved). Default: 2 minutes.</summary>
    public TimeSpan ResultsTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Receives each status change.</summary>
    public IProgress<DominoRunStatusChange>? StatusChanged { get; set; }

    /// <summary>
    /// Whether a run that ended with <paramref name="run"/>'s status counts as a success under these options: it
    /// succeeded, or its status is one of <see cref="AcceptStatuses"/> (compared without regard to case).
    /// </summary>
    /// <param name="run">A finished run.</param>
    /// <returns><see langword="true"/> when the wait treats the run as a success.</returns>
    public bool Accepts(DominoRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.IsSucceeded || AcceptStatuses.Contains(run.Status, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Checks every value as <see cref="DominoProjectClient.WaitForRunAsync"/> does before it sends anything. Front
    /// ends call it to report a bad value before connecting. The exception's <see cref="ArgumentException.ParamName"/>
    /// is the name of the property at fault (for example <c>MaxPollInterval</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A value is out of range, or an accepted status is not a final one.</exception>
    public void Validate()
    {
        if (InitialPollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialPollInterval), InitialPollInterval, "The initial poll interval must be positive.");
        }

        if (MaxPollInterval < InitialPollInterval)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxPollInterval), MaxPollInterval, $"The maximum poll interval must be at least the initial one ({InitialPollInterval}).");
        }

        if (double.IsNaN(PollBackoffFactor) || double.IsInfinity(PollBackoffFactor) || PollBackoffFactor < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PollBackoffFactor), PollBackoffFactor, "The poll backoff factor must be a finite number of at least 1.");
        }

        var maxTimeout = Waiting.RunWaiter.MaxTimeout;
        if (Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > maxTimeout))
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), timeout, $"The wait timeout must be positive and at most {maxTimeout.TotalDays} days; leave it unset for no deadline.");
        }

        if (StopRequestTimeout <= TimeSpan.Zero || StopRequestTimeout > maxTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(StopRequestTimeout), StopRequestTimeout, "The stop request timeout must be positive.");
        }

        if (ResultsTimeout < TimeSpan.Zero || ResultsTimeout > maxTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(ResultsTimeout), ResultsTimeout, "The results timeout must not be negative.");
        }

        Http.OutageBudget.Validate(MaxOutage, nameof(MaxOutage));

        if (FailureOutputLines < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FailureOutputLines), FailureOutputLines, "The number of failure output lines must not be negative.");
        }

        foreach (var status in AcceptStatuses)
        {
            if (DominoRunStatus.Classify(status) == DominoRunStatusKind.InProgress)
            {
                throw new ArgumentException(
                    $"The accepted status '{status}' is not a final status: list statuses a run can end with, for example Stopped or Failed.",
                    nameof(AcceptStatuses));
            }
        }
    }
}

/// <summary>A run's status changed.</summary>
/// <param name="RunId">The run.</param>
/// <param name="OldStatus">The previous status (<see langword="null"/> on the first observation).</param>
/// <param name="NewStatus">The new status.</param>
/// <param name="Elapsed">Time since the wait began.</param>
public sealed record DominoRunStatusChange(string RunId, string? OldStatus, string NewStatus, TimeSpan Elapsed);
