using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Domino.Client.Tests.Jobs;

public sealed class ApiModeTests : IDisposable
{
    private const string FindProject = "GET /v4/gateway/projects/findProjectByOwnerAndName?ownerName=alice&projectName=churn-model";
    private const string Probe = "GET /v4/jobs?projectId=55221238e4b02f8c82189faa&page_size=1";
    private const string NotFound = """{"message":"Not Found"}""";
    private const string ListCommit = $"GET /v1/projects/alice/churn-model/files/{TestClient.CommitId}/";

    private readonly string _downloads = Path.Combine(Path.GetTempPath(), "domino-api-mode-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Auto_against_a_server_without_v4_falls_back_to_v1_with_one_start_and_no_v4_start()
    {
        // Given a server that lacks the v4 job routes
        using var t = new TestClient(o => o.Api = DominoApiMode.Auto);
        t.Handler.RespondJson(Jobs.Project).Respond(HttpStatusCode.NotFound, NotFound).RespondJson(Samples.StartRunResponse);

        // When a run is started
        var started = await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py", "foo", "1"] });

        // Then one read-only probe decided v1, and the one start is today's v1 request
        Assert.Equal([FindProject, Probe, "POST /v1/projects/alice/churn-model/runs"], t.Handler.Log());
        Assert.Equal("""{"command":["main.py","foo","1"],"isDirect":false,"publishApiEndpoint":false}""", t.Handler.Requests[^1].Body);
        Assert.Equal("553af271e4b0364c0f717b24", started.RunId);
        Assert.Single(t.Logger.Lines, l => l.Level == DominoLogLevel.Information && l.Message.Contains("has no v4 Jobs API (GET /v4/jobs answered 404): using the v1 runs API and blob downloads"));
    }

    [Fact]
    public async Task Auto_decides_once_per_client_and_logs_the_decision_once()
    {
        // Given a server with v4
        using var t = new TestClient(o => o.Api = DominoApiMode.Auto);
        t.Handler.RespondJson(Jobs.Project).RespondJson(Jobs.NoJobs)
            .RespondJson(Jobs.Started).RespondJson(Jobs.Job("Running", false)).RespondJson(Jobs.Project).RespondJson(Jobs.Started);

        // When it starts a run, reads it, and starts another (also from a second project view)
        await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] });
        await t.Project.GetRunAsync(Jobs.JobId);
        await t.Client.GetProjectClient(DominoProjectName.Parse("alice/churn-model")).StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] });

        // Then the probe ran once and everything went through v4
        Assert.Equal(
            [FindProject, Probe, "POST /v4/jobs/start", "GET /v4/jobs/553af271e4b0364c0f717b24", FindProject, "POST /v4/jobs/start"],
            t.Handler.Log());
        Assert.Single(t.Logger.Lines, l => l.Level == DominoLogLevel.Information && l.Message.Contains("has the v4 Jobs API"));
    }

    [Fact]
    public async Task Auto_whose_probe_fails_otherwise_than_404_decides_nothing_and_asks_again()
    {
        // Given a probe refused for lack of rights, then a working server
        using var t = new TestClient(o => o.Api = DominoApiMode.Auto);
        t.Handler.RespondJson(Jobs.Project).Respond(HttpStatusCode.Forbidden, """{"message":"no"}""")
            .RespondJson(Jobs.NoJobs).RespondJson(Jobs.Job("Running", false));

        // When a read fails, then is tried again
        await Assert.ThrowsAsync<DominoUnauthorizedException>(() => t.Project.GetRunAsync(Jobs.JobId));
        await t.Project.GetRunAsync(Jobs.JobId);

        // Then the second call probed again (the project id was kept) and used v4
        Assert.Equal([FindProject, Probe, Probe, "GET /v4/jobs/553af271e4b0364c0f717b24"], t.Handler.Log());
    }

    [Fact]
    public async Task V1_sends_exactly_todays_requests_without_any_probe()
    {
        using var t = new TestClient(o => o.Api = DominoApiMode.V1);
        t.Handler.RespondJson(Samples.StartRunResponse).RespondJson(Samples.Run);

        await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], Tier = "Large" });
        var details = await t.Project.GetRunExecutionDetailsAsync(TestClient.RunId);

        Assert.Equal(["POST /v1/projects/alice/churn-model/runs"], t.Handler.Log());
        Assert.Equal("""{"command":["main.py"],"isDirect":false,"tier":"Large","publishApiEndpoint":false}""", t.Handler.Only.Body);
        Assert.Null(details);
    }

    [Fact]
    public async Task V4_against_a_server_without_v4_fails_clearly_and_starts_nothing()
    {
        using var t = new TestClient(o => o.Api = DominoApiMode.V4);
        t.Handler.RespondJson(Jobs.Project).Respond(HttpStatusCode.NotFound, NotFound);

        var error = await Assert.ThrowsAsync<DominoConfigurationException>(() =>
            t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] }));

        Assert.Equal(
            "The API mode is V4 (the Api setting or DOMINO_API_MODE), but Domino at https://domino.example.com/ has no v4 Jobs API: GET /v4/jobs answered 404. "
            + "Set the API mode to Auto (v4 where the server has it, else v1) or V1.",
            error.Message);
        Assert.Equal(DominoSetting.Api, error.Setting);
        Assert.Equal(
            "the API mode is V4, but Domino at https://domino.example.com/ has no v4 Jobs API (GET /v4/jobs answered 404); give Auto (v4 where the server has it, else v1) or V1.",
            error.Detail);
        Assert.Equal([FindProject, Probe], t.Handler.Log());
    }

    [Fact]
    public async Task V1_refuses_the_fields_only_v4_carries_before_starting()
    {
        using var t = new TestClient(o => o.Api = DominoApiMode.V1);

        var error = await Assert.ThrowsAsync<DominoConfigurationException>(() => t.Project.StartRunAsync(new DominoStartRunRequest
        {
            Command = ["main.py"], Branch = "main", EnvironmentId = Jobs.EnvironmentId,
        }));

        Assert.Equal(
            "EnvironmentId, Branch need the v4 Jobs API, but the API mode is V1 (the Api setting or DOMINO_API_MODE). Set the API mode to Auto or V4, or leave them unset.",
            error.Message);
        Assert.Equal(DominoSetting.Api, error.Setting);
        Assert.Equal("EnvironmentId, Branch need the v4 Jobs API, but the API mode is V1. Set the API mode to Auto or V4, or leave them unset.", error.Detail);
        Assert.Empty(t.Handler.Requests);
    }

    [Fact]
    public async Task Auto_falling_back_to_v1_refuses_the_fields_only_v4_carries_after_the_probe_only()
    {
        using var t = new TestClient(o => o.Api = DominoApiMode.Auto);
        t.Handler.RespondJson(Jobs.Project).Respond(HttpStatusCode.NotFound, NotFound);

        var error = await Assert.ThrowsAsync<DominoConfigurationException>(() =>
            t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], Branch = "main" }));

        Assert.Contains("Branch needs the v4 Jobs API, but Domino at https://domino.example.com/ has no v4 Jobs API", error.Message);
        Assert.Equal(DominoSetting.Api, error.Setting);
        Assert.Equal([FindProject, Probe], t.Handler.Log());
    }

    [Theory]
    [InlineData("v4", DominoApiMode.V4)]
    [InlineData("V1", DominoApiMode.V1)]
    [InlineData(" Auto ", DominoApiMode.Auto)]
    [InlineData("", DominoApiMode.Auto)]
    public async Task DOMINO_API_MODE_sets_the_mode_in_any_case(string value, DominoApiMode expected)
    {
        // Given the variable and a server with v4
        using var t = new TestClient(o =>
        {
            o.Api = null;
            o.Environment = new DictionaryDominoEnvironment(new Dictionary<string, string?> { ["DOMINO_API_MODE"] = value });
        });
        t.Handler.RespondJson(Jobs.Project).RespondJson(Jobs.NoJobs).Always(HttpStatusCode.OK, Jobs.Job("Running", false));

        // When a run is read
        await t.Project.GetRunAsync(Jobs.JobId);

        // Then the mode decides the route
        Assert.Equal(expected == DominoApiMode.V1 ? "GET /v1/projects/alice/churn-model/runs/553af271e4b0364c0f717b24" : "GET /v4/jobs/553af271e4b0364c0f717b24",
            t.Handler.Log()[^1]);
    }

    [Fact]
    public void An_explicit_Api_wins_over_DOMINO_API_MODE()
    {
        var environment = new DictionaryDominoEnvironment(new Dictionary<string, string?> { ["DOMINO_API_MODE"] = "v4" });
        Assert.Equal(DominoApiMode.V1, Configuration.ConnectionSettings.ResolveApiMode(DominoApiMode.V1, environment));
    }

    [Theory]
    [InlineData("v3")]
    [InlineData("jobs")]
    public void A_bad_DOMINO_API_MODE_is_a_configuration_error_naming_it(string value)
    {
        var environment = new DictionaryDominoEnvironment(new Dictionary<string, string?> { ["DOMINO_API_MODE"] = value });

        var error = Assert.Throws<DominoConfigurationException>(() => new DominoClient(new DominoClientOptions
        {
            Host = TestClient.Host, ApiKey = TestClient.ApiKey, Environment = environment,
        }));

        Assert.Equal(
            $"The environment variable DOMINO_API_MODE is '{value}', which is not an API mode: give auto (v4 where the server has it, else v1), v4 or v1, or leave it unset for auto.",
            error.Message);
    }

    [Fact]
    public async Task A_download_decides_the_api_while_the_listing_comes_not_after_it()
    {
        // Given a v4 server that answers the listing only once both probe requests have come
        var server = new ListingAfterProbe();
        using var t = new TestClient(o => { o.Api = DominoApiMode.Auto; o.Transport = server; });
        var destination = TempFolder();

        // When a commit is downloaded
        var report = await t.Project.DownloadCommitAsync(TestClient.CommitId, destination);

        // Then the probe overlapped the listing (with the probe after it, the listing would have been refused), and the
        // file came by path as v4 downloads do
        Assert.Equal(["a.txt"], report.Written.Select(f => f.RemotePath));
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(destination, "a.txt")));
        Assert.Equal(
            [FindProject, Probe, ListCommit, $"GET /api/projects/v1/projects/{TestClient.ProjectId}/files/{TestClient.CommitId}/a.txt/content"],
            server.Log.OrderBy(Rank));
    }

    [Fact]
    public async Task A_probe_that_fails_during_the_listing_decides_nothing_and_the_first_file_asks_again()
    {
        // Given a server whose first project lookup fails (no retries) and which has v4
        var server = new ListingAfterProbe { FailFirstLookup = true };
        using var t = new TestClient(o => { o.Api = DominoApiMode.Auto; o.Transport = server; o.Retry.MaxRetries = 0; });
        var destination = TempFolder();

        // When a commit is downloaded
        var report = await t.Project.DownloadCommitAsync(TestClient.CommitId, destination);

        // Then the download went on: the first file probed again, and came by path
        Assert.Equal(["a.txt"], report.Written.Select(f => f.RemotePath));
        Assert.Equal(2, server.Log.Count(r => r == FindProject));
        Assert.EndsWith("/a.txt/content", server.Log.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listing_that_fails_is_the_error_and_the_probe_beside_it_is_stopped_before_the_download_throws()
    {
        // Given a server that has no such commit (the listing answers 404 at once) and whose probe would take long
        var server = new ListingAfterProbe { ListingStatus = HttpStatusCode.NotFound, ProbeHangs = true };
        using var t = new TestClient(o => { o.Api = DominoApiMode.Auto; o.Transport = server; });

        // When a commit is downloaded
        var error = await Assert.ThrowsAsync<DominoNotFoundException>(() => t.Project.DownloadCommitAsync(TestClient.CommitId, TempFolder()));

        // Then the listing's 404 is what the caller gets, and the probe's request was stopped, not left running
        Assert.Contains($"files/{TestClient.CommitId}", error.RequestPath, StringComparison.Ordinal);
        Assert.Contains(Probe, server.Log);
        Assert.Equal(0, server.Open);
        Assert.True(server.ProbeCancelled);
    }

    [Fact]
    public async Task A_download_with_nothing_to_fetch_does_not_wait_for_a_probe_still_running()
    {
        // Given a.txt downloaded before, and a new client against a server whose probe does not answer
        var destination = TempFolder();
        using (var first = new TestClient(o => { o.Api = DominoApiMode.Auto; o.Transport = new ListingAfterProbe(); }))
        {
            await first.Project.DownloadCommitAsync(TestClient.CommitId, destination);
        }

        var server = new ListingAfterProbe { ProbeHangs = true };
        using var t = new TestClient(o => { o.Api = DominoApiMode.Auto; o.Transport = server; });

        // When the commit is downloaded again
        var report = await t.Project.DownloadCommitAsync(TestClient.CommitId, destination);

        // Then it skipped the unchanged file and returned, its probe stopped, not awaited to the end nor left running
        Assert.Equal(["a.txt"], report.Skipped.Select(f => f.RemotePath));
        Assert.Empty(report.Written);
        Assert.True(server.ProbeCancelled);
        Assert.Equal(0, server.Open);
    }

    private static int Rank(string request) => request switch
    {
        FindProject => 0,
        Probe => 1,
        ListCommit => 2,
        _ => 3,
    };

    public void Dispose()
    {
        if (Directory.Exists(_downloads))
        {
            Directory.Delete(_downloads, recursive: true);
        }
    }

    private string TempFolder() => Path.Combine(_downloads, Guid.NewGuid().ToString("N"));

    /// <summary>
    /// A v4 server answering by route. Its listing waits (up to 10 s, then refuses with 400) until the probe is over, so a
    /// download that probes only after its listing fails against it.
    /// </summary>
    private sealed class ListingAfterProbe : HttpMessageHandler
    {
        private readonly TaskCompletionSource _probed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _lookups;
        private int _open;
        private volatile bool _probeCancelled;

        public bool FailFirstLookup { get; init; }

        public HttpStatusCode ListingStatus { get; init; } = HttpStatusCode.OK;

        /// <summary>The probe's second request answers only when cancelled (or after 10 s); the listing does not wait for it.</summary>
        public bool ProbeHangs { get; init; }

        public ConcurrentQueue<string> Log { get; } = new();

        /// <summary>Requests still being answered.</summary>
        public int Open => Volatile.Read(ref _open);

        public bool ProbeCancelled => _probeCancelled;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.PathAndQuery;
            Log.Enqueue($"{request.Method} {path}");
            Interlocked.Increment(ref _open);
            try
            {
                if (path.StartsWith("/v4/gateway/projects/", StringComparison.Ordinal))
                {
                    if (Interlocked.Increment(ref _lookups) == 1 && FailFirstLookup)
                    {
                        _probed.TrySetResult();
                        return Answer(HttpStatusCode.InternalServerError, "{}");
                    }

                    return Answer(HttpStatusCode.OK, Jobs.Project);
                }

                if (path.StartsWith("/v4/jobs?", StringComparison.Ordinal))
                {
                    if (ProbeHangs)
                    {
                        try
                        {
                            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException)
                        {
                            _probeCancelled = true;
                            throw;
                        }
                    }

                    _probed.TrySetResult();
                    return Answer(HttpStatusCode.OK, Jobs.NoJobs);
                }

                if (path.StartsWith("/v1/projects/alice/churn-model/files/", StringComparison.Ordinal))
                {
                    if (ListingStatus != HttpStatusCode.OK)
                    {
                        return Answer(ListingStatus, """{"message":"Not Found"}""");
                    }

                    if (ProbeHangs)
                    {
                        return Answer(HttpStatusCode.OK, """{"data":[{"path":"a.txt","size":5,"key":"625f85c90ddc02bd269a709489e796388e473599"}]}""");
                    }

                    var first = await Task.WhenAny(_probed.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken)).ConfigureAwait(false);
                    return first == _probed.Task
                        ? Answer(HttpStatusCode.OK, """{"data":[{"path":"a.txt","size":5,"key":"625f85c90ddc02bd269a709489e796388e473599"}]}""")
                        : Answer(HttpStatusCode.BadRequest, """{"message":"the listing came before the API was probed"}""");
                }

                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("alpha")) };
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        }

        private static HttpResponseMessage Answer(HttpStatusCode status, string json) =>
            new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }
}
