using Cake.Core;
using Domino.Client;
using Moq;

namespace Cake.Domino.Tests;

/// <summary>The start's outage budget, as a Cake script sets it.</summary>
public sealed class StartOutageSettingTests : IDisposable
{
    private readonly FakeCakeContext _context = new();

    public void Dispose() => _context.Dispose();

    private Func<DominoStartRunRequest?> CaptureStart()
    {
        DominoStartRunRequest? sent = null;
        _context.Project.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .Callback((DominoStartRunRequest r, CancellationToken _) => sent = r)
            .ReturnsAsync(Runs.Started(_context));
        return () => sent;
    }

    [Fact]
    public void StartRun_sends_the_MaxOutage_setting_in_the_request()
    {
        // Given a start with a budget of 30 s
        var sent = CaptureStart();

        // When starting
        _context.DominoStartRun(new DominoStartRunSettings { Command = new[] { "main.py" }, MaxOutage = TimeSpan.FromSeconds(30) });

        // Then the request carries it
        Assert.Equal(TimeSpan.FromSeconds(30), sent()!.MaxOutage);
    }

    [Fact]
    public void StartRun_without_MaxOutage_leaves_the_clients_default_of_5_minutes()
    {
        var sent = CaptureStart();

        _context.DominoStartRun(s => s.WithCommand("main.py"));

        Assert.Equal(TimeSpan.FromMinutes(5), sent()!.MaxOutage);
    }

    [Fact]
    public void WithMaxOutage_sets_the_starts_budget_and_DominoRun_sends_it_with_the_start()
    {
        // Given DominoRun with a start budget of 1 minute
        var sent = CaptureStart();
        _context.Project.Setup(p => p.WaitForRunAsync(Runs.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Runs.Run(DominoRunStatus.Succeeded));

        // When running
        _context.DominoRun(s => s.WithCommand("main.py").WithMaxOutage(TimeSpan.FromMinutes(1)));

        // Then the start carries it
        Assert.Equal(TimeSpan.FromMinutes(1), sent()!.MaxOutage);
    }

    [Fact]
    public void StartRun_with_a_MaxOutage_of_zero_is_an_argument_error_naming_the_setting_and_nothing_is_sent()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            _context.DominoStartRun(new DominoStartRunSettings { Command = new[] { "main.py" }, MaxOutage = TimeSpan.Zero }));

        Assert.StartsWith("MaxOutage is 00:00:00: give a positive time", error.Message, StringComparison.Ordinal);
        _context.Project.Verify(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void A_start_given_up_on_a_failing_Domino_fails_the_script_with_the_clients_message()
    {
        // Given a client whose start gives up after its budget
        var lastFailure = new DominoServerException(
            "GET /v1/projects/alice/quick/runs failed with 502 Bad Gateway after 6 attempts: 502 Bad Gateway (nginx)", "GET", "/v1/projects/alice/quick/runs", 502, "502 Bad Gateway (nginx)");
        var outage = new DominoOutageException(
            "Domino answered 502 Bad Gateway (nginx) to every request for the start of a run in alice/quick for 5 min 0 s (9 failed tries, each after its own retries), so no run was started (MaxOutage is 5 min 0 s).",
            lastFailure, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), null);
        _context.Project.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(outage);

        // When starting
        var error = Assert.Throws<CakeException>(() => _context.DominoStartRun(s => s.WithCommand("main.py")));

        // Then the script fails with the client's words, which name the setting to raise
        Assert.Equal(outage.Message, error.Message);
        Assert.Same(outage, error.InnerException);
    }
}
