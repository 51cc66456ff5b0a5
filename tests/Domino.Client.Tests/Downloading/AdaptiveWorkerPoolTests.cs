using System.Collections.Concurrent;
using Domino.Client.Downloading;
using Microsoft.Extensions.Time.Testing;

namespace Domino.Client.Tests.Downloading;

/// <summary>The workers that run a download's files, as many at once as the controller allows.</summary>
public class AdaptiveWorkerPoolTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_item_runs_once_and_no_more_run_at_once_than_the_limit()
    {
        // Given 40 items, a cap of 3 and bodies that wait until the test releases them
        var controller = new ParallelismController(3, new FakeTimeProvider());
        var started = new ConcurrentQueue<int>();
        var runs = new ConcurrentDictionary<int, int>();
        var gates = Enumerable.Range(0, 40).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var inFlight = 0;
        var most = 0;
        var run = AdaptiveWorkerPool.RunAsync(40, controller, async (index, _) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            runs.AddOrUpdate(index, 1, (_, n) => n + 1);
            started.Enqueue(index);
            await gates[index].Task;
            Interlocked.Decrement(ref inFlight);
        }, CancellationToken.None);

        // When the items are released one by one as they start
        var released = 0;
        while (released < 40)
        {
            if (started.TryDequeue(out var index))
            {
                gates[index].SetResult();
                released++;
            }
            else
            {
                await Task.Yield();
            }
        }

        await run.WaitAsync(Bound);

        // Then each ran once, never more than three at a time
        Assert.Equal(40, released);
        Assert.Equal(Enumerable.Range(0, 40), runs.Keys.Order());
        Assert.All(runs.Values, n => Assert.Equal(1, n));
        Assert.InRange(most, 1, 3);
    }

    [Fact]
    public async Task A_body_that_throws_cancels_the_others_and_its_exception_is_thrown()
    {
        var controller = new ParallelismController(4, new FakeTimeProvider());
        var cancelled = 0;
        var run = AdaptiveWorkerPool.RunAsync(10, controller, async (index, ct) =>
        {
            if (index == 0)
            {
                await Task.Yield();
                throw new InvalidOperationException("the first item failed");
            }

            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }
        }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(Bound));
        Assert.Equal("the first item failed", error.Message);
        Assert.Equal(3, cancelled);
    }

    [Fact]
    public async Task The_callers_cancellation_ends_the_run_with_an_OperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        var controller = new ParallelismController(2, new FakeTimeProvider());
        var run = AdaptiveWorkerPool.RunAsync(5, controller, (_, ct) => Task.Delay(Timeout.InfiniteTimeSpan, ct), cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Bound));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
