using Domino.Client.Waiting;

namespace Domino.Client;

public partial class DominoProjectClient
{
    /// <summary>
    /// Waits until the run finishes, streaming its output to the logger, then (on success) until its results are
    /// saved (<c>outputCommitId</c>). Polls fast at first and after each status change, backing off to a cap.
    /// </summary>
    /// <returns>The finished run (with <see cref="DominoRun.OutputCommitId"/> when the server set it in time).</returns>
    /// <exception cref="DominoRunFailedException">The run ended without success and <see cref="DominoWaitOptions.ThrowOnFailure"/>.</exception>
    /// <exception cref="DominoWaitTimeoutException">The deadline passed.</exception>
    /// <exception cref="DominoOutageException">Domino kept failing for longer than <see cref="DominoWaitOptions.MaxOutage"/> (the run may still be going).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled (the run is stopped first when <see cref="DominoWaitOptions.StopOnCancel"/>).</exception>
    public virtual Task<DominoRun> WaitForRunAsync(string runId, DominoWaitOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (_client?.Ci is not { } ci)
        {
            return new RunWaiter(this, Options.TimeProvider, Logger, Options.Random).WaitAsync(runId, options, cancellationToken);
        }

        // In a CI system: the wait is folded and its outcome reported. Bad arguments still throw before anything is written.
        DominoIds.RequireRunId(runId);
        options ??= new DominoWaitOptions();
        options.Validate();
        return ci.WaitAsync(this, runId, options, Logger, logger =>
            new RunWaiter(this, Options.TimeProvider, logger, Options.Random).WaitAsync(runId, options, cancellationToken));
    }
}
