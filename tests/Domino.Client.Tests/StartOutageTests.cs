using System.Net;
using System.Net.Sockets;

namespace Domino.Client.Tests;

/// <summary>A start tolerates a failing Domino for MaxOutage, as a wait and a download do, and never sends a start twice.</summary>
public class StartOutageTests
{
    /// <summary>What nginx answers when the server behind it is down.</summary>
    private const string NginxBadGateway =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    private const string RunsUri = "https://domino.example.com/v1/projects/alice/churn-model/runs";

    private static HttpRequestException Refused() =>
        new(HttpRequestError.ConnectionError, "Connection refused (domino.example.com:443)", new SocketException((int)SocketError.ConnectionRefused));

    private static IReadOnlyList<string> At(TestClient t, DominoLogLevel level) =>
        t.Logger.Lines.Where(l => l.Level == level).Select(l => l.Message).ToList();

    [Fact]
    public async Task StartRun_fails_with_an_outage_error_when_Domino_answers_502_for_MaxOutage_and_starts_nothing()
    {
        // Given a start with a marker (so it first lists the runs), and a proxy answering its HTML 502 page to everything
        using var t = new TestClient();
        t.Handler.Always(HttpStatusCode.BadGateway, NginxBadGateway, "text/html");
        var request = new DominoStartRunRequest { Command = ["main.py"], Marker = "ci-9-attempt-1", MaxOutage = TimeSpan.FromMinutes(2) };
        var begun = t.Time.GetUtcNow();

        // When starting
        var error = await Assert.ThrowsAsync<DominoOutageException>(() => t.Drive(t.Project.StartRunAsync(request), TimeSpan.FromMilliseconds(100)));

        // Then it gives up when the budget is spent, naming the answer and that no run was started; no start was sent
        var took = t.Time.GetUtcNow() - begun;
        Assert.InRange(took, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromMinutes(2), error.MaxOutage);
        Assert.Equal(502, error.LastFailure.StatusCode);
        Assert.Null(error.RunUrl);
        Assert.StartsWith("Domino answered 502 Bad Gateway", error.Message, StringComparison.Ordinal);
        Assert.Contains("to every request for the start of a run in alice/churn-model for 2 min 0 s", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("so no run was started (MaxOutage is 2 min 0 s).", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(t.Handler.Requests, r => r.Method == HttpMethod.Post);
        Assert.True(t.Handler.Requests.Count > 6, "the listing was tried again after its own retries");

        // And the first failed call (after its own retries, 15.5 s) was a warning at once, then at most one a minute
        var warnings = At(t, DominoLogLevel.Warning);
        Assert.InRange(warnings.Count, 2, 3);
        Assert.StartsWith("Domino answers 502 Bad Gateway", warnings[0], StringComparison.Ordinal);
        Assert.EndsWith("for the start of a run in alice/churn-model; still trying, giving up in 1 min 44 s.", warnings[0], StringComparison.Ordinal);
        Assert.DoesNotContain(TestClient.ApiKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartRun_rides_out_a_shorter_outage_of_the_api_probe_and_starts_one_run()
    {
        // Given a client that asks the server which API it speaks, and a server whose project lookup fails 8 times (two
        // calls with their retries) before it answers
        using var t = new TestClient(o => o.Api = DominoApiMode.Auto);
        for (var i = 0; i < 12; i++)
        {
            t.Handler.Respond(HttpStatusCode.ServiceUnavailable, """{"message":"overloaded"}""");
        }

        t.Handler.RespondJson(Jobs.Jobs.Project).RespondJson(Jobs.Jobs.NoJobs).RespondJson(Jobs.Jobs.Started);

        // When starting
        var started = await t.Drive(t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] }), TimeSpan.FromMilliseconds(100));

        // Then one run started, after one warning (once the first lookup's own retries, 15.5 s, had failed) and a line
        // saying Domino answers again
        Assert.Equal(Jobs.Jobs.JobId, started.RunId);
        Assert.Single(t.Handler.Requests, r => r.Method == HttpMethod.Post);
        var warning = Assert.Single(At(t, DominoLogLevel.Warning));
        Assert.Equal("Domino answers 503 Service Unavailable (overloaded) for the start of a run in alice/churn-model; still trying, giving up in 4 min 44 s.", warning);
        Assert.Contains(At(t, DominoLogLevel.Information), m => m.StartsWith("Domino answers again for the start of a run in alice/churn-model, after failing for ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_start_request_that_never_reached_Domino_is_sent_again_until_it_does_and_starts_one_run()
    {
        // Given a server that refuses connections for a while (the start's own retries, then once more), then starts the run
        using var t = new TestClient();
        for (var i = 0; i < 7; i++)
        {
            t.Handler.Throw(Refused());
        }

        t.Handler.RespondJson(Samples.StartRunResponse);

        // When starting
        var started = await t.Drive(t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] }), TimeSpan.FromMilliseconds(100));

        // Then the run started once, the refused tries having sent nothing
        Assert.Equal(TestClient.RunId, started.RunId);
        Assert.Equal(8, t.Handler.Requests.Count(r => r.Method == HttpMethod.Post && r.Uri.AbsoluteUri == RunsUri));
        Assert.StartsWith("Domino answers nothing (", Assert.Single(At(t, DominoLogLevel.Warning)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_request_that_may_have_reached_Domino_is_never_sent_again_whatever_the_budget()
    {
        // Given a proxy that answers 502 to the start itself: the server may have started the run
        using var t = new TestClient();
        t.Handler.Always(HttpStatusCode.BadGateway, NginxBadGateway, "text/html");

        // When starting with a long budget
        var error = await Assert.ThrowsAsync<DominoRunMayHaveStartedException>(() =>
            t.Drive(t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], MaxOutage = TimeSpan.FromHours(1) })));

        // Then it was sent once, and the error says the run may have started rather than that none was
        Assert.Single(t.Handler.Requests);
        Assert.Contains("may have started", error.Message, StringComparison.Ordinal);
        Assert.Empty(At(t, DominoLogLevel.Warning));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task StartRun_refuses_a_MaxOutage_that_is_not_positive_before_sending_anything(int seconds)
    {
        // Given a start whose budget is not positive
        using var t = new TestClient();
        var request = new DominoStartRunRequest { Command = ["main.py"], MaxOutage = TimeSpan.FromSeconds(seconds) };

        // When starting
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => t.Project.StartRunAsync(request));

        // Then nothing is sent, and the message says what a good value is
        Assert.Empty(t.Handler.Requests);
        Assert.Contains("MaxOutage", error.Message, StringComparison.Ordinal);
        Assert.Contains("for example 5 minutes", error.Message, StringComparison.Ordinal);
    }
}
