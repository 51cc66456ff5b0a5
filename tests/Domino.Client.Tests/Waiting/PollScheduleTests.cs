using Domino.Client.Waiting;

namespace Domino.Client.Tests.Waiting;

public class PollScheduleTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public void Next_starts_at_initial_and_grows_by_the_factor_up_to_the_cap()
    {
        var schedule = new PollSchedule(OneSecond, TimeSpan.FromSeconds(5), 2, new FixedRandom(0.5));

        var delays = Enumerable.Range(0, 6).Select(_ => schedule.Next().TotalSeconds).ToArray();

        Assert.Equal(new double[] { 1, 2, 4, 5, 5, 5 }, delays);
    }

    [Fact]
    public void Reset_goes_back_to_the_initial_interval()
    {
        var schedule = new PollSchedule(OneSecond, TimeSpan.FromSeconds(30), 3, new FixedRandom(0.5));
        schedule.Next();
        schedule.Next();

        schedule.Reset();

        Assert.Equal(OneSecond, schedule.Next());
        Assert.Equal(TimeSpan.FromSeconds(3), schedule.Next());
    }

    [Fact]
    public void Jitter_stays_within_ten_percent_and_never_exceeds_the_cap()
    {
        var low = new PollSchedule(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), 1.5, new FixedRandom(0.0));
        var high = new PollSchedule(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), 1.5, new FixedRandom(0.999999));

        Assert.Equal(TimeSpan.FromSeconds(9), low.Next());
        Assert.Equal(13.5, low.Next().TotalSeconds, 3);
        Assert.InRange(high.Next().TotalSeconds, 10.99, 11);
        Assert.InRange(high.Next().TotalSeconds, 16.49, 16.5);
        Assert.Equal(TimeSpan.FromSeconds(20), high.Next()); // 22.5 * 1.1 capped
    }

    [Fact]
    public void Seeded_jitter_varies_the_delays_but_keeps_them_in_range()
    {
        var schedule = new PollSchedule(OneSecond, TimeSpan.FromSeconds(30), 1.5, new Random(7));

        var delays = Enumerable.Range(0, 40).Select(_ => schedule.Next()).ToArray();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(30)));
        Assert.True(delays.Skip(20).Distinct().Count() > 1, "Jitter must vary the delays at the cap.");
    }

    [Theory]
    [InlineData(0, 30, 1.5)]
    [InlineData(-1, 30, 1.5)]
    [InlineData(5, 4, 1.5)]
    [InlineData(1, 30, 0.5)]
    [InlineData(1, 30, double.NaN)]
    public void Invalid_intervals_or_factor_are_refused(double initialSeconds, double maxSeconds, double factor)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new PollSchedule(TimeSpan.FromSeconds(initialSeconds), TimeSpan.FromSeconds(maxSeconds), factor, new Random(1)));
    }
}
