using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Domino.Emulator.Tests;

/// <summary>Fault injection, in-process and over the control endpoints, and request counting.</summary>
public sealed class FaultTests : IAsyncLifetime
{
    private const string RunsRoute = "/v1/projects/{owner}/{project}/runs";
    private const string RunRoute = "/v1/projects/{owner}/{project}/runs/{runId}";
    private const string BlobRoute = "/v1/projects/{owner}/{project}/blobs/{key}";
    private const string FilesRoute = "/v1/projects/{owner}/{project}/files/{commitId}/{**path}";

    private TestEmulator _emu = null!;

    public async Task InitializeAsync() => _emu = await TestEmulator.StartAsync(o => o.EnableControl = true);

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    private HttpClient Client => _emu.Client;

    [Fact]
    public async Task Status_fault_answers_the_status_with_Retry_After_for_count_requests_then_stops()
    {
        _emu.Emulator.Faults.Add("GET", "/version", EmulatorFault.Status(503, TimeSpan.FromSeconds(7)), count: 2);

        for (int i = 0; i < 2; i++)
        {
            using HttpResponseMessage faulty = await Client.GetAsync("/version");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, faulty.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), faulty.Headers.RetryAfter?.Delta);
            Assert.Contains("503", (await faulty.JsonAsync()).Str("message"));
        }

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/version")).StatusCode);
        Assert.Equal(3, _emu.Emulator.GetRequestCount("GET", "/version"));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Status_fault_can_carry_an_html_body_and_only_hits_its_method_and_route()
    {
        _emu.Emulator.Faults.Add("GET", RunsRoute, EmulatorFault.Status(502, body: "<html><body>Bad Gateway</body></html>"));

        using HttpResponseMessage other = await Client.GetAsync(TestEmulator.ProjectPath("/commits"));
        using HttpResponseMessage faulty = await Client.GetAsync(TestEmulator.ProjectPath("/runs"));

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, faulty.StatusCode);
        Assert.Equal("text/html", faulty.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<html><body>Bad Gateway</body></html>", await faulty.Content.ReadAsStringAsync());
        Assert.Null(faulty.Headers.RetryAfter);
    }

    [Fact]
    public async Task Forever_fault_hits_every_matching_request_until_cleared()
    {
        // Given a proxy that answers every status request with its HTML 502 page, for good
        const string Page = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
        _emu.Emulator.Faults.AddForever("GET", "/version", EmulatorFault.Status(502, body: Page));

        // When many requests come
        for (int i = 0; i < 25; i++)
        {
            using HttpResponseMessage faulty = await Client.GetAsync("/version");

            // Then each gets the page, and the fault stays pending
            Assert.Equal(HttpStatusCode.BadGateway, faulty.StatusCode);
            Assert.Equal("text/html", faulty.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Page, await faulty.Content.ReadAsStringAsync());
        }

        Assert.Equal(int.MaxValue, _emu.Emulator.Faults.PendingCount);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(TestEmulator.ProjectPath("/commits"))).StatusCode);

        // Until the faults are cleared
        _emu.Emulator.Faults.Clear();
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/version")).StatusCode);
        Assert.Equal(0, _emu.Emulator.Faults.PendingCount);
    }

    [Fact]
    public async Task Control_endpoint_adds_a_forever_fault_and_lists_it_as_forever()
    {
        using HttpResponseMessage added = await Client.PostAsJsonAsync("/_emulator/faults", new { method = "GET", route = "/version", kind = "status", status = 502, body = "<html>bad gateway</html>", count = "forever" });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        JsonElement fault = Assert.Single((await _emu.GetJsonAsync("/_emulator/faults")).EnumerateArray().ToList());
        Assert.True(fault.GetProperty("forever").GetBoolean());
        Assert.Equal(JsonValueKind.Null, fault.GetProperty("remaining").ValueKind);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.BadGateway, (await Client.GetAsync("/version")).StatusCode);
        }

        Assert.Single((await _emu.GetJsonAsync("/_emulator/faults")).EnumerateArray().ToList());
        _emu.Emulator.Faults.Clear();
    }

    [Fact]
    public async Task Delay_fault_waits_then_answers_normally()
    {
        _emu.Emulator.Faults.Add("GET", "/version", EmulatorFault.Delay(TimeSpan.FromMilliseconds(400)));

        var watch = Stopwatch.StartNew();
        using HttpResponseMessage response = await Client.GetAsync("/version");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(350), $"answered after {watch.ElapsedMilliseconds} ms");
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Drop_fault_aborts_the_connection_without_a_response()
    {
        string runId = await _emu.StartShellRunAsync("true");
        _emu.Emulator.Faults.Add("GET", RunRoute, EmulatorFault.DropConnection());

        await Assert.ThrowsAsync<HttpRequestException>(() => Client.GetAsync(TestEmulator.ProjectPath("/runs/" + runId)));

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(TestEmulator.ProjectPath("/runs/" + runId))).StatusCode);
        Assert.Equal(2, _emu.Emulator.GetRequestCount("GET", RunRoute));
    }

    [Fact]
    public async Task Truncate_fault_sends_the_full_Content_Length_but_cuts_the_body_short()
    {
        string head = (await _emu.GetCommitsAsync())[0];
        JsonElement entry = (await _emu.GetJsonAsync(TestEmulator.ProjectPath($"/files/{head}/data"))).Data().Single();
        string blob = TestEmulator.ProjectPath("/blobs/" + entry.Str("key"));
        _emu.Emulator.Faults.Add("GET", BlobRoute, EmulatorFault.TruncateBody(3));

        using HttpResponseMessage response = await Client.GetAsync(blob, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(entry.GetProperty("size").GetInt64(), response.Content.Headers.ContentLength);
        Stream body = await response.Content.ReadAsStreamAsync();
        byte[] buffer = new byte[1024];
        int received = 0;
        Exception? failure = await Record.ExceptionAsync(async () =>
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(received))) > 0)
            {
                received += read;
            }
        });

        Assert.True(failure is IOException or HttpRequestException, $"expected a cut-short body, got {failure?.GetType().Name ?? "the whole body"}");
        Assert.Equal(3, received);
        Assert.Equal("a,b\n1,2\n", await Client.GetStringAsync(blob));
    }

    [Fact]
    public async Task Truncate_fault_works_on_json_responses_too()
    {
        _emu.Emulator.Faults.Add("GET", FilesRoute, EmulatorFault.TruncateBody(10));
        string head = (await _emu.GetCommitsAsync())[0];

        await Assert.ThrowsAnyAsync<Exception>(() => Client.GetStringAsync(TestEmulator.ProjectPath($"/files/{head}/")));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task LoseReply_fault_creates_the_run_but_answers_502()
    {
        int before = (await _emu.GetJsonAsync(TestEmulator.ProjectPath("/runs"))).Data().Count;
        _emu.Emulator.Faults.Add("POST", RunsRoute, EmulatorFault.LoseReply());

        using HttpResponseMessage response = await Client.PostAsJsonAsync(TestEmulator.ProjectPath("/runs"), new { command = new[] { "echo lost" }, isDirect = true, title = "marker-123" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        string page = await response.Content.ReadAsStringAsync();
        Assert.Contains("502 Bad Gateway", page);
        Assert.DoesNotContain("runId", page);
        List<JsonElement> runs = (await _emu.GetJsonAsync(TestEmulator.ProjectPath("/runs"))).Data();
        Assert.Equal(before + 1, runs.Count);
        Assert.Equal("marker-123", runs[0].Str("title"));
        Assert.Equal(1, _emu.Emulator.GetRequestCount("POST", RunsRoute));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Faults_reach_the_v4_job_routes_by_their_documented_templates()
    {
        // Given a job, and a 503 for its status route and a lost reply for the start route
        JsonElement job = await _emu.StartJobAsync(new Dictionary<string, object?> { ["commandToRun"] = "missing.sh" });
        _emu.Emulator.Faults.Add("GET", "/v4/jobs/{jobId}", EmulatorFault.Status(503, TimeSpan.FromSeconds(2)));
        _emu.Emulator.Faults.Add("POST", "/v4/jobs/start", EmulatorFault.LoseReply());
        string projectId = await _emu.GetProjectIdAsync();

        // When each is called
        using HttpResponseMessage status = await Client.GetAsync("/v4/jobs/" + job.Str("id"));
        using HttpResponseMessage start = await Client.PostAsJsonAsync("/v4/jobs/start", new { projectId, commandToRun = "missing.sh", title = "lost-start" });

        // Then the faults answered, and the lost start did create its job
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, start.StatusCode);
        JsonElement jobs = await _emu.GetJsonAsync($"/v4/jobs?projectId={projectId}");
        Assert.Contains(jobs.GetProperty("jobs").EnumerateArray(), j => j.GetProperty("title").GetString() == "lost-start");
        Assert.Equal(2, _emu.Emulator.GetRequestCount("POST", "/v4/jobs/start"));
        await _emu.WaitForJobEndAsync(job.Str("id"));
    }

    [Fact]
    public async Task Faults_reach_the_file_content_route_by_its_documented_template()
    {
        // Given a truncation fault on the path-based download
        string head = (await _emu.GetCommitsAsync())[0];
        string url = $"/api/projects/v1/projects/{await _emu.GetProjectIdAsync()}/files/{head}/data/input.csv/content";
        _emu.Emulator.Faults.Add("GET", "/api/projects/v1/projects/{projectId}/files/{commitId}/{path}/content", EmulatorFault.TruncateBody(2));

        // When the file is downloaded twice
        Exception? first = await Record.ExceptionAsync(() => Client.GetStringAsync(url));
        string second = await Client.GetStringAsync(url);

        // Then the first body was cut short and the second is whole
        Assert.NotNull(first);
        Assert.Equal("a,b\n1,2\n", second);
        Assert.Equal(2, _emu.Emulator.GetRequestCount("GET", "/api/projects/v1/projects/{projectId}/files/{commitId}/{path}/content"));
    }

    [Fact]
    public async Task Faults_for_one_route_apply_in_order_and_Clear_removes_them()
    {
        _emu.Emulator.Faults.Add("GET", "/version", EmulatorFault.Status(429));
        _emu.Emulator.Faults.Add("GET", "/version", EmulatorFault.Status(500));
        _emu.Emulator.Faults.Add("GET", "/version", EmulatorFault.Status(504));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await Client.GetAsync("/version")).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await Client.GetAsync("/version")).StatusCode);
        Assert.Equal(1, _emu.Emulator.Faults.PendingCount);
        _emu.Emulator.Faults.Clear();

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/version")).StatusCode);
    }

    [Fact]
    public async Task Request_counts_are_kept_per_method_and_route_template()
    {
        _emu.Emulator.ResetRequestCounts();
        string head = (await _emu.GetCommitsAsync())[0];
        await Client.GetAsync(TestEmulator.ProjectPath($"/files/{head}"));
        await Client.GetAsync(TestEmulator.ProjectPath($"/files/{head}//"));
        await Client.GetAsync(TestEmulator.ProjectPath($"/files/{head}/data"));
        await Client.PutAsync(TestEmulator.ProjectPath("/x/y.txt"), new StringContent("y"));

        Assert.Equal(1, _emu.Emulator.GetRequestCount("GET", "/v1/projects/{owner}/{project}/commits"));
        Assert.Equal(3, _emu.Emulator.GetRequestCount("get", FilesRoute));
        Assert.Equal(1, _emu.Emulator.GetRequestCount("PUT", "/v1/projects/{owner}/{project}/{**path}"));
        Assert.Equal(0, _emu.Emulator.GetRequestCount("POST", RunsRoute));
    }

    [Fact]
    public async Task Control_endpoints_add_list_and_clear_faults_and_report_request_counts()
    {
        using HttpResponseMessage added = await Client.PostAsJsonAsync("/_emulator/faults", new { method = "GET", route = "/version", kind = "status", status = 429, retryAfterSeconds = 2, count = 2 });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        JsonElement listed = await _emu.GetJsonAsync("/_emulator/faults");
        JsonElement fault = Assert.Single(listed.EnumerateArray().ToList());
        Assert.Equal("status", fault.Str("kind"));
        Assert.Equal(2, fault.GetProperty("remaining").GetInt32());
        Assert.False(fault.GetProperty("forever").GetBoolean());

        using HttpResponseMessage faulty = await Client.GetAsync("/version");
        Assert.Equal(HttpStatusCode.TooManyRequests, faulty.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), faulty.Headers.RetryAfter?.Delta);

        Assert.Equal(HttpStatusCode.OK, (await Client.DeleteAsync("/_emulator/faults")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/version")).StatusCode);

        JsonElement counts = await _emu.GetJsonAsync("/_emulator/requests");
        Assert.Equal(2, counts.GetProperty("GET /version").GetInt32());
        Assert.Equal(1, counts.GetProperty("POST /_emulator/faults").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await Client.DeleteAsync("/_emulator/requests")).StatusCode);
        Assert.Equal(0, _emu.Emulator.GetRequestCount("GET", "/version"));
    }

    [Theory]
    [InlineData("drop", null)]
    [InlineData("truncate", "{\"bytes\": 2}")]
    [InlineData("delay", "{\"delayMs\": 10}")]
    [InlineData("loseReply", null)]
    public async Task Control_endpoint_accepts_every_fault_kind(string kind, string? extra)
    {
        var body = new Dictionary<string, object> { ["method"] = "GET", ["route"] = "/v1/never/{used}", ["kind"] = kind };
        if (extra is not null)
        {
            foreach (JsonProperty property in JsonDocument.Parse(extra).RootElement.EnumerateObject())
            {
                body[property.Name] = property.Value.GetInt32();
            }
        }

        using HttpResponseMessage response = await Client.PostAsJsonAsync("/_emulator/faults", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        _emu.Emulator.Faults.Clear();
    }

    [Theory]
    [InlineData("{\"method\": \"GET\", \"route\": \"/version\", \"kind\": \"explode\"}")]
    [InlineData("{\"method\": \"GET\", \"route\": \"/version\", \"kind\": \"status\"}")]
    [InlineData("{\"method\": \"GET\", \"kind\": \"drop\"}")]
    [InlineData("{\"method\": \"GET\", \"route\": \"/version\", \"kind\": \"drop\", \"count\": 0}")]
    [InlineData("{\"method\": \"GET\", \"route\": \"/version\", \"kind\": \"status\", \"status\": 42}")]
    [InlineData("not json")]
    public async Task Control_endpoint_rejects_bad_fault_definitions(string body)
    {
        using HttpResponseMessage response = await Client.PostAsync("/_emulator/faults", new StringContent(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _emu.Emulator.Faults.PendingCount);
    }

    [Fact]
    public async Task Control_endpoints_need_credentials()
    {
        using HttpClient anonymous = _emu.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/_emulator/requests")).StatusCode);
    }

    [Fact]
    public async Task Control_endpoints_are_404_when_not_enabled()
    {
        await using TestEmulator plain = await TestEmulator.StartAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await plain.Client.GetAsync("/_emulator/requests")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await plain.Client.PostAsJsonAsync("/_emulator/faults", new { method = "GET", route = "/version", kind = "drop" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await plain.Client.DeleteAsync("/_emulator/faults")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plain.Client.GetAsync("/version")).StatusCode);
    }

    [Fact]
    public void Fault_factories_reject_bad_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.Status(42));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.Delay(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmulatorFault.TruncateBody(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _emu.Emulator.Faults.Add("GET", "/version", EmulatorFault.DropConnection(), 0));
        Assert.Equal(EmulatorFaultKind.LoseReply, EmulatorFault.LoseReply().Kind);
        Assert.Equal(502, EmulatorFault.LoseReply().StatusCode);
    }
}
