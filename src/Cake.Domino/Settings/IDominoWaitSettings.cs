using Domino.Client;

namespace Cake.Domino;

/// <summary>How a wait for a run behaves: shared by <see cref="DominoWaitSettings"/> (<c>DominoWaitForRun</c>) and <see cref="DominoRunWaitSettings"/> (<c>DominoRun</c>).</summary>
public interface IDominoWaitSettings
{
    /// <summary>Overall deadline of the wait. Default: none (the CI system's own job timeout applies).</summary>
    TimeSpan? Timeout { get; set; }

    /// <summary>First poll interval, and the interval after each status change. Default: 1 second.</summary>
    TimeSpan? InitialPollInterval { get; set; }

    /// <summary>Cap on the poll interval. Default: 30 seconds.</summary>
    TimeSpan? MaxPollInterval { get; set; }

    /// <summary>Factor by which the poll interval grows while the status stays the same. Default: 1.1.</summary>
    double? PollBackoffFactor { get; set; }

    /// <summary>Stop the run remotely when <see cref="Timeout"/> passes. Default: false (the run keeps going).</summary>
    bool StopOnTimeout { get; set; }

    /// <summary>Stop the run remotely when the wait is cancelled (Ctrl-C). Default: true.</summary>
    bool StopOnCancel { get; set; }

    /// <summary>Timeout of that stop request. Default: 8 seconds.</summary>
    TimeSpan? StopRequestTimeout { get; set; }

    /// <summary>Failed statuses to accept as if they had succeeded, for example <c>Stopped</c>. Default: none.</summary>
    ICollection<string> AcceptStatuses { get; }

    /// <summary>
    /// Throw a <see cref="Cake.Core.CakeException"/> (its inner exception a <see cref="DominoRunFailedException"/>) when the run ends without success. When false, the
    /// finished run is returned whatever its status (check <see cref="DominoRunResult.IsSucceeded"/>). Default: true.
    /// </summary>
    bool ThrowOnFailure { get; set; }

    /// <summary>Stream the run's output into the build log while waiting. Default: true.</summary>
    bool StreamOutput { get; set; }

    /// <summary>How many of the run's last output lines a failure carries. Default: 20.</summary>
    int? FailureOutputLines { get; set; }

    /// <summary>After success, wait this long at most for the run's results to be saved (its output commit). Default: 2 minutes.</summary>
    TimeSpan? ResultsTimeout { get; set; }

    /// <summary>
    /// How long the wait tolerates a failing Domino (5xx, connection refused or reset, timeouts), counted from the first
    /// failed status poll and reset by any good answer: the first failure is a warning, repeated at most once a minute;
    /// past this the step fails, naming the last answer and the run's page (the run itself may still be going).
    /// Default: 5 minutes.
    /// </summary>
    TimeSpan? MaxOutage { get; set; }

    /// <summary>Called on each status change, after it is logged. Default: none.</summary>
    Action<DominoRunStatusChange>? OnStatusChanged { get; set; }
}
