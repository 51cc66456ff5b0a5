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
}
