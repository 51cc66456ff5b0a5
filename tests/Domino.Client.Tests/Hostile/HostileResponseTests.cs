using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Domino.Client.Tests.Hostile;

/// <summary>The core against a raw server that answers anything: huge, endless, malformed, lying or echoing answers.</summary>
public class HostileResponseTests
{
    private static readonly byte[] HtmlChunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<p>Internal error, please retry later.</p>\n", 1500)));

    [Fact]
    public async Task A_50_MB_error_page_is_read_only_as_a_bounded_prefix()
    {
        const long Size = 50L * 1024 * 1024;
        var sent = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new RawServer(async (_, c) =>
        {
            try
            {
                await c.WriteHeadAsync(500, "Internal Server Error", "Content-Type: text/html", $"Content-Length: {Size}");
                await c.WriteRepeatedAsync(HtmlChunk, Size);
            }
            finally
            {
                sent.TrySetResult(c.BodyBytesWritten);
            }
        });
        using var client = Hostile.Client(server, configure: o => o.Retry.MaxRetries = 0);

        var error = Hostile.AssertUsable<DominoServerException>(await Hostile.Catch(() => Hostile.Project(client).GetRunAsync(Hostile.RunId)));

        Assert.Contains("Internal error, please retry later.", error.Message);
        Assert.True(error.Message.Length < 1000, error.Message);
        var written = await sent.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(written < 16L * 1024 * 1024, $"the client read {written} bytes of a 50 MB error page");
    }

