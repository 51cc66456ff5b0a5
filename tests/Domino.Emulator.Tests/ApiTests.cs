using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Domino.Emulator.Tests;

/// <summary>Every endpoint and its errors, over real HTTP. One emulator for the class; tests only add to its state.</summary>
public sealed class ApiTests : IAsyncLifetime
{
    private TestEmulator _emu = null!;

    public async Task InitializeAsync() => _emu = await TestEmulator.StartAsync();

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    private HttpClient Client => _emu.Client;

    private static string P(string rest = "") => TestEmulator.ProjectPath(rest);

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? messagePart = null)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        string message = JsonDocument.Parse(body).RootElement.GetProperty("message").GetString()!;
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, message);
        }
    }

    // ---- version and auth ---------------------------------------------------------------------

    [Fact]
    public async Task Version_needs_no_credentials()
    {
        using HttpClient anonymous = _emu.CreateAnonymousClient();
        JsonElement version = JsonDocument.Parse(await anonymous.GetStringAsync("/version")).RootElement;
        Assert.Equal("5.11.0", version.Str("version"));
        Assert.StartsWith("domino-emulator", version.Str("buildId"));
        Assert.True(version.TryGetProperty("commitId", out _));
        Assert.True(version.GetProperty("timestamp").GetInt64() > 0);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("X-Domino-Api-Key", "wrong-key")]
    [InlineData("Authorization", "Bearer wrong-token")]
    [InlineData("Authorization", "Basic dGVzdC1hcGkta2V5LTAxMjM=")]
    [InlineData("X-Domino-Api-Key", TestEmulator.Token)]
    public async Task Api_calls_without_valid_credentials_get_401_json(string? header, string? value)
    {
        using HttpClient anonymous = _emu.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, P("/runs"));
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using HttpResponseMessage response = await anonymous.SendAsync(request);
        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "credentials");
    }

    [Fact]
    public async Task Api_key_header_and_bearer_token_are_both_accepted()
    {
        using HttpClient anonymous = _emu.CreateAnonymousClient();
        using var withKey = new HttpRequestMessage(HttpMethod.Get, P("/commits"));
        withKey.Headers.Add("X-Domino-Api-Key", TestEmulator.ApiKey);
        using var withToken = new HttpRequestMessage(HttpMethod.Get, P("/commits"));
        withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestEmulator.Token);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(withKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(withToken)).StatusCode);
    }

    [Fact]
    public async Task Unknown_endpoint_is_404_json()
    {
        using HttpResponseMessage response = await Client.GetAsync("/v1/nothing/here");
        await AssertErrorAsync(response, HttpStatusCode.NotFound, "No such endpoint");
    }

    // ---- projects and commits -----------------------------------------------------------------

    [Fact]
    public async Task FindProject_returns_its_24_hex_id_and_404s_for_unknown()
    {
        JsonElement project = await _emu.GetJsonAsync("/v4/gateway/projects/findProjectByOwnerAndName?ownerName=alice&projectName=demo");
        Assert.Matches("^[0-9a-f]{24}$", project.Str("id"));
        Assert.Equal("demo", project.Str("name"));
        Assert.Equal("alice", project.Str("ownerUsername"));

        await AssertErrorAsync(await Client.GetAsync("/v4/gateway/projects/findProjectByOwnerAndName?ownerName=alice&projectName=nope"), HttpStatusCode.NotFound);
        await AssertErrorAsync(await Client.GetAsync("/v4/gateway/projects/findProjectByOwnerAndName?ownerName=alice"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Commits_lists_40_hex_ids_newest_first_and_an_upload_adds_one()
    {
        List<string> before = await _emu.GetCommitsAsync();
        Assert.All(before, id => Assert.Matches("^[0-9a-f]{40}$", id));

        await _emu.UploadAsync("notes/new.txt", "new");

        List<string> after = await _emu.GetCommitsAsync();
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Equal(before, after.Skip(1));
        JsonElement files = await _emu.GetJsonAsync(P($"/files/{after[0]}/notes"));
        Assert.Equal("notes/new.txt", Assert.Single(files.Data()).Str("path"));
    }

    [Fact]
    public async Task Unknown_project_is_404_on_every_project_endpoint()
    {
        string run = new('a', 24);
        string commit = new('b', 40);
        foreach (string path in new[] { "/runs", $"/runs/{run}", $"/run/{run}/stdout", $"/files/{commit}/", $"/blobs/{commit}", "/commits" })
        {
            await AssertErrorAsync(await Client.GetAsync("/v1/projects/alice/unknown" + path), HttpStatusCode.NotFound);
        }

        await AssertErrorAsync(await Client.PostAsJsonAsync("/v1/projects/nobody/demo/runs", new { command = new[] { "x.py" }, isDirect = false }), HttpStatusCode.NotFound);
        await AssertErrorAsync(await Client.PutAsync("/v1/projects/nobody/demo/file.txt", new StringContent("x")), HttpStatusCode.NotFound);
    }

    // ---- files, blobs, uploads ----------------------------------------------------------------

    [Fact]
    public async Task ListFiles_is_recursive_relative_without_folder_entries_and_accepts_every_root_form()
    {
        string head = (await _emu.GetCommitsAsync())[0];
        foreach (string root in new[] { $"/files/{head}", $"/files/{head}/", $"/files/{head}//" })
        {
            JsonElement list = await _emu.GetJsonAsync(P(root));
            Assert.Equal("list", list.Str("object"));
            Assert.Equal(P(root), list.Str("url"));
            var paths = list.Data().Select(f => f.Str("path")).ToList();
            Assert.Contains("hello.txt", paths);
            Assert.Contains("data/input.csv", paths);
            Assert.DoesNotContain("data", paths);
            Assert.All(paths, p => Assert.False(p.StartsWith('/')));
        }

        foreach (string folder in new[] { "data", "data/", "/data" })
        {
            JsonElement list = await _emu.GetJsonAsync(P($"/files/{head}/{folder}"));
            Assert.Equal("data/input.csv", Assert.Single(list.Data()).Str("path"));
        }

        Assert.Empty((await _emu.GetJsonAsync(P($"/files/{head}/no-such-folder"))).Data());
    }

    [Fact]
    public async Task File_entries_carry_size_lastModified_sha1_key_and_a_blob_url_that_returns_the_bytes()
    {
        string head = (await _emu.GetCommitsAsync())[0];
        JsonElement entry = (await _emu.GetJsonAsync(P($"/files/{head}/data"))).Data().Single();
        byte[] expected = Encoding.UTF8.GetBytes("a,b\n1,2\n");

        Assert.Equal(expected.Length, entry.GetProperty("size").GetInt64());
        Assert.Equal(Hashes.Sha1(expected), entry.Str("key"));
        long lastModified = entry.GetProperty("lastModified").GetInt64();
        Assert.InRange(lastModified, DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
        Assert.Equal(new Uri(_emu.Emulator.BaseAddress, P("/blobs/" + entry.Str("key"))).ToString(), entry.Str("url"));

        using HttpResponseMessage blob = await Client.GetAsync(entry.Str("url"));
        Assert.Equal(HttpStatusCode.OK, blob.StatusCode);
        Assert.Equal(expected.Length, blob.Content.Headers.ContentLength);
        Assert.Equal(expected, await blob.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ListFiles_rejects_a_malformed_commit_and_404s_an_unknown_one()
    {
        await AssertErrorAsync(await Client.GetAsync(P("/files/not-a-commit/")), HttpStatusCode.BadRequest, "not-a-commit is not a valid ID");
        await AssertErrorAsync(await Client.GetAsync(P($"/files/{new string('c', 40)}/")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Blob_rejects_a_malformed_key_and_404s_an_unknown_one()
    {
        await AssertErrorAsync(await Client.GetAsync(P("/blobs/xyz")), HttpStatusCode.BadRequest, "xyz is not a valid ID");
        await AssertErrorAsync(await Client.GetAsync(P($"/blobs/{new string('d', 40)}")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Upload_answers_201_with_the_entry_and_makes_a_new_commit_holding_the_file()
    {
        JsonElement created = await _emu.UploadAsync("deep/er/file.bin", "payload");

        Assert.Equal("deep/er/file.bin", created.Str("path"));
        Assert.Equal(7, created.GetProperty("size").GetInt64());
        Assert.Equal(Hashes.Sha1("payload"u8.ToArray()), created.Str("key"));
        Assert.True(created.GetProperty("lastModified").GetInt64() > 0);
        Assert.EndsWith("/blobs/" + created.Str("key"), created.Str("url"));
        string head = (await _emu.GetCommitsAsync())[0];
        Assert.Equal("payload", await _emu.DownloadAsync(head, "deep/er/file.bin"));
        Assert.Equal("hello\n", await _emu.DownloadAsync(head, "hello.txt"));
    }

    [Theory]
    [InlineData("a%5Cb.txt", "backslash")]
    [InlineData("..%2Fescape.txt", "encoded path separator")]
    [InlineData("/etc/escape.txt", "absolute")]
    [InlineData("a//b.txt", "empty folder name")]
    [InlineData("hello.txt/inner", "is a file")]
    [InlineData("data", "is a folder")]
    public async Task Upload_rejects_bad_paths_with_400(string path, string reason)
    {
        int commits = (await _emu.GetCommitsAsync()).Count;
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_emu.Emulator.BaseAddress + P("/").TrimStart('/') + path, UriKind.Absolute)) { Content = new StringContent("x") };

        using HttpResponseMessage response = await Client.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, reason);
        Assert.Equal(commits, (await _emu.GetCommitsAsync()).Count);
    }

    // ---- runs: start, status, list, errors -----------------------------------------------------

    [Fact]
    public async Task StartRun_answers_runId_and_message_with_the_run_url()
    {
        using HttpResponseMessage response = await Client.PostAsJsonAsync(P("/runs"), new { command = new[] { "true" }, isDirect = true, title = "t1" });
        JsonElement body = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string runId = body.Str("runId");
        Assert.Matches("^[0-9a-f]{24}$", runId);
        string origin = _emu.Emulator.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.Equal($"Run for project alice/demo started. You can view progress here: {origin}/alice/demo/runs/{runId}", body.Str("message"));
        await _emu.WaitForEndAsync(runId);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Run_status_has_every_documented_field_in_camelCase()
    {
        string head = (await _emu.GetCommitsAsync())[0];
        string runId = await _emu.StartRunAsync(new { command = new[] { "exit 0" }, isDirect = true, title = "fields", tier = "Medium" });
        JsonElement run = await _emu.WaitForEndAsync(runId);

        foreach (string field in new[] { "id", "projectId", "number", "startingUserId", "queued", "started", "completed", "status", "commitId", "outputCommitId", "title", "isArchived", "hardwareTierId", "isCompleted", "postProcessedTimestamp", "executor", "diagnosticStatistics" })
        {
            Assert.True(run.TryGetProperty(field, out _), $"missing {field} in {run}");
        }

        Assert.Equal(runId, run.Str("id"));
        Assert.Equal(await _emu.GetProjectIdAsync(), run.Str("projectId"));
        Assert.Matches("^[0-9a-f]{24}$", run.Str("startingUserId"));
        Assert.Equal("Succeeded", run.Str("status"));
        Assert.Equal(head, run.Str("commitId"));
        Assert.Matches("^[0-9a-f]{40}$", run.Str("outputCommitId"));
        Assert.Equal("fields", run.Str("title"));
        Assert.Equal("medium", run.Str("hardwareTierId"));
        Assert.False(run.GetProperty("isArchived").GetBoolean());
        long queued = run.GetProperty("queued").GetInt64();
        long started = run.GetProperty("started").GetInt64();
        long completed = run.GetProperty("completed").GetInt64();
        Assert.True(queued <= started && started <= completed);
        Assert.False(run.GetProperty("diagnosticStatistics").GetProperty("isError").GetBoolean());
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Queued_run_has_null_timestamps_until_reached()
    {
        await using TestEmulator single = await TestEmulator.StartAsync(o => o.MaxConcurrentRuns = 1);
        string blocker = await single.StartShellRunAsync("sleep 60");
        string waiting = await single.StartShellRunAsync("true");
        await single.WaitForStatusAsync(blocker, "Running");

        JsonElement run = await single.GetRunAsync(waiting);

        Assert.Equal("Queued", run.Str("status"));
        Assert.Equal(JsonValueKind.Null, run.GetProperty("started").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("completed").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("outputCommitId").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("title").ValueKind);
        Assert.False(run.GetProperty("isCompleted").GetBoolean());
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task ListRuns_uses_the_list_envelope_newest_first()
    {
        string first = await _emu.StartShellRunAsync("true");
        string second = await _emu.StartShellRunAsync("true");
        await _emu.WaitForEndAsync(first);
        await _emu.WaitForEndAsync(second);

        JsonElement list = await _emu.GetJsonAsync(P("/runs"));

        Assert.Equal("list", list.Str("objectType"));
        Assert.Equal(P("/runs"), list.Str("uri"));
        var ids = list.Data().Select(r => r.Str("id")).ToList();
        Assert.True(ids.IndexOf(second) < ids.IndexOf(first), "newest first");
        var numbers = list.Data().Select(r => r.GetProperty("number").GetInt32()).ToList();
        Assert.Equal(numbers.OrderByDescending(n => n), numbers);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task StartRun_at_a_given_commit_uses_that_commit()
    {
        string oldest = (await _emu.GetCommitsAsync())[^1];
        string runId = await _emu.StartRunAsync(new { command = new[] { "ls" }, isDirect = true, commitId = oldest });
        Assert.Equal(oldest, (await _emu.WaitForEndAsync(runId)).Str("commitId"));
    }

    public static TheoryData<string, int, string> BadStartBodies => new()
    {
        { "{not json", 400, "Malformed JSON" },
        { "", 400, "Malformed JSON" },
        { "[]", 400, "JSON object" },
        { "{\"isDirect\": false}", 400, "command is required" },
        { "{\"command\": [], \"isDirect\": false}", 400, "command is required" },
        { "{\"command\": \"main.py\", \"isDirect\": false}", 400, "command is required" },
        { "{\"command\": [1], \"isDirect\": false}", 400, "only strings" },
        { "{\"command\": [\"echo a\", \"b\"], \"isDirect\": true}", 400, "exactly one element" },
        { "{\"command\": [\"a.py\"], \"isDirect\": \"no\"}", 400, "isDirect" },
        { "{\"command\": [\"a.py\"], \"isDirect\": false, \"tier\": \"Huge\"}", 400, "Unknown hardware tier 'Huge'" },
        { "{\"command\": [\"a.py\"], \"isDirect\": false, \"commitId\": \"abc\"}", 400, "abc is not a valid ID" },
        { "{\"command\": [\"a.py\"], \"isDirect\": false, \"commitId\": \"0000000000000000000000000000000000000000\"}", 404, "not found" },
    };

    [Theory]
    [MemberData(nameof(BadStartBodies))]
    public async Task StartRun_rejects_bad_bodies_without_creating_a_run(string body, int status, string reason)
    {
        int before = (await _emu.GetJsonAsync(P("/runs"))).Data().Count;

        using HttpResponseMessage response = await Client.PostAsync(P("/runs"), new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertErrorAsync(response, (HttpStatusCode)status, reason);
        Assert.Equal(before, (await _emu.GetJsonAsync(P("/runs"))).Data().Count);
    }

    [Fact]
    public async Task Run_endpoints_reject_malformed_ids_and_404_unknown_runs()
    {
        string unknown = new('e', 24);
        foreach (string path in new[] { P("/runs/123"), P("/run/123/stdout"), "/v4/jobs/123/logsWithProblemSuggestions" })
        {
            await AssertErrorAsync(await Client.GetAsync(path), HttpStatusCode.BadRequest, "123 is not a valid ID");
        }

        foreach (string path in new[] { P($"/runs/{unknown}"), P($"/run/{unknown}/stdout"), $"/v4/jobs/{unknown}/logsWithProblemSuggestions" })
        {
            await AssertErrorAsync(await Client.GetAsync(path), HttpStatusCode.NotFound);
        }
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_run_is_404_under_another_project()
    {
        await using TestEmulator two = await TestEmulator.StartAsync(o => o.Projects["bob/other"] = "");
        string runId = await two.StartShellRunAsync("true");
        await two.WaitForEndAsync(runId);

        await AssertErrorAsync(await two.Client.GetAsync($"/v1/projects/bob/other/runs/{runId}"), HttpStatusCode.NotFound);
        Assert.Single((await two.GetJsonAsync("/v1/projects/bob/other/commits")).EnumerateArray());
    }

    // ---- output ----------------------------------------------------------------------------

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Output_is_html_wrapped_escaped_and_previewNumberOfLines_keeps_the_last_lines()
    {
        string runId = await _emu.StartShellRunAsync("for i in 1 2 3 4 5; do echo \"line$i <&>\"; done");
        await _emu.WaitForEndAsync(runId);

        JsonElement output = await _emu.GetJsonAsync(P($"/run/{runId}/stdout"));
        string stdout = output.Str("stdout");
        const string Prefix = "<pre style='white-space: pre-wrap; white-space: -moz-pre-wrap; white-space: -pre-wrap; white-space: -o-pre-wrap; word-wrap: break-word; word-wrap: break-all;'>";
        Assert.Equal(Prefix + "line1 &lt;&amp;&gt;\nline2 &lt;&amp;&gt;\nline3 &lt;&amp;&gt;\nline4 &lt;&amp;&gt;\nline5 &lt;&amp;&gt;\n</pre>", stdout);
        Assert.StartsWith(Prefix, output.Str("setup"));
        Assert.Contains("Starting: /bin/sh -c", output.Str("setup"));

        JsonElement preview = await _emu.GetJsonAsync(P($"/run/{runId}/stdout?previewNumberOfLines=2"));
        Assert.Equal(Prefix + "line4 &lt;&amp;&gt;\nline5 &lt;&amp;&gt;\n</pre>", preview.Str("stdout"));

        await AssertErrorAsync(await Client.GetAsync(P($"/run/{runId}/stdout?previewNumberOfLines=abc")), HttpStatusCode.BadRequest);
        await AssertErrorAsync(await Client.GetAsync(P($"/run/{runId}/stdout?previewNumberOfLines=0")), HttpStatusCode.BadRequest);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Quoted_line_breaks_option_writes_the_literal_form()
    {
        await using TestEmulator quoted = await TestEmulator.StartAsync(o => o.QuotedLineBreaks = true);
        string runId = await quoted.StartShellRunAsync("echo a; echo b");
        await quoted.WaitForEndAsync(runId);

        string stdout = (await quoted.GetJsonAsync(TestEmulator.ProjectPath($"/run/{runId}/stdout"))).Str("stdout");

        Assert.EndsWith(">a'\\n'\nb'\\n'\n</pre>", stdout);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Stderr_lines_are_in_a_span()
    {
        string runId = await _emu.StartShellRunAsync("echo oops >&2");
        await _emu.WaitForEndAsync(runId);

        string stdout = (await _emu.GetJsonAsync(P($"/run/{runId}/stdout"))).Str("stdout");

        Assert.Contains("<span style='color: #d9534f;'>oops</span>\n", stdout);
    }

    // ---- v4 logs ---------------------------------------------------------------------------

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Logs_filter_by_type_and_return_only_entries_newer_than_latestTimeNano()
    {
        string runId = await _emu.StartShellRunAsync("echo one; echo two; echo three; echo err >&2");
        await _emu.WaitForEndAsync(runId);
        string logs = $"/v4/jobs/{runId}/logsWithProblemSuggestions";

        JsonElement all = (await _emu.GetJsonAsync(logs + "?logType=stdout&latestTimeNano=0")).GetProperty("logset");
        var entries = all.GetProperty("logContent").EnumerateArray().ToList();
        Assert.Equal(new[] { "one", "two", "three" }, entries.Select(e => e.Str("log")));
        Assert.All(entries, e => Assert.Equal("stdout", e.Str("logType")));
        Assert.All(entries, e => Assert.Equal(e.Str("log").Length, e.GetProperty("size").GetInt32()));
        Assert.True(all.GetProperty("isComplete").GetBoolean());

        string after = entries[0].Str("timestamp");
        JsonElement newer = (await _emu.GetJsonAsync(logs + $"?logType=stdout&latestTimeNano={after}")).GetProperty("logset");
        Assert.Equal(new[] { "two", "three" }, newer.GetProperty("logContent").EnumerateArray().Select(e => e.Str("log")));

        JsonElement stderr = (await _emu.GetJsonAsync(logs + "?logType=stderr&latestTimeNano=0")).GetProperty("logset");
        Assert.Equal("err", Assert.Single(stderr.GetProperty("logContent").EnumerateArray().ToList()).Str("log"));

        JsonElement limited = (await _emu.GetJsonAsync(logs + "?logType=stdout&limit=1&latestTimeNano=0")).GetProperty("logset");
        Assert.Equal("one", Assert.Single(limited.GetProperty("logContent").EnumerateArray().ToList()).Str("log"));
        Assert.False(limited.GetProperty("isComplete").GetBoolean());

        JsonElement console = (await _emu.GetJsonAsync(logs + "?logType=console&latestTimeNano=0")).GetProperty("logset");
        var stamps = console.GetProperty("logContent").EnumerateArray().Select(e => long.Parse(e.Str("timestamp"))).ToList();
        Assert.Contains(console.GetProperty("logContent").EnumerateArray(), e => e.Str("logType") == "prepareoutput");
        Assert.True(stamps.Zip(stamps.Skip(1)).All(p => p.First < p.Second), "timestamps strictly increase");
    }

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData("logType=everything")]
    [InlineData("logType=stdout&limit=0")]
    [InlineData("logType=stdout&limit=x")]
    [InlineData("logType=stdout&latestTimeNano=-5")]
    [InlineData("logType=stdout&latestTimeNano=soon")]
    public async Task Logs_reject_bad_query_values(string query)
    {
        string runId = await _emu.StartShellRunAsync("true");
        await AssertErrorAsync(await Client.GetAsync($"/v4/jobs/{runId}/logsWithProblemSuggestions?{query}"), HttpStatusCode.BadRequest);
    }

    // ---- stop errors -----------------------------------------------------------------------

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Stop_rejects_bad_bodies_and_404s_unknown_project_or_run()
    {
        string projectId = await _emu.GetProjectIdAsync();
        string runId = await _emu.StartShellRunAsync("true");

        await AssertErrorAsync(await Client.PostAsync("/v4/jobs/stop", new StringContent("{oops", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "Malformed JSON");
        await AssertErrorAsync(await Client.PostAsJsonAsync("/v4/jobs/stop", new { jobId = runId }), HttpStatusCode.BadRequest);
        await AssertErrorAsync(await Client.PostAsJsonAsync("/v4/jobs/stop", new { projectId = "p1", jobId = runId }), HttpStatusCode.BadRequest, "p1 is not a valid ID");
        await AssertErrorAsync(await Client.PostAsJsonAsync("/v4/jobs/stop", new { projectId, jobId = "j1" }), HttpStatusCode.BadRequest, "j1 is not a valid ID");
        await AssertErrorAsync(await Client.PostAsJsonAsync("/v4/jobs/stop", new { projectId = new string('1', 24), jobId = runId }), HttpStatusCode.NotFound);
        await AssertErrorAsync(await Client.PostAsJsonAsync("/v4/jobs/stop", new { projectId, jobId = new string('2', 24) }), HttpStatusCode.NotFound);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Stopping_a_finished_run_leaves_it_as_it_was()
    {
        string runId = await _emu.StartShellRunAsync("true");
        await _emu.WaitForEndAsync(runId);

        using HttpResponseMessage response = await _emu.StopAsync(runId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Succeeded", (await response.JsonAsync()).Str("status"));
        Assert.Equal("Succeeded", (await _emu.GetRunAsync(runId)).Str("status"));
    }
}
