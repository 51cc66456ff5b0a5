using System.Diagnostics;

namespace Domino.Client.Tests.Hostile;

/// <summary>Waiting on a raw server that stalls, flips statuses or sends odd timestamps.</summary>
public class HostileWaitTests
{
    private static DominoWaitOptions Fast(TimeSpan? timeout = null) => new()
    {
        InitialPollInterval = TimeSpan.FromMilliseconds(20),
        MaxPollInterval = TimeSpan.FromMilliseconds(50),
        Timeout = timeout ?? TimeSpan.FromSeconds(20),
        StopRequestTimeout = TimeSpan.FromMilliseconds(300),
    };

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_server_that_accepts_and_stalls_times_out_per_attempt_then_is_a_connection_error()
    {
        await using var server = new RawServer((_, c) => c.StallAsync());
        using var client = Hostile.Client(server, configure: o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));

        var error = Hostile.AssertUsable<DominoConnectionException>(await Hostile.Catch(() => Hostile.Project(client).GetRunAsync(Hostile.RunId)));

        Assert.Contains("timed out after 3 attempts", error.Message);
        Assert.Equal(3, server.Accepted);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_server_that_stalls_mid_body_times_out_per_attempt()
    {
        await using var server = new RawServer(async (_, c) =>
        {
            await c.WriteHeadAsync(200, "OK", "Content-Type: application/json", "Content-Length: 500");
            await c.WriteBodyAsync("{\"id\": "u8.ToArray());
            await c.StallAsync();
        });
        using var client = Hostile.Client(server, configure: o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));

        var error = Hostile.AssertUsable<DominoConnectionException>(await Hostile.Catch(() => Hostile.Project(client).GetRunAsync(Hostile.RunId)));

