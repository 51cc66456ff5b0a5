using System.Net;
using System.Text;

namespace Domino.Client.Tests.Jobs;

public class JobFollowTests
{
    [Fact]
    public async Task GetRun_in_v4_maps_the_job_into_the_one_run_model()
    {
        // Given a completed job as python-domino's mock shows it
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.Job("Succeeded", completed: true, outputCommitId: TestClient.CommitId, title: "nightly", completedAt: 1700000060000));

        // When it is read
        var run = await t.Project.GetRunAsync(Jobs.JobId);

        // Then statuses, stage times (epoch ms) and commits land in DominoRun
        Assert.Equal("GET /v4/jobs/553af271e4b0364c0f717b24", t.Handler.Log()[^1]);
        Assert.Equal(Jobs.JobId, run.Id);
        Assert.Equal(Jobs.ProjectId, run.ProjectId);
        Assert.Equal(42, run.Number);
        Assert.Equal("aabbccddeeff001122334456", run.StartingUserId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), run.Queued);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000005000), run.Started);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000060000), run.Completed);
        Assert.Equal(TimeSpan.FromSeconds(55), run.Duration);
        Assert.Equal("Succeeded", run.Status);
        Assert.True(run.IsCompleted);
        Assert.True(run.IsFinished);
        Assert.True(run.IsSucceeded);
        Assert.Equal(TestClient.CommitId, run.CommitId);
        Assert.Equal(TestClient.CommitId, run.OutputCommitId);
        Assert.Equal("nightly", run.Title);
    }

    [Theory]
    [InlineData("Queued", false, false, false)]
    [InlineData("Running", false, false, false)]
    [InlineData("Failed", true, true, false)]
    [InlineData("Stopped", true, true, false)]
    [InlineData("Succeeded", false, true, true)]
    [InlineData("Finishing", true, true, false)]
    public async Task GetRun_in_v4_counts_isCompleted_as_finished_and_only_Succeeded_as_success(string status, bool completed, bool finished, bool succeeded)
    {
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.Job(status, completed));

        var run = await t.Project.GetRunAsync(Jobs.JobId);

        Assert.Equal(finished, run.IsFinished);
        Assert.Equal(succeeded, run.IsSucceeded);
    }

    [Fact]
    public async Task ListRuns_in_v4_reads_jobs_page_after_page_until_a_short_page()
    {
        // Given 100 jobs on the first page and one on the second
        using var t = Jobs.V4();
        var first = Enumerable.Range(0, 100).Select(i => Jobs.Job("Succeeded", true, id: i.ToString("x24", System.Globalization.CultureInfo.InvariantCulture)));
        t.Handler.RespondJson($"{{\"jobs\":[{string.Join(',', first)}]}}")
            .RespondJson($"{{\"jobs\":[{Jobs.Job("Running", false, id: "ffffffffffffffffffffffff")}]}}");

        // When the runs are listed
        var runs = await t.Project.ListRunsAsync();

        // Then both pages were read, newest first
        Assert.Equal(101, runs.Count);
        Assert.Equal("ffffffffffffffffffffffff", runs[^1].Id);
        Assert.EndsWith("page_size=100&page_no=1&show_archived=false&status=all", t.Handler.Log()[^2], StringComparison.Ordinal);
        Assert.EndsWith("page_size=100&page_no=2&show_archived=false&status=all", t.Handler.Log()[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRuns_in_v4_stops_when_a_server_ignoring_paging_repeats_the_same_jobs()
    {
        using var t = Jobs.V4();
        var all = $"{{\"jobs\":[{string.Join(',', Enumerable.Range(0, 150).Select(i => Jobs.Job("Succeeded", true, id: i.ToString("x24", System.Globalization.CultureInfo.InvariantCulture))))}]}}";
        t.Handler.Always(HttpStatusCode.OK, all);

        var runs = await t.Project.ListRunsAsync();

        Assert.Equal(150, runs.Count);
        Assert.Equal(4, t.Handler.Requests.Count); // lookup, probe, page 1, page 2 (nothing new)
    }

    [Fact]
    public async Task GetRunExecutionDetails_in_v4_reads_the_tier_and_environment_the_job_got()
    {
        using var t = Jobs.V4();
        t.Handler.RespondJson("""{"hardwareTier":{"id":"large-k8s","name":"Large"},"environment":{"id":"5f7a8c2e4b0a1c3d5e6f7a8b","name":"Domino Standard Environment Py3.10"}}""");

        var details = await t.Project.GetRunExecutionDetailsAsync(Jobs.JobId);

        Assert.Equal("GET /v4/jobs/553af271e4b0364c0f717b24/runtimeExecutionDetails", t.Handler.Log()[^1]);
        Assert.Equal(new DominoRunExecutionDetails("large-k8s", "Large", Jobs.EnvironmentId, "Domino Standard Environment Py3.10"), details);
        Assert.Equal("hardware tier 'Large' (large-k8s), environment 'Domino Standard Environment Py3.10' (5f7a8c2e4b0a1c3d5e6f7a8b)", details!.ToString());
    }

    [Fact]
    public async Task GetRunExecutionDetails_in_v4_is_null_when_the_server_has_none()
    {
        using var t = Jobs.V4();
        t.Handler.Respond(HttpStatusCode.NotFound, """{"message":"Not Found"}""");

        Assert.Null(await t.Project.GetRunExecutionDetailsAsync(Jobs.JobId));
    }

    [Fact]
    public async Task ListHardwareTiers_reads_wrapped_tiers_with_their_default_flag()
    {
        using var t = Jobs.V4WithProject();
        t.Handler.RespondJson(Jobs.Tiers);

        var tiers = await t.Project.ListHardwareTiersAsync();

        Assert.Equal("GET /v4/projects/55221238e4b02f8c82189faa/hardwareTiers", t.Handler.Log()[^1]);
        Assert.Equal(new DominoHardwareTier("small-k8s", "Small", true), tiers[0]);
        Assert.Equal(new DominoHardwareTier("large-k8s", "Large", false), tiers[1]);
        Assert.Equal(4, tiers.Count);
    }

    [Theory]
    [InlineData("""{"environments":[{"id":"aabbccddeeff001122334458","name":"my-env","visibility":"Private","latestRevisionDetails":{"dockerImage":"ubuntu:20.04"}}]}""")]
    [InlineData("""[{"id":"aabbccddeeff001122334458","name":"my-env","visibility":"Private","latestRevisionDetails":{"dockerImage":"ubuntu:20.04"}}]""")]
    [InlineData("""{"objectType":"list","data":[{"id":"aabbccddeeff001122334458","name":"my-env","visibility":"Private","latestRevisionDetails":{"dockerImage":"ubuntu:20.04"}}]}""")]
    public async Task ListEnvironments_of_a_project_reads_every_shape_Domino_uses(string body)
    {
        using var t = Jobs.V4WithProject();
        t.Handler.RespondJson(body);

        var environments = await t.Project.ListEnvironmentsAsync();

        Assert.Equal("GET /v4/projects/55221238e4b02f8c82189faa/useableEnvironments", t.Handler.Log()[^1]);
        Assert.Equal([new DominoEnvironment("aabbccddeeff001122334458", "my-env", "Private", "ubuntu:20.04")], environments);
    }

    [Fact]
    public async Task ListEnvironments_of_the_client_reads_v1_environments()
    {
        using var t = new TestClient();
        t.Handler.RespondJson("""{"objectType":"list","data":[{"id":"aabbccddeeff001122334458","name":"Domino Standard Environment"}]}""");

        var environments = await t.Client.ListEnvironmentsAsync();

        Assert.Equal(["GET /v1/environments"], t.Handler.Log());
        Assert.Equal("Domino Standard Environment", Assert.Single(environments).Name);
    }

    [Fact]
    public async Task OpenFileContent_escapes_each_path_segment_and_keeps_the_slashes()
    {
        using var t = Jobs.V4WithProject();
        t.Handler.Respond(HttpStatusCode.OK, configure: r => r.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("hello world")));

        await using var stream = await t.Project.OpenFileContentAsync(TestClient.CommitId, "results/my report #1/a+b?.txt");
        using var reader = new StreamReader(stream);

        Assert.Equal("hello world", await reader.ReadToEndAsync());
        Assert.Equal(
            "https://domino.example.com/api/projects/v1/projects/55221238e4b02f8c82189faa/files/ce42f26a45d842e636102474eb227262714a4536/results/my%20report%20%231/a%2Bb%3F.txt/content",
            t.Handler.Requests[^1].Uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b.txt")]
    public async Task OpenFileContent_refuses_a_path_outside_the_project_before_any_request(string path)
    {
        using var t = new TestClient(o => o.Api = DominoApiMode.V4);

        await Assert.ThrowsAsync<ArgumentException>(() => t.Project.OpenFileContentAsync(TestClient.CommitId, path));

        Assert.Empty(t.Handler.Requests);
    }

    [Fact]
    public async Task DownloadCommit_in_v4_fetches_each_file_by_path_and_verifies_its_size()
    {
        // Given a v4 server listing two files of a commit
        using var t = new TestClient(o => o.Api = DominoApiMode.V4);
        var destination = Path.Combine(Path.GetTempPath(), "domino-jobs-tests", Guid.NewGuid().ToString("N"));
        try
        {
            // (the API is decided while the listing comes: the fake answers the probe at once, so it goes first)
            t.Handler.RespondJson(Jobs.Project).RespondJson(Jobs.NoJobs)
                .RespondJson("""{"data":[{"path":"results/a.txt","size":5,"key":"625f85c90ddc02bd269a709489e796388e473599"},{"path":"results/b c.txt","size":3,"key":"d0839aebde28729fd96cfd0631cf7af1ac1c490f"}]}""")
                .Respond(HttpStatusCode.OK, configure: r => r.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("alpha")))
                .Respond(HttpStatusCode.OK, configure: r => r.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("bet")));

            // When the commit is downloaded one file at a time
            var report = await t.Project.DownloadCommitAsync(TestClient.CommitId, destination, new DominoDownloadOptions { MaxParallelism = 1 });

            // Then the files came by path, not by blob key, and were written whole
            Assert.Equal(
                ["GET /api/projects/v1/projects/55221238e4b02f8c82189faa/files/ce42f26a45d842e636102474eb227262714a4536/results/a.txt/content",
                 "GET /api/projects/v1/projects/55221238e4b02f8c82189faa/files/ce42f26a45d842e636102474eb227262714a4536/results/b%20c.txt/content"],
                t.Handler.Log().Skip(3));
            Assert.Equal("GET /v1/projects/alice/churn-model/files/ce42f26a45d842e636102474eb227262714a4536/", t.Handler.Log()[2]);
            Assert.Equal("alpha", File.ReadAllText(Path.Combine(destination, "results", "a.txt")));
            Assert.Equal("bet", File.ReadAllText(Path.Combine(destination, "results", "b c.txt")));
            Assert.Equal(2, report.Written.Count);
        }
        finally
        {
            if (Directory.Exists(destination))
            {
                Directory.Delete(destination, recursive: true);
            }
        }
    }

    [Fact]
    public async Task DownloadFile_in_v4_fails_a_file_whose_body_is_shorter_than_listed_and_writes_nothing()
    {
        using var t = new TestClient(o => o.Api = DominoApiMode.V4);
        var destination = Path.Combine(Path.GetTempPath(), "domino-jobs-tests", Guid.NewGuid().ToString("N"));
        try
        {
            t.Options.Retry.MaxRetries = 0;
            t.Handler.RespondJson(Jobs.Project).RespondJson(Jobs.NoJobs)
                .RespondJson("""{"data":[{"path":"a.txt","size":10,"key":"625f85c90ddc02bd269a709489e796388e473599"}]}""")
                .Respond(HttpStatusCode.OK, configure: r => r.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("short"))));

            await Assert.ThrowsAsync<DominoDownloadException>(() =>
                t.Project.DownloadFileAsync(TestClient.CommitId, "a.txt", Path.Combine(destination, "a.txt")));

            Assert.False(File.Exists(Path.Combine(destination, "a.txt")));
            Assert.Contains("/files/ce42f26a45d842e636102474eb227262714a4536/a.txt/content", t.Handler.Log()[^1], StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(destination))
            {
                Directory.Delete(destination, recursive: true);
            }
        }
    }
}
