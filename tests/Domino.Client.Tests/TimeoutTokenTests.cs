using Domino.Client.Http;
using Microsoft.Extensions.Time.Testing;

namespace Domino.Client.Tests;

public class TimeoutTokenTests
{
    [Fact]
    public void The_token_is_cancelled_when_the_delay_has_passed_since_the_last_restart()
    {
        var time = new FakeTimeProvider();
        using var timeout = new TimeoutToken(time, CancellationToken.None);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));

        time.Advance(TimeSpan.FromSeconds(8));
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(8));
        Assert.False(timeout.Token.IsCancellationRequested);

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(timeout.Token.IsCancellationRequested);
        Assert.True(timeout.TimedOut);
    }

    [Fact]
    public void An_infinite_delay_stops_the_countdown()
    {
        var time = new FakeTimeProvider();
        using var timeout = new TimeoutToken(time, CancellationToken.None);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        timeout.CancelAfter(Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromDays(1));

        Assert.False(timeout.Token.IsCancellationRequested);
        Assert.False(timeout.TimedOut);
    }

    [Fact]
    public void The_callers_cancellation_cancels_the_token_and_is_not_a_timeout()
    {
        using var caller = new CancellationTokenSource();
        using var timeout = new TimeoutToken(new FakeTimeProvider(), caller.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));

        caller.Cancel();

        Assert.True(timeout.Token.IsCancellationRequested);
        Assert.False(timeout.TimedOut);
    }

    [Fact]
    public async Task On_the_system_clock_the_token_times_out_too()
    {
        using var timeout = new TimeoutToken(TimeProvider.System, CancellationToken.None);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(1));

        // The production path (the source's own timer): waits for it, bounded.
        var cancelled = new TaskCompletionSource();
        using var registration = timeout.Token.Register(cancelled.SetResult);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(timeout.TimedOut);
    }
}
