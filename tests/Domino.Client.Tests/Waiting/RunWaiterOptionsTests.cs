using Moq;

namespace Domino.Client.Tests.Waiting;

public class RunWaiterOptionsTests
{
    public static TheoryData<Action<DominoWaitOptions>> InvalidOptions => new()
    {
        o => o.InitialPollInterval = TimeSpan.Zero,
        o => o.MaxPollInterval = TimeSpan.FromMilliseconds(500),
        o => o.PollBackoffFactor = 0.9,
        o => o.Timeout = TimeSpan.Zero,
        o => o.Timeout = TimeSpan.FromDays(100),
        o => o.StopRequestTimeout = TimeSpan.Zero,
        o => o.ResultsTimeout = TimeSpan.FromSeconds(-1),
        o => o.FailureOutputLines = -1,
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_wait_options_are_refused_before_any_request(Action<DominoWaitOptions> spoil)
    {
        var h = new WaitHarness();
        spoil(h.Options);
        var waiter = new Domino.Client.Waiting.RunWaiter(h.Client.Object, h.Time, h.Logger, h.Random);

        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = waiter.WaitAsync(WaitHarness.RunId, h.Options, CancellationToken.None); });

        h.Client.Verify(c => c.GetRunAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData(0.4, "400 ms")]
    [InlineData(12.5, "12.5 s")]
    [InlineData(185, "3:05")]
    [InlineData(3723, "1:02:03")]
    [InlineData(90000, "25:00:00")]
    public void Durations_are_formatted_for_people(double seconds, string expected)
    {
        Assert.Equal(expected, Domino.Client.Waiting.RunWaiter.Format(TimeSpan.FromSeconds(seconds)));
    }
}
