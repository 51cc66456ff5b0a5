using System.Net;

namespace Domino.Client.Tests;

public class RunsTests
{
    private const string RunsUri = "https://domino.example.com/v1/projects/alice/churn-model/runs";

    [Fact]
    public async Task StartRun_posts_all_six_fields_in_camelCase_and_parses_the_seed_response()
    {
        using var t = new TestClient();
        t.Handler.RespondJson(Samples.StartRunResponse);

        var started = await t.Project.StartRunAsync(new DominoStartRunRequest
        {
            Command = ["main.py", "foo", "1"],
            IsDirect = false,
            Title = "nightly",
            Tier = "Small",
            CommitId = "981c1f5915724eb8882b1dffc6e7371c31ba638b",
            PublishApiEndpoint = true,
        });

        var request = t.Handler.Only;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(RunsUri, request.Uri.AbsoluteUri);
        Assert.Equal(
            """{"command":["main.py","foo","1"],"isDirect":false,"title":"nightly","tier":"Small","commitId":"981c1f5915724eb8882b1dffc6e7371c31ba638b","publishApiEndpoint":true}""",
            request.Body);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal(TestClient.ApiKey, request.Header("X-Domino-Api-Key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Matches(@"^Domino\.Client/\d+\.\d+\.\d+[^+\s]*$", request.Header("User-Agent"));

        Assert.Equal("553af271e4b0364c0f717b24", started.RunId);
        Assert.StartsWith("Run for project <username>/<project_name> started.", started.Message, StringComparison.Ordinal);
        Assert.Equal("https://domino.example.com/alice/churn-model#r/553af271e4b0364c0f717b24", started.RunUrl.AbsoluteUri);
        Assert.False(started.Reattached);
        Assert.Contains(t.Logger.Lines, l => l.Level == DominoLogLevel.Information && l.Message.Contains("553af271e4b0364c0f717b24"));
    }

    [Fact]
    public async Task StartRun_omits_unset_optional_fields_but_always_sends_isDirect_and_publishApiEndpoint()
    {
        using var t = new TestClient();
        t.Handler.RespondJson(Samples.StartRunResponse);

        await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["echo Hello, World!"], IsDirect = true });

        Assert.Equal("""{"command":["echo Hello, World!"],"isDirect":true,"publishApiEndpoint":false}""", t.Handler.Only.Body);
    }

