namespace Domino.Client.Downloading;

/// <summary>
/// Runs a body over items with as many in flight as a <see cref="ParallelismController"/> allows at each moment: one
/// worker per slot up to the cap, each taking the next item while its slot is under the controller's limit. A body that
/// throws ends the run: the other workers are cancelled, and the first failure other than that cancellation is thrown
/// (the caller's cancellation as an <see cref="OperationCanceledException"/>). Bodies handle their own per-item failures.
/// </summary>
internal static class AdaptiveWorkerPool
{
    /// <summary>Runs <paramref name="body"/> once for each of the <paramref name="count"/> items (by index).</summary>
    public static async Task RunAsync(int count, ParallelismController controller, Func<int, CancellationToken, Task> body, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var next = -1;
        Exception? firstFailure = null;

        async Task WorkAsync(int slot)
        {
            try
            {
                while (true)
                {
                    await controller.WaitForSlotAsync(slot, stop.Token).ConfigureAwait(false);
                    var index = Interlocked.Increment(ref next);
                    if (index >= count)
                    {
                        controller.Complete();
                        return;
                    }

                    await body(index, stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                if (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    Interlocked.CompareExchange(ref firstFailure, ex, null);
                }

                await stop.CancelAsync().ConfigureAwait(false);
            }
        }

        var workers = new Task[Math.Min(count, controller.Cap)];
        for (var slot = 0; slot < workers.Length; slot++)
        {
            workers[slot] = WorkAsync(slot);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        if (firstFailure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(firstFailure);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