    [Fact]
    public async Task A_50_MB_error_page_for_a_blob_is_read_only_as_a_bounded_prefix()
    {
        const long Size = 50L * 1024 * 1024;
        var sent = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new RawServer(async (_, c) =>
        {
            try
            {
                await c.WriteHeadAsync(404, "Not Found", "Content-Type: text/html", $"Content-Length: {Size}");
                await c.WriteRepeatedAsync(HtmlChunk, Size);
            }
            finally
            {
                sent.TrySetResult(c.BodyBytesWritten);
            }
        });
        using var client = Hostile.Client(server);

        Hostile.AssertUsable<DominoNotFoundException>(await Hostile.Catch(() => Hostile.Project(client).OpenBlobAsync(Hostile.Key("x"))));

        var written = await sent.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(written < 16L * 1024 * 1024, $"the client read {written} bytes of a 50 MB error page");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_huge_or_endless_success_body_is_refused_at_the_limit_and_not_retried(bool announceLength)
    {
        var sent = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new RawServer(async (_, c) =>
        {
            try
            {
                // Without a length the body runs until the connection closes: endless.
                await c.WriteHeadAsync(200, "OK", announceLength ? ["Content-Type: application/json", "Content-Length: 1000000000"] : ["Content-Type: application/json"]);
                await c.WriteBodyAsync("{\"data\": ["u8.ToArray());
                await c.WriteRepeatedAsync(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"path\": \"a\", \"size\": 1, \"key\": \"k\"},", 1000))), long.MaxValue);
            }
            finally
            {
                sent.TrySetResult(c.BodyBytesWritten);
            }
        });
        using var client = Hostile.Client(server, configure: o => o.MaxResponseBodyBytes = 1024 * 1024);

        var error = Hostile.AssertUsable<DominoResponseFormatException>(await Hostile.Catch(() => Hostile.Project(client).ListFilesAsync(Hostile.CommitId)));

        Assert.Contains("larger than 1.0 MB", error.Message);
        Assert.Contains($"GET /v1/projects/alice/demo/files/{Hostile.CommitId}/", error.Message);
        Assert.Single(server.Requests);
        var written = await sent.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(written < 32L * 1024 * 1024, $"the server could send {written} bytes");
    }

    /// <summary>A listing of <paramref name="count"/> files whose JSON is exactly <paramref name="bytes"/> long (padded with spaces).</summary>
    private static byte[] Listing(int count, int bytes)
    {
        var json = new StringBuilder("{\"data\": [");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append($"{{\"path\": \"results/f{i:D5}.csv\", \"size\": {i}, \"key\": \"{i:x40}\"}}");
        }

        json.Append("]}");
        Assert.True(json.Length <= bytes, $"{count} files take {json.Length} bytes");
        return Encoding.ASCII.GetBytes(json.ToString().PadRight(bytes));
    }

    // The retry stage reads a body into one buffer, sized from Content-Length or grown as the body comes (from 16 KiB):
    // every byte must land once and in order, whatever the size, and the limit holds to the byte.
    [Theory]
    [InlineData(true, 10)]
    [InlineData(false, 10)]
    [InlineData(true, 3000)]
    [InlineData(false, 3000)]
    public async Task A_listing_is_read_whole_whether_its_length_is_announced_or_not(bool announceLength, int count)
    {
        var body = Listing(count, count * 100 + 20);
        await using var server = new RawServer(async (_, c) =>
        {
            await c.WriteHeadAsync(200, "OK", announceLength ? ["Content-Type: application/json", $"Content-Length: {body.Length}"] : ["Content-Type: application/json"]);

            // In pieces of odd sizes, so reads end anywhere.
            for (var offset = 0; offset < body.Length; offset += 7919)
            {
                await c.WriteBodyAsync(body.AsMemory(offset, Math.Min(7919, body.Length - offset)));
            }
        });
        using var client = Hostile.Client(server);

        var files = await Hostile.Project(client).ListFilesAsync(Hostile.CommitId);

        Assert.Equal(count, files.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"results/f{i:D5}.csv"), files.Select(f => f.Path));
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"{i:x40}"), files.Select(f => f.Key));
        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), files.Select(f => f.Size));
    }

    [Theory]
    [InlineData(true, 0, true)]
    [InlineData(false, 0, true)]
    [InlineData(true, 1, false)]
    [InlineData(false, 1, false)]
    public async Task A_success_body_of_exactly_the_limit_is_read_and_one_byte_more_is_refused(bool announceLength, int overLimit, bool accepted)
    {
        const int Limit = 64 * 1024;
        var body = Listing(100, Limit + overLimit);
        await using var server = new RawServer(async (_, c) =>
        {
            await c.WriteHeadAsync(200, "OK", announceLength ? ["Content-Type: application/json", $"Content-Length: {body.Length}"] : ["Content-Type: application/json"]);
            await c.WriteBodyAsync(body);
        });
        using var client = Hostile.Client(server, configure: o => o.MaxResponseBodyBytes = Limit);

        var call = () => Hostile.Project(client).ListFilesAsync(Hostile.CommitId);

        if (accepted)
        {
            Assert.Equal(100, (await call()).Count);
        }
        else
        {
            var error = Hostile.AssertUsable<DominoResponseFormatException>(await Hostile.Catch(call));
            Assert.Contains("larger than 64.0 KB", error.Message);
        }
    }

    [Fact]
    public async Task A_body_cut_short_of_its_announced_length_is_retried_then_fails_as_a_cut_connection()
    {
        // 200 MB announced (under the 256 MiB limit), 100 bytes sent, then the connection closes.
        await using var server = new RawServer(async (_, c) =>
        {
            await c.WriteHeadAsync(200, "OK", "Content-Type: application/json", "Content-Length: 200000000");
            await c.WriteBodyAsync(new byte[100]);
        });
        using var client = Hostile.Client(server, configure: o => o.Retry.MaxRetries = 1);

        Hostile.AssertUsable<DominoConnectionException>(await Hostile.Catch(() => Hostile.Project(client).ListFilesAsync(Hostile.CommitId)));

        Assert.Equal(2, server.Requests.Count);
    }

    public static TheoryData<string> MalformedBodies() =>
    [
        "not json at all",
        "{",
        "",
        "null",
        "[1, 2, 3]",
        "\"just a string\"",
        "true",
        "{\"data\": 5}",
        "{\"data\": {\"a\": 1}}",
        "{\"data\": [null, 5, \"x\"]}",
        "{\"data\": [{\"path\": null, \"size\": null, \"key\": null}]}",
        "{\"data\": [{\"path\": \"a.txt\", \"size\": \"big\", \"key\": []}]}",
        "{\"id\": null, \"status\": null, \"number\": null, \"queued\": null}",
        "{\"id\": 5, \"status\": {\"x\": [1]}, \"number\": \"many\"}",
        "{\"id\": \"553af271e4b0364c0f717b24\", \"isCompleted\": \"yes\", \"number\": 1e400}",
        "{\"runId\": 12, \"message\": []}",
        "{\"runId\": \"../../../etc\", \"message\": \"ok\"}",
        "{\"logset\": {\"logContent\": 7, \"isComplete\": \"no\"}}",
        "{\"logset\": {\"logContent\": [{\"timestamp\": \"abc\", \"log\": {}}]}}",
        "{\"setup\": \"\\ud800\", \"stdout\": \"\\udfff x\"}",
        "{\"stdout\": 12345, \"setup\": [\"a\"]}",
        "{\"id\": \"\\u0000\\ud800\", \"version\": {}}",
        new string('[', 5000) + new string(']', 5000),
        "{\"data\": " + new string('[', 100) + new string(']', 100) + "}",
        "<html><body><form action=\"/login\">Sign in</form></body></html>",
    ];

    /// <summary>Every endpoint against every malformed body: a result, or a DominoException with a message; never a raw .NET exception.</summary>
    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_success_bodies_give_a_DominoException_on_every_endpoint(string body)
    {
        await using var server = new RawServer((request, c) => c.RespondAsync(request.Method == "PUT" ? 201 : 200, body));
        var logger = new CapturingLogger();
        using var client = Hostile.Client(server, logger, o => o.Retry.MaxRetries = 0);
        var project = Hostile.Project(client);

        Func<Task>[] calls =
        [
            () => project.GetRunAsync(Hostile.RunId),
            () => project.ListRunsAsync(),
            () => project.GetRunOutputAsync(Hostile.RunId),
            () => project.GetRunLogsAsync(Hostile.RunId),
            () => project.ListFilesAsync(Hostile.CommitId),
            () => project.ListCommitsAsync(),
            () => project.GetProjectIdAsync(),
            () => project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] }),
            () => project.UploadFileAsync("a.txt", new MemoryStream([1, 2, 3])),
            () => client.GetVersionAsync(),
        ];
        foreach (var call in calls)
        {
            var error = await Hostile.Catch(call);
            if (error is not null)
            {
                Hostile.AssertUsable<DominoRequestException>(error);
            }
        }

        Hostile.AssertNoKeyIn(logger);
    }

    [Theory]
    [InlineData("{\"data\": 5}")]
    [InlineData("{\"data\": [{\"path\": \"a.txt\", \"size\": null, \"key\": \"k\"}]}")]
    [InlineData("[1, 2]")]
    [InlineData("{")]
    public async Task A_listing_of_the_wrong_shape_is_a_format_error_that_names_the_request(string body)
    {
        await using var server = new RawServer((_, c) => c.RespondAsync(200, body));
        using var client = Hostile.Client(server);

        var error = Hostile.AssertUsable<DominoResponseFormatException>(await Hostile.Catch(() => Hostile.Project(client).ListFilesAsync(Hostile.CommitId)));

        Assert.StartsWith($"GET /v1/projects/alice/demo/files/{Hostile.CommitId}/ returned 200 but its body could not be read", error.Message);
    }

    [Fact]
    public async Task A_start_answer_with_an_invalid_run_id_may_have_started()
    {
        await using var server = new RawServer((_, c) => c.RespondAsync(200, "{\"runId\": \"../../x\", \"message\": \"started\"}"));
        using var client = Hostile.Client(server);

        var error = Hostile.AssertUsable<DominoRunMayHaveStartedException>(
            await Hostile.Catch(() => Hostile.Project(client).StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] })));

        Assert.Contains("is not a run id", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_proxy_login_page_with_status_200_says_HTML_instead_of_JSON()
    {
        await using var server = new RawServer((_, c) => c.RespondAsync(200, "<!DOCTYPE html><html><head><title>Sign in</title></head><body>Login</body></html>", "text/html"));
        using var client = Hostile.Client(server);

        var error = Hostile.AssertUsable<DominoResponseFormatException>(await Hostile.Catch(() => Hostile.Project(client).GetRunAsync(Hostile.RunId)));

        Assert.Contains("HTML instead of JSON", error.Message);
        Assert.Contains("check the host", error.Message);
    }

    [Theory]
    [InlineData("Retry-After: 315360000")]
    [InlineData("Retry-After: Fri, 31 Dec 9999 23:59:59 GMT")]
    [InlineData("Retry-After: -5")]
    [InlineData("Retry-After: soon")]
    [InlineData("Retry-After: 99999999999999999999999")]
    public async Task An_absurd_Retry_After_is_capped(string retryAfter)
    {
        var calls = 0;
        await using var server = new RawServer((_, c) => Interlocked.Increment(ref calls) == 1
            ? c.RespondAsync(503, "{\"message\": \"busy\"}", "application/json", retryAfter)
            : c.RespondAsync(200, "{\"version\": \"5.11.0\"}"));
        var logger = new CapturingLogger();
        using var client = Hostile.Client(server, logger);
        var clock = Stopwatch.StartNew();

        var version = await client.GetVersionAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("5.11.0", version.Version);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var retry = Assert.Single(logger.Lines, l => l.Message.StartsWith("Retrying GET /version", StringComparison.Ordinal));
        Assert.Matches(@" in \d+ ms ", retry.Message);
    }

    [Fact]
    public async Task A_redirect_loop_ends_after_a_bounded_number_of_hops()
    {
        await using var server = new RawServer((r, c) => c.RespondAsync(302, "", "text/plain", $"Location: {r.Path}"));
        using var client = Hostile.Client(server);

        var error = Hostile.AssertUsable<DominoRequestException>(await Hostile.Catch(() => Hostile.Project(client).GetRunAsync(Hostile.RunId)));

        Assert.Contains("more than 5 redirects", error.Message);
        Assert.Equal(6, server.Requests.Count);
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed_and_the_other_host_gets_no_key()
    {
        await using var other = new RawServer((_, c) => c.RespondAsync(200, Hostile.Run("Running")));
        var target = new Uri(other.BaseAddress, "steal?x=1");
        await using var server = new RawServer((r, c) => r.Path.EndsWith("/same", StringComparison.Ordinal)
            ? c.RespondAsync(307, "", "text/plain", $"Location: {target}")
            : c.RespondAsync(307, "", "text/plain", "Location: /same"));
        using var client = Hostile.Client(server);

        var error = Hostile.AssertUsable<DominoRequestException>(await Hostile.Catch(() => Hostile.Project(client).GetRunAsync(Hostile.RunId)));

        Assert.Contains("redirected to another host", error.Message);
        Assert.Contains(other.BaseAddress.GetLeftPart(UriPartial.Authority), error.Message);
        Assert.DoesNotContain("steal", error.Message);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal(Hostile.ApiKey, r.Headers["X-Domino-Api-Key"]));
        Assert.Empty(other.Requests);
        Assert.DoesNotContain(other.Requests, r => r.RawHead.Contains(Hostile.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_key_echoed_in_an_error_body_or_reason_phrase_is_scrubbed_from_messages_and_logs()
    {
        await using var server = new RawServer(async (_, c) =>
        {
            var body = Encoding.UTF8.GetBytes($"{{\"message\": \"Key {Hostile.ApiKey} is not valid\", \"errors\": [\"{Hostile.ApiKey}\"]}}");
            await c.WriteHeadAsync(500, $"Bad {Hostile.ApiKey}", "Content-Type: application/json", $"Content-Length: {body.Length}");
            await c.WriteBodyAsync(body);
        });
        var logger = new CapturingLogger();
        using var client = Hostile.Client(server, logger, o => o.Retry.MaxRetries = 1);

        var error = Hostile.AssertUsable<DominoServerException>(await Hostile.Catch(() => Hostile.Project(client).GetRunAsync(Hostile.RunId)));

        Assert.Contains("Key *** is not valid", error.Message);
        Assert.Contains("Bad ***", error.Message);
        Assert.DoesNotContain(Hostile.ApiKey, error.ServerMessage!, StringComparison.Ordinal);
        Assert.Contains(logger.Lines, l => l.Message.Contains("500 Bad ***", StringComparison.Ordinal));
        Hostile.AssertNoKeyIn(logger);
    }

    [Fact]
    public async Task The_key_echoed_in_an_HTML_error_page_is_scrubbed()
    {
        await using var server = new RawServer((_, c) => c.RespondAsync(403, $"<html><body><h1>Forbidden</h1><p>key={Hostile.ApiKey}</p></body></html>", "text/html"));
        using var client = Hostile.Client(server);

        var error = Hostile.AssertUsable<DominoUnauthorizedException>(await Hostile.Catch(() => Hostile.Project(client).ListRunsAsync()));

        Assert.Contains("Forbidden (key=***)", error.Message);
    }

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData("<!--")]
    [InlineData("<script>")]
    [InlineData("<style a")]
    public async Task A_pathological_HTML_error_page_is_reduced_to_text_quickly(string unit)
    {
        var page = "<html>" + string.Concat(Enumerable.Repeat(unit, 200_000 / unit.Length));
        await using var server = new RawServer((_, c) => c.RespondAsync(502, page, "text/html"));
        using var client = Hostile.Client(server, configure: o => o.Retry.MaxRetries = 0);
        var clock = Stopwatch.StartNew();

        Hostile.AssertUsable<DominoServerException>(await Hostile.Catch(() => Hostile.Project(client).ListRunsAsync()));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"reducing the error page took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n{}")]
    [InlineData("HTTP/1.1 999 Whatever\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n")]
    [InlineData("SSH-2.0-OpenSSH_9.6\r\n")]
    [InlineData("\r\n\r\n\r\n")]
    public async Task A_garbled_HTTP_answer_is_retried_then_a_DominoException(string raw)
    {
        await using var server = new RawServer((_, c) => c.WriteBodyAsync(System.Text.Encoding.ASCII.GetBytes(raw)));
        using var client = Hostile.Client(server);

        Hostile.AssertUsable<DominoRequestException>(await Hostile.Catch(() => Hostile.Project(client).GetRunAsync(Hostile.RunId)));
    }

    [Fact]
    public async Task A_redirected_upload_of_a_stream_that_cannot_be_resent_is_a_DominoException()
    {
        await using var server = new RawServer((r, c) => r.Path.EndsWith("/moved.txt", StringComparison.Ordinal)
            ? c.RespondAsync(201, "{\"path\": \"moved.txt\", \"size\": 3, \"key\": \"k\"}")
            : c.RespondAsync(307, "", "text/plain", "Location: /v1/projects/alice/demo/moved.txt"));
        using var client = Hostile.Client(server);
        using var once = new NonSeekableStream(new byte[] { 1, 2, 3 });

        Hostile.AssertUsable<DominoRequestException>(await Hostile.Catch(() => Hostile.Project(client).UploadFileAsync("a.txt", once)));
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_blob_error_whose_body_stalls_still_ends_with_the_status()
    {
        await using var server = new RawServer(async (_, c) =>
        {
            await c.WriteHeadAsync(503, "Service Unavailable", "Content-Type: text/html", "Content-Length: 5000");
            await c.WriteBodyAsync("<html><body>Down for maintenance"u8.ToArray());
            await c.StallAsync();
        });
        using var client = Hostile.Client(server, configure: o =>
        {
            o.Retry.MaxRetries = 0;
            o.RequestTimeout = TimeSpan.FromMilliseconds(500);
        });

        var error = Hostile.AssertUsable<DominoServerException>(
            await Hostile.Catch(() => Hostile.Project(client).OpenBlobAsync(Hostile.Key("x")), TimeSpan.FromSeconds(15)));

        Assert.Equal(503, error.StatusCode);
        Assert.Contains("Down for maintenance", error.Message);
    }
}