    [Fact]
    public async Task StartRun_with_a_marker_reattaches_to_the_newest_run_carrying_it_without_posting()
    {
        using var t = new TestClient();
        t.Handler.RespondJson("""
            {"objectType":"list","uri":"/v1/projects/alice/churn-model/runs","data":[
              {"id":"aaaaaaaaaaaaaaaaaaaaaaaa","status":"Running","title":"other run","queued":1700000003000},
              {"id":"bbbbbbbbbbbbbbbbbbbbbbbb","status":"Failed","title":"nightly [ci-42-1]","queued":1700000001000},
              {"id":"cccccccccccccccccccccccc","status":"Running","title":"nightly [ci-42-1]","queued":1700000002000}
            ]}
            """);

        var started = await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], Title = "nightly", Marker = "ci-42-1" });

        Assert.True(started.Reattached);
        Assert.Equal("cccccccccccccccccccccccc", started.RunId);
        Assert.Equal("https://domino.example.com/alice/churn-model#r/cccccccccccccccccccccccc", started.RunUrl.AbsoluteUri);
        var request = t.Handler.Only;
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(RunsUri, request.Uri.AbsoluteUri);
        Assert.Contains(t.Logger.Lines, l => l.Level == DominoLogLevel.Information && l.Message.Contains("Reattached") && l.Message.Contains("[ci-42-1]"));
    }

    [Theory]
    [InlineData("nightly", "nightly [ci-42-1]")]
    [InlineData(null, "[ci-42-1]")]
    public async Task StartRun_with_a_marker_puts_it_in_the_title_when_no_run_carries_it(string? title, string expectedTitle)
    {
        using var t = new TestClient();
        t.Handler
            .RespondJson("""{"objectType":"list","data":[{"id":"aaaaaaaaaaaaaaaaaaaaaaaa","status":"Succeeded","title":"nightly [ci-41-1]"}]}""")
            .RespondJson(Samples.StartRunResponse);

        var started = await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], Title = title, Marker = "ci-42-1" });

        Assert.False(started.Reattached);
        Assert.Equal(2, t.Handler.Requests.Count);
        Assert.Equal($$"""{"command":["main.py"],"isDirect":false,"title":"{{expectedTitle}}","publishApiEndpoint":false}""", t.Handler.Requests[1].Body);
    }

    [Fact]
    public async Task StartRun_with_an_unreadable_success_body_says_the_run_may_have_started()
    {
        using var t = new TestClient();
        t.Handler.RespondJson("""{"message":"started"}""");

        var error = await Assert.ThrowsAsync<DominoRunMayHaveStartedException>(
            () => t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] }));

        Assert.Contains("may have started", error.Message);
        Assert.Contains("runId", error.Message);
        Assert.Single(t.Handler.Requests);
    }

    [Fact]
    public async Task GetRun_sends_a_GET_to_the_run_and_parses_the_seed_sample()
    {
        using var t = new TestClient();
        t.Handler.RespondJson(Samples.Run);

        var run = await t.Project.GetRunAsync("55238463e4b00c05a648f815");

        var request = t.Handler.Only;
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal($"{RunsUri}/55238463e4b00c05a648f815", request.Uri.AbsoluteUri);
        Assert.Null(request.Body);
        Assert.Equal(TestClient.ApiKey, request.Header("X-Domino-Api-Key"));

        Assert.Equal("55238463e4b00c05a648f815", run.Id);
        Assert.Equal("55221238e4b02f8c82189faa", run.ProjectId);
        Assert.Equal(19, run.Number);
        Assert.Equal("551c3875e4b0f4c343c5bc91", run.StartingUserId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1428391011742), run.Queued);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1428391015557), run.Started);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1428391018043), run.Completed);
        Assert.Equal(TimeSpan.FromMilliseconds(1428391018043 - 1428391015557), run.Duration);
        Assert.Equal("Succeeded", run.Status);
        Assert.True(run.IsSucceeded);
        Assert.Equal("981c1f5915724eb8882b1dffc6e7371c31ba638b", run.CommitId);
        Assert.Equal("ce42f26a45d842e636102474eb227262714a4536", run.OutputCommitId);
        Assert.Null(run.Title);
        Assert.False(run.IsArchived);
        Assert.Equal("d-free", run.HardwareTierId);
        Assert.Null(run.IsCompleted);
        Assert.Null(run.DiagnosticIsError);
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public async Task GetRun_reads_newer_fields_tolerates_nulls_and_strings_and_ignores_unknown_fields()
    {
        using var t = new TestClient();
        t.Handler.RespondJson("""
            {
              "id": "553af271e4b0364c0f717b24", "projectId": null, "number": "7", "startingUserId": null,
              "queued": "1428391011742", "started": null, "completed": null, "status": "Finishing",
              "commitId": "981c1f5915724eb8882b1dffc6e7371c31ba638b", "outputCommitId": null, "title": "t",
              "isArchived": null, "hardwareTierId": null, "isCompleted": true, "postProcessedTimestamp": 1428391019000,
              "executor": {"name": "exec-1"}, "somethingNew": {"nested": [1, 2, {"x": null}]}, "tags": ["a"],
              "diagnosticStatistics": {"isError": true, "data": [{"key": "exitCode", "value": 137}, {"key": "reason", "value": "OOMKilled"}, null]}
            }
            """);

        var run = await t.Project.GetRunAsync(TestClient.RunId);

        Assert.Equal(7, run.Number);
        Assert.Null(run.ProjectId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1428391011742), run.Queued);
        Assert.Null(run.Started);
        Assert.Null(run.OutputCommitId);
        Assert.False(run.IsArchived);
        Assert.True(run.IsCompleted);
        Assert.True(run.IsFinished);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1428391019000), run.PostProcessed);
        Assert.Equal("""{"name": "exec-1"}""", run.Executor);
        Assert.True(run.DiagnosticIsError);
        Assert.Equal("137", run.Diagnostics["exitCode"]);
        Assert.Equal("OOMKilled", run.Diagnostics["reason"]);
    }

    [Fact]
    public async Task GetRun_with_a_missing_status_reports_it_as_empty_and_unknown()
    {
        using var t = new TestClient();
        t.Handler.RespondJson($$"""{"id":"{{TestClient.RunId}}"}""");

        var run = await t.Project.GetRunAsync(TestClient.RunId);

        Assert.Equal(string.Empty, run.Status);
        Assert.Equal(DominoRunStatusKind.Unknown, run.StatusKind);
    }

    [Theory]
    [InlineData("""{"status":"Running"}""", "no 'id'")]
    [InlineData("""{"id":""", "")]
    [InlineData("null", "null")]
    [InlineData("", "")]
    public async Task GetRun_with_an_unreadable_body_fails_with_a_format_error(string body, string expected)
    {
        using var t = new TestClient();
        t.Handler.RespondJson(body);

        var error = await Assert.ThrowsAsync<DominoResponseFormatException>(() => t.Project.GetRunAsync(TestClient.RunId));

        Assert.StartsWith($"GET /v1/projects/alice/churn-model/runs/{TestClient.RunId} returned 200 but its body could not be read", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message);
        Assert.Equal(200, error.StatusCode);
    }

    [Fact]
    public async Task GetRun_answered_with_an_html_page_says_so()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, "<html><body>Sign in</body></html>", "text/html");

        var error = await Assert.ThrowsAsync<DominoResponseFormatException>(() => t.Project.GetRunAsync(TestClient.RunId));

        Assert.Contains("HTML instead of JSON", error.Message);
    }

    [Theory]
    [InlineData("""{"objectType":"list","uri":"/v1/projects/alice/churn-model/runs","data":[RUNS]}""")]
    [InlineData("""{"object":"list","url":"/v1/projects/alice/churn-model/runs","data":[RUNS],"extra":1}""")]
    [InlineData("[RUNS]")]
    public async Task ListRuns_reads_either_envelope_or_a_bare_list_keeping_the_server_order(string template)
    {
        using var t = new TestClient();
        t.Handler.RespondJson(template.Replace("RUNS", Samples.Run + """, null, {"id":"553af271e4b0364c0f717b24","status":"Running"}"""));

        var runs = await t.Project.ListRunsAsync();

        Assert.Equal(RunsUri, t.Handler.Only.Uri.AbsoluteUri);
        Assert.Equal(["55238463e4b00c05a648f815", "553af271e4b0364c0f717b24"], runs.Select(r => r.Id));
        Assert.Equal("d-free", runs[0].HardwareTierId);
    }

    [Fact]
    public async Task ListRuns_with_no_data_is_empty()
    {
        using var t = new TestClient();
        t.Handler.RespondJson("""{"objectType":"list","uri":"/x","data":null}""");

        Assert.Empty(await t.Project.ListRunsAsync());
    }

    [Fact]
    public async Task GetRunOutput_strips_the_pre_wrapper_and_tags_turns_breaks_into_newlines_and_decodes_entities()
    {
        using var t = new TestClient();
        var stdout = Samples.PreOpen + "<span style=\"color: red\">Epoch 1 &amp; loss &lt; 0.5</span>'\\n'\nDone &quot;ok&quot; &#39;yes&#39;<br/>a < b&#39;\\n&#39;\nend</pre>";
        var setup = Samples.PreOpen + "Pulling image&hellip;'\\n'\nReady</pre>";
        t.Handler.RespondJson(System.Text.Json.JsonSerializer.Serialize(new { setup, stdout, other = 1 }));

        var output = await t.Project.GetRunOutputAsync(TestClient.RunId);

        Assert.Equal($"{RunsUri.Replace("/runs", "/run")}/{TestClient.RunId}/stdout", t.Handler.Only.Uri.AbsoluteUri);
        Assert.Equal("Epoch 1 & loss < 0.5\nDone \"ok\" 'yes'\na < b\nend", output.Stdout);
        Assert.Equal("Pulling image\u2026\nReady", output.Setup);
    }

    [Fact]
    public async Task GetRunOutput_asks_for_the_last_lines_and_tolerates_null_parts()
    {
        using var t = new TestClient();
        t.Handler.RespondJson("""{"setup":null,"stdout":"last line"}""");

        var output = await t.Project.GetRunOutputAsync(TestClient.RunId, previewNumberOfLines: 50);

        Assert.Equal($"https://domino.example.com/v1/projects/alice/churn-model/run/{TestClient.RunId}/stdout?previewNumberOfLines=50", t.Handler.Only.Uri.AbsoluteUri);
        Assert.Equal(string.Empty, output.Setup);
        Assert.Equal("last line", output.Stdout);
    }

    [Fact]
    public async Task GetRunLogs_sends_the_query_and_parses_entries_oldest_first_as_text()
    {
        using var t = new TestClient();
        t.Handler.RespondJson("""
            {"logset":{"logContent":[
              {"timestamp":"1700000000000000002","logType":"stderr","log":"<span class=\"err\">boom &amp; bust</span>","size":12},
              {"timestamp":1700000000000000001,"logType":"stdout","log":"hello","size":5},
              null
            ],"isComplete":true},"problemSuggestions":[{"x":1}]}
            """);

        var chunk = await t.Project.GetRunLogsAsync(TestClient.RunId, limit: 100);

        Assert.Equal(
            $"https://domino.example.com/v4/jobs/{TestClient.RunId}/logsWithProblemSuggestions?logType=stdoutstderr&latestTimeNano=0&limit=100",
            t.Handler.Only.Uri.AbsoluteUri);
        Assert.NotNull(chunk);
        Assert.True(chunk.IsComplete);
        Assert.Equal(
            [new DominoLogEntry(1700000000000000001, "stdout", "hello"), new DominoLogEntry(1700000000000000002, "stderr", "boom & bust")],
            chunk.Entries);
    }

    [Fact]
    public async Task GetRunLogs_leaves_out_entries_not_newer_than_the_given_timestamp()
    {
        using var t = new TestClient();
        t.Handler.RespondJson("""{"logset":{"logContent":[{"timestamp":"5","logType":"stdout","log":"seen"},{"timestamp":"6","logType":"stdout","log":"new"}],"isComplete":false}}""");

        var chunk = await t.Project.GetRunLogsAsync(TestClient.RunId, afterTimestampNanos: 5, logType: "stdout");

        Assert.EndsWith("?logType=stdout&latestTimeNano=5", t.Handler.Only.Uri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("new", Assert.Single(chunk!.Entries).Text);
        Assert.False(chunk.IsComplete);
    }

    [Fact]
    public async Task GetRunLogs_returns_null_when_the_server_has_no_such_endpoint()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.NotFound, "<html><body><h1>404 Not Found</h1></body></html>", "text/html");

        Assert.Null(await t.Project.GetRunLogsAsync(TestClient.RunId));
    }

    [Fact]
    public async Task StopRun_looks_up_the_project_id_once_and_posts_the_v4_stop()
    {
        using var t = new TestClient(project: "alice smith/churn model");
        t.Handler
            .RespondJson($$"""{"id":"{{TestClient.ProjectId}}","name":"churn model","ownerUsername":"alice smith"}""")
            .RespondJson("""{"ok":true}""")
            .Respond(HttpStatusCode.OK);

        await t.Project.StopRunAsync(TestClient.RunId);
        await t.Project.StopRunAsync("aaaaaaaaaaaaaaaaaaaaaaaa", commitResults: false);

        Assert.Equal(3, t.Handler.Requests.Count);
        var lookup = t.Handler.Requests[0];
        Assert.Equal(HttpMethod.Get, lookup.Method);
        Assert.Equal("https://domino.example.com/v4/gateway/projects/findProjectByOwnerAndName?ownerName=alice%20smith&projectName=churn%20model", lookup.Uri.AbsoluteUri);
        var stop = t.Handler.Requests[1];
        Assert.Equal(HttpMethod.Post, stop.Method);
        Assert.Equal("https://domino.example.com/v4/jobs/stop", stop.Uri.AbsoluteUri);
        Assert.Equal($$"""{"projectId":"{{TestClient.ProjectId}}","jobId":"{{TestClient.RunId}}","commitResults":true}""", stop.Body);
        Assert.Equal(TestClient.ApiKey, stop.Header("X-Domino-Api-Key"));
        Assert.Equal($$"""{"projectId":"{{TestClient.ProjectId}}","jobId":"aaaaaaaaaaaaaaaaaaaaaaaa","commitResults":false}""", t.Handler.Requests[2].Body);
    }

    [Fact]
    public async Task GetProjectId_does_not_keep_a_failed_lookup()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.NotFound, """{"message":"Project not found"}""")
            .RespondJson($$"""{"id":"{{TestClient.ProjectId}}"}""");

        await Assert.ThrowsAsync<DominoNotFoundException>(() => t.Project.GetProjectIdAsync());
        Assert.Equal(TestClient.ProjectId, await t.Project.GetProjectIdAsync());
        Assert.Equal(TestClient.ProjectId, await t.Project.GetProjectIdAsync());

        Assert.Equal(2, t.Handler.Requests.Count);
    }

    [Fact]
    public async Task Project_segments_are_url_encoded()
    {
        using var t = new TestClient(project: "o w/n%é");
        t.Handler.RespondJson(Samples.Run);

        await t.Project.GetRunAsync(TestClient.RunId);

        Assert.Equal($"https://domino.example.com/v1/projects/o%20w/n%25%C3%A9/runs/{TestClient.RunId}", t.Handler.Only.Uri.AbsoluteUri);
        Assert.Equal($"https://domino.example.com/o%20w/n%25%C3%A9#r/{TestClient.RunId}", t.Project.GetRunUrl(TestClient.RunId).AbsoluteUri);
    }
}
