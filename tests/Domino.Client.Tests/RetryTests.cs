using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Domino.Client.Tests;

/// <summary>Retries run on a fake clock: delays are asserted from the times the fake transport saw each attempt.</summary>
public class RetryTests
{
    private static readonly DominoStartRunRequest Start = new() { Command = ["main.py"] };

    private static TimeSpan[] Gaps(TestClient t) =>
        t.Handler.Requests.Zip(t.Handler.Requests.Skip(1), (a, b) => b.At - a.At).ToArray();

    private static HttpRequestException Refused() =>
        new(HttpRequestError.ConnectionError, "Connection refused (domino.example.com:443)", new SocketException((int)SocketError.ConnectionRefused));

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task GetRun_is_retried_after_a_transient_status(int status)
    {
        using var t = new TestClient();
        t.Handler.Respond((HttpStatusCode)status, "<html>busy</html>", "text/html").RespondJson(Samples.Run);

        var run = await t.Drive(t.Project.GetRunAsync(TestClient.RunId));

        Assert.Equal("55238463e4b00c05a648f815", run.Id);
        Assert.Equal(2, t.Handler.Requests.Count);
        Assert.Equal(t.Handler.Requests[0].Uri, t.Handler.Requests[1].Uri);
        Assert.Equal(TestClient.ApiKey, t.Handler.Requests[1].Header("X-Domino-Api-Key"));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    public async Task GetRun_is_not_retried_after_a_client_error(int status)
    {
        using var t = new TestClient();
        t.Handler.Always((HttpStatusCode)status);

        await Assert.ThrowsAnyAsync<DominoRequestException>(() => t.Drive(t.Project.GetRunAsync(TestClient.RunId)));

        Assert.Single(t.Handler.Requests);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task A_retried_status_is_reported_as_pushback_to_the_operation_that_observes_it(int status)
    {
        // Given an operation observing pushback (as a download does, to take fewer files at once)
        using var t = new TestClient();
        t.Handler.Respond((HttpStatusCode)status).Respond((HttpStatusCode)status).RespondJson(Samples.Run);
        var pushbacks = 0;

        // When its request is answered twice with the status before it succeeds
        using (Http.ServerPushback.Observe(() => pushbacks++))
        {
            await t.Drive(t.Project.GetRunAsync(TestClient.RunId));
        }

        // Then each retried answer was reported, and nothing is reported outside the observed flow
        Assert.Equal(2, pushbacks);
        t.Handler.Respond((HttpStatusCode)status).RespondJson(Samples.Run);
        await t.Drive(t.Project.GetRunAsync(TestClient.RunId));
        Assert.Equal(2, pushbacks);
    }

    [Fact]
    public async Task A_client_error_is_not_reported_as_pushback()
    {
        using var t = new TestClient();
        t.Handler.Always(HttpStatusCode.NotFound);
        var pushbacks = 0;

        using (Http.ServerPushback.Observe(() => pushbacks++))
        {
            await Assert.ThrowsAnyAsync<DominoRequestException>(() => t.Drive(t.Project.GetRunAsync(TestClient.RunId)));
        }

        Assert.Equal(0, pushbacks);
    }

    [Fact]
    public async Task Retries_stop_after_MaxRetries_and_the_error_says_how_many_attempts()
    {
        using var t = new TestClient(o => o.Retry.MaxRetries = 3);
        t.Handler.Always(HttpStatusCode.ServiceUnavailable, """{"message":"down for maintenance"}""");

        var error = await Assert.ThrowsAsync<DominoServerException>(() => t.Drive(t.Project.ListRunsAsync()));

        Assert.Equal(4, t.Handler.Requests.Count);
        Assert.Equal("GET /v1/projects/alice/churn-model/runs failed with 503 Service Unavailable after 4 attempts: down for maintenance", error.Message);
    }

    [Fact]
    public async Task Backoff_is_exponential_with_full_jitter_up_to_MaxDelay()
    {
        using var t = new TestClient(o =>
        {
            o.Random = new FixedRandom(0.5);
            o.Retry.MaxRetries = 4;
            o.Retry.BaseDelay = TimeSpan.FromSeconds(1);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(3);
        });
        t.Handler.Always(HttpStatusCode.BadGateway);

        await Assert.ThrowsAsync<DominoServerException>(() => t.Drive(t.Project.ListRunsAsync()));

        // 0.5 * min(3, 1 * 2^n) for n = 0..3
        Assert.Equal([0.5, 1, 1.5, 1.5], Gaps(t).Select(g => g.TotalSeconds));
    }

    [Fact]
    public async Task Jitter_spreads_the_delay_over_the_whole_interval()
    {
        using var t = new TestClient(o => o.Random = new FixedRandom(0.1));
        t.Handler.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.ServiceUnavailable).RespondJson("[]");

        await t.Drive(t.Project.ListRunsAsync());

        Assert.Equal([0.1, 0.2], Gaps(t).Select(g => Math.Round(g.TotalSeconds, 2)));
    }

    [Fact]
    public async Task Retry_After_in_seconds_is_honoured()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.TooManyRequests, configure: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)))
            .RespondJson("[]");

        await t.Drive(t.Project.ListRunsAsync());

        Assert.Equal([TimeSpan.FromSeconds(7)], Gaps(t));
    }

    [Fact]
    public async Task Retry_After_as_a_date_is_honoured()
    {
        using var t = new TestClient();
        var at = t.Time.GetUtcNow().AddSeconds(12);
        t.Handler
            .Respond(HttpStatusCode.ServiceUnavailable, configure: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(at))
            .RespondJson("[]");

        await t.Drive(t.Project.ListRunsAsync());

        Assert.Equal([TimeSpan.FromSeconds(12)], Gaps(t));
    }

    [Fact]
    public async Task Retry_After_is_capped_by_MaxRetryAfter()
    {
        using var t = new TestClient(o => o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(20));
        t.Handler
            .Respond(HttpStatusCode.ServiceUnavailable, configure: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromHours(1)))
            .RespondJson("[]");

        await t.Drive(t.Project.ListRunsAsync(), TimeSpan.FromMilliseconds(100));

        Assert.Equal([TimeSpan.FromSeconds(20)], Gaps(t));
    }

    [Fact]
    public async Task Retries_stop_when_the_next_delay_would_pass_MaxTotalRetryTime()
    {
        using var t = new TestClient(o =>
        {
            o.Retry.MaxRetries = 10;
            o.Retry.MaxTotalRetryTime = TimeSpan.FromSeconds(10);
        });
        t.Handler.Always(HttpStatusCode.ServiceUnavailable, configure: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(4)));

        await Assert.ThrowsAsync<DominoServerException>(() => t.Drive(t.Project.ListRunsAsync()));

        // Attempts at 0, 4 and 8 s; a fourth at 12 s would pass the 10 s budget.
        Assert.Equal(3, t.Handler.Requests.Count);
    }

    [Fact]
    public async Task Connection_failures_of_a_GET_are_retried()
    {
        using var t = new TestClient();
        t.Handler
            .Throw(Refused())
            .Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.", new IOException("reset")))
            .Throw(new IOException("Unable to read data from the transport connection"))
            .RespondJson(Samples.Run);

        var run = await t.Drive(t.Project.GetRunAsync(TestClient.RunId));

        Assert.Equal("55238463e4b00c05a648f815", run.Id);
        Assert.Equal(4, t.Handler.Requests.Count);
    }

    [Fact]
    public async Task A_body_cut_short_counts_as_a_failed_attempt()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.OK, configure: r => r.Content = new StreamContent(new FailingStream()))
            .RespondJson(Samples.Run);

        await t.Drive(t.Project.GetRunAsync(TestClient.RunId));

        Assert.Equal(2, t.Handler.Requests.Count);
    }

    [Fact]
    public async Task Connection_failures_that_outlast_the_retries_become_a_connection_error()
    {
        using var t = new TestClient(o => o.Retry.MaxRetries = 2);
        t.Handler.AlwaysThrow(Refused);

        var error = await Assert.ThrowsAsync<DominoConnectionException>(() => t.Drive(t.Project.ListRunsAsync()));

        Assert.Equal(3, t.Handler.Requests.Count);
        Assert.Contains("could not reach the server after 3 attempts", error.Message);
    }

    [Fact]
    public async Task An_attempt_that_times_out_is_retried_after_RequestTimeout()
    {
        using var t = new TestClient(o => o.RequestTimeout = TimeSpan.FromSeconds(30));
        t.Handler.Hang().RespondJson(Samples.Run);

        var run = await t.Drive(t.Project.GetRunAsync(TestClient.RunId), TimeSpan.FromMilliseconds(100));

        Assert.Equal("55238463e4b00c05a648f815", run.Id);
        Assert.Equal(2, t.Handler.Requests.Count);
        Assert.Equal(30.5, Gaps(t).Single().TotalSeconds, precision: 1);
    }

    [Fact]
    public async Task Attempts_that_keep_timing_out_become_a_connection_error()
    {
        using var t = new TestClient(o =>
        {
            o.RequestTimeout = TimeSpan.FromSeconds(5);
            o.Retry.MaxRetries = 1;
        });
        t.Handler.AlwaysHang();

        var error = await Assert.ThrowsAsync<DominoConnectionException>(() => t.Drive(t.Project.ListRunsAsync(), TimeSpan.FromMilliseconds(100)));

        Assert.Equal(2, t.Handler.Requests.Count);
        Assert.Contains("timed out after 2 attempts", error.Message);
        Assert.IsType<TimeoutException>(error.InnerException);
    }

    [Fact]
    public async Task A_caller_cancel_is_a_cancellation_not_a_timeout_and_is_not_retried()
    {
        using var t = new TestClient();
        t.Handler.AlwaysHang();
        using var cancel = new CancellationTokenSource();

        var call = t.Project.GetRunAsync(TestClient.RunId, cancel.Token);
        cancel.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Single(t.Handler.Requests);
    }

    [Fact]
    public async Task A_caller_cancel_during_a_retry_delay_stops_the_retries()
    {
        using var t = new TestClient();
        t.Handler.Always(HttpStatusCode.ServiceUnavailable, configure: r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource();

        var call = t.Project.ListRunsAsync(cancel.Token);
        t.Time.Advance(TimeSpan.FromSeconds(10));
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(t.Handler.Requests);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task StartRun_is_not_resent_after_a_5xx(int status)
    {
        using var t = new TestClient();
        t.Handler.Always((HttpStatusCode)status, "<html><h1>Bad Gateway</h1></html>", "text/html");

        var error = await Assert.ThrowsAsync<DominoRunMayHaveStartedException>(() => t.Drive(t.Project.StartRunAsync(Start)));

        Assert.Single(t.Handler.Requests);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains("may have started", error.Message);
        Assert.Contains("ListRuns", error.Message);
        Assert.Contains("Marker", error.Message);
    }

    [Fact]
    public async Task StartRun_is_not_resent_after_a_502()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.BadGateway).RespondJson(Samples.StartRunResponse);

        await Assert.ThrowsAsync<DominoRunMayHaveStartedException>(() => t.Drive(t.Project.StartRunAsync(Start)));

        Assert.Single(t.Handler.Requests);
    }

    [Fact]
    public async Task StartRun_is_not_resent_after_a_timeout()
    {
        using var t = new TestClient(o => o.RequestTimeout = TimeSpan.FromSeconds(10));
        t.Handler.Hang().RespondJson(Samples.StartRunResponse);

        var error = await Assert.ThrowsAsync<DominoRunMayHaveStartedException>(() => t.Drive(t.Project.StartRunAsync(Start), TimeSpan.FromMilliseconds(100)));

        Assert.Single(t.Handler.Requests);
        Assert.Null(error.StatusCode);
        Assert.IsType<TimeoutException>(error.InnerException);
    }

    [Fact]
    public async Task StartRun_is_not_resent_after_a_connection_reset_once_sent()
    {
        using var t = new TestClient();
        t.Handler
            .Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.", new IOException("Connection reset by peer")))
            .RespondJson(Samples.StartRunResponse);

        await Assert.ThrowsAsync<DominoRunMayHaveStartedException>(() => t.Drive(t.Project.StartRunAsync(Start)));

        Assert.Single(t.Handler.Requests);
    }

    [Fact]
    public async Task StartRun_is_retried_when_the_connection_was_refused_before_sending()
    {
        using var t = new TestClient();
        t.Handler
            .Throw(Refused())
            .Throw(new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known"))
            .RespondJson(Samples.StartRunResponse);

        var started = await t.Drive(t.Project.StartRunAsync(Start));

        Assert.Equal("553af271e4b0364c0f717b24", started.RunId);
        Assert.Equal(3, t.Handler.Requests.Count);
        Assert.All(t.Handler.Requests, r => Assert.Equal("""{"command":["main.py"],"isDirect":false,"publishApiEndpoint":false}""", r.Body));
    }

    [Fact]
    public async Task StartRun_refused_throughout_is_an_outage_error_saying_no_run_was_started()
    {
        using var t = new TestClient(o => o.Retry.MaxRetries = 1);
        t.Handler.AlwaysThrow(Refused);

        var error = await Assert.ThrowsAsync<DominoOutageException>(() => t.Drive(t.Project.StartRunAsync(Start with { MaxOutage = TimeSpan.FromMinutes(1) }), TimeSpan.FromMilliseconds(100)));

        // Nothing reached the server, so the start was sent again (each time with its own retry) until the budget was spent.
        Assert.IsType<DominoConnectionException>(error.LastFailure);
        Assert.Contains("so no run was started", error.Message, StringComparison.Ordinal);
        Assert.True(t.Handler.Requests.Count > 2, $"{t.Handler.Requests.Count} requests");
        Assert.All(t.Handler.Requests, r => Assert.Equal(HttpMethod.Post, r.Method));
    }

    [Fact]
    public async Task StartRun_rejected_with_a_4xx_is_not_reported_as_maybe_started()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.BadRequest, """{"message":"Unknown hardware tier 'Huge'"}""");

        var error = await Assert.ThrowsAsync<DominoBadRequestException>(() => t.Project.StartRunAsync(Start with { Tier = "Huge" }));

        Assert.Equal("Unknown hardware tier 'Huge'", error.ServerMessage);
    }

    [Fact]
    public async Task StopRun_is_retried_because_stopping_twice_is_harmless()
    {
        using var t = new TestClient();
        t.Handler
            .RespondJson($$"""{"id":"{{TestClient.ProjectId}}"}""")
            .Respond(HttpStatusCode.ServiceUnavailable)
            .RespondJson("{}");

        await t.Drive(t.Project.StopRunAsync(TestClient.RunId));

        Assert.Equal(3, t.Handler.Requests.Count);
        Assert.Equal(t.Handler.Requests[1].Body, t.Handler.Requests[2].Body);
    }

    [Fact]
    public async Task Each_request_and_retry_is_logged_at_debug_without_headers()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.ServiceUnavailable).RespondJson("[]");

        await t.Drive(t.Project.ListRunsAsync());

        var debug = t.Logger.Lines.Where(l => l.Level == DominoLogLevel.Debug).Select(l => l.Message).ToList();
        Assert.Equal(3, debug.Count);
        Assert.StartsWith("GET /v1/projects/alice/churn-model/runs -> 503 Service Unavailable", debug[0], StringComparison.Ordinal);
        Assert.Equal("Retrying GET /v1/projects/alice/churn-model/runs in 500 ms (retry 1 of 5) after 503 Service Unavailable", debug[1]);
        Assert.StartsWith("GET /v1/projects/alice/churn-model/runs -> 200 OK", debug[2], StringComparison.Ordinal);
        Assert.All(t.Logger.Lines, l => Assert.DoesNotContain(TestClient.ApiKey, l.Message));
    }

    [Fact]
    public async Task A_log_that_hides_debug_gets_no_request_lines_and_the_retry_still_happens()
    {
        using var t = new TestClient();
        t.Logger.Enabled = level => level != DominoLogLevel.Debug;
        t.Handler.Respond(HttpStatusCode.ServiceUnavailable).RespondJson("[]");

        await t.Drive(t.Project.ListRunsAsync());

        Assert.Equal(2, t.Handler.Requests.Count);
        Assert.DoesNotContain(t.Logger.Lines, l => l.Level == DominoLogLevel.Debug);
    }

    private sealed class FailingStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw Reset();

        // Fails at once (not on another thread), as a reset connection does, so the fake clock stays in step.
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(Reset());

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException<int>(Reset());

        private static IOException Reset() => new("The connection was reset while reading the body.");

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
