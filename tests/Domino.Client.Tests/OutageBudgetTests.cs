using Domino.Client.Http;
using Microsoft.Extensions.Time.Testing;

namespace Domino.Client.Tests;

public class OutageBudgetTests
{
    [Fact]
    public async Task A_call_that_pauses_until_the_end_of_the_budget_gives_up_even_if_its_timer_wakes_a_hair_early()
    {
        // Given a budget of 2 s on a clock whose timers fire one tick early (real timers wake by the millisecond while
        // the clock reads finer), and a call that always fails with an outage
        var clock = new EarlyTimers();
        var budget = new OutageBudget(clock, TimeSpan.FromSeconds(2), new CapturingLogger(), "the test", "still trying", "nothing was done", null);
        var calls = 0;
        var call = budget.CallAsync<int>(
            _ =>
            {
                calls++;
                throw new DominoConnectionException("POST /x could not reach the server.", "POST", "/x", null);
            },
            CancellationToken.None);

        // When the pause (cut to the 2 s left) ends, the clock reading a tick short of the budget
        clock.Inner.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));

        // Then the budget is spent: no try with a tick of budget left
        await Assert.ThrowsAsync<DominoOutageException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, calls);
    }

    /// <summary>A fake clock whose timers fire one tick before they are due.</summary>
    private sealed class EarlyTimers : TimeProvider
    {
        public FakeTimeProvider Inner { get; } = new();

        public override long TimestampFrequency => Inner.TimestampFrequency;

        public override long GetTimestamp() => Inner.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            Inner.CreateTimer(callback, state, dueTime > TimeSpan.Zero ? dueTime - TimeSpan.FromTicks(1) : dueTime, period);
    }
}