        Assert.Contains("timed out", error.Message);
        Assert.Equal(3, server.Accepted);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task The_wait_deadline_holds_against_a_server_that_stalls()
    {
        await using var server = new RawServer((_, c) => c.StallAsync());
        using var client = Hostile.Client(server, configure: o => o.RequestTimeout = TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();

        var error = Hostile.AssertUsable<DominoWaitTimeoutException>(
            await Hostile.Catch(() => Hostile.Project(client).WaitForRunAsync(Hostile.RunId, Fast(TimeSpan.FromSeconds(1)))));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Contains("did not finish within 1 s", error.Message);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_caller_cancel_against_a_stalled_server_ends_the_wait_promptly()
    {
        await using var server = new RawServer((_, c) => c.StallAsync());
        using var client = Hostile.Client(server, configure: o => o.RequestTimeout = TimeSpan.FromSeconds(60));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        Hostile.AssertUsable<OperationCanceledException>(
            await Hostile.Catch(() => Hostile.Project(client).WaitForRunAsync(Hostile.RunId, Fast(), cancel.Token)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_status_flipping_to_an_unknown_value_is_reported_once_and_the_wait_goes_on()
    {
        string[] statuses = ["Running", "Hibernating", "Running", "Hibernating", "Running", "Succeeded"];
        var polls = 0;
        await using var server = new RawServer((r, c) =>
        {
            if (r.Path.Contains("/v4/jobs/", StringComparison.Ordinal))
            {
                return c.RespondAsync(404, "{\"message\": \"no such endpoint\"}");
            }

            if (r.Path.EndsWith("/stdout", StringComparison.Ordinal))
            {
                return c.RespondAsync(200, "{\"setup\": \"\", \"stdout\": \"\"}");
            }

            var i = Math.Min(Interlocked.Increment(ref polls) - 1, statuses.Length - 1);
            return c.RespondAsync(200, Hostile.Run(statuses[i], statuses[i] == "Succeeded" ? Hostile.CommitId : null));
        });
        var logger = new CapturingLogger();
        using var client = Hostile.Client(server, logger);

        var run = await Hostile.Project(client).WaitForRunAsync(Hostile.RunId, Fast()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("Succeeded", run.Status);
        Assert.Single(logger.Lines, l => l.Level == DominoLogLevel.Warning && l.Message.Contains("unknown status Hibernating", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Timestamps_as_strings_dates_or_huge_numbers_are_read_or_dropped_never_fatal()
    {
        const string Body = """
            {"id": "553af271e4b0364c0f717b24", "status": "Succeeded", "outputCommitId": "ce42f26a45d842e636102474eb227262714a4536",
             "queued": "1428391011742", "started": "2015-04-07T07:16:55Z", "completed": 1e300,
             "postProcessedTimestamp": 99999999999999999999999999, "isCompleted": true}
            """;
        await using var server = new RawServer((_, c) => c.RespondAsync(200, Body));
        using var client = Hostile.Client(server);

        var run = await Hostile.Project(client).GetRunAsync(Hostile.RunId).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1428391011742), run.Queued);
        Assert.Equal(new DateTimeOffset(2015, 4, 7, 7, 16, 55, TimeSpan.Zero), run.Started);
        Assert.Null(run.Completed);
        Assert.Null(run.PostProcessed);
        Assert.Null(run.Duration);
    }

    [Fact]
    public async Task A_status_that_echoes_the_key_is_scrubbed_from_logs_and_the_failure()
    {
        await using var server = new RawServer((r, c) => r.Path.Contains("/v4/jobs/", StringComparison.Ordinal)
            ? c.RespondAsync(404, "{}")
            : r.Path.EndsWith("/stdout", StringComparison.Ordinal)
                ? c.RespondAsync(200, "{\"stdout\": \"\"}")
                : c.RespondAsync(200, Hostile.Run("Failed").Replace("\"title\": \"t\"", $"\"title\": \"{Hostile.ApiKey}\"", StringComparison.Ordinal)
                    .Replace("\"status\": \"Failed\"", $"\"status\": \"{Hostile.ApiKey}\", \"isCompleted\": true", StringComparison.Ordinal)));
        var logger = new CapturingLogger();
        using var client = Hostile.Client(server, logger);

        var error = Hostile.AssertUsable<DominoRunFailedException>(await Hostile.Catch(() => Hostile.Project(client).WaitForRunAsync(Hostile.RunId, Fast())));

        Assert.Equal("***", error.Run.Status);
        Hostile.AssertNoKeyIn(logger);
    }

    [Theory]
    [InlineData(405, "{\"message\": \"Method not allowed\"}", "application/json")]
    [InlineData(501, "{\"message\": \"Not implemented\"}", "application/json")]
    [InlineData(200, "<html><body>Sign in</body></html>", "text/html")]
    public async Task A_v4_log_endpoint_refused_otherwise_than_404_falls_back_to_v1_output(int status, string body, string contentType)
    {
        var polls = 0;
        await using var server = new RawServer((r, c) =>
        {
            if (r.Path.Contains("/v4/jobs/", StringComparison.Ordinal))
            {
                return c.RespondAsync(status, body, contentType);
            }

            if (r.Path.EndsWith("/stdout", StringComparison.Ordinal))
            {
                return c.RespondAsync(200, "{\"setup\": \"\", \"stdout\": \"<pre>one\\ntwo &amp; three\\n</pre>\"}");
            }

            return c.RespondAsync(200, Interlocked.Increment(ref polls) < 3 ? Hostile.Run("Running") : Hostile.Run("Succeeded", Hostile.CommitId));
        });
        var logger = new CapturingLogger();
        using var client = Hostile.Client(server, logger, o => o.Retry.MaxRetries = 0);

        await Hostile.Project(client).WaitForRunAsync(Hostile.RunId, Fast()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["one", "two & three"], logger.Lines.Where(l => l.Level == DominoLogLevel.RunOutput).Select(l => l.Message));
        Assert.Equal(1, server.CountPath("/logsWithProblemSuggestions"));
    }
}
