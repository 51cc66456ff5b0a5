using System.Net;
using System.Text.Json;

namespace Domino.Client.Tests.Jobs;

public class JobStartTests
{
    private const string StartUri = "https://domino.example.com/v4/jobs/start";

    [Fact]
    public async Task StartRun_in_v4_posts_all_ten_keys_with_nulls_for_what_is_unset()
    {
        // Given a v4 client
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.Started);

        // When a plain command is started
        var started = await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py", "foo", "1"] });

        // Then one POST carries every key of python-domino's job_start, unset ones as null
        var start = t.Handler.Requests[^1];
        Assert.Equal(HttpMethod.Post, start.Method);
        Assert.Equal(StartUri, start.Uri.AbsoluteUri);
        Assert.Equal("application/json; charset=utf-8", start.ContentType);
        Assert.Equal(
            """{"projectId":"55221238e4b02f8c82189faa","commandToRun":"main.py foo 1","commitId":null,"mainRepoGitRef":null,"overrideHardwareTierId":null,"environmentId":null,"externalVolumeMounts":null,"computeClusterProperties":null,"onDemandSparkClusterProperties":null,"title":null}""",
            start.Body);
        Assert.Equal(Jobs.JobId, started.RunId);
        Assert.False(started.Reattached);
        Assert.Equal("https://domino.example.com/alice/churn-model#r/553af271e4b0364c0f717b24", started.RunUrl.AbsoluteUri);
    }

    [Fact]
    public async Task StartRun_in_v4_sends_every_field_given_with_cluster_tier_ids_wrapped_in_value()
    {
        // Given a v4 client and a project whose tiers include large-k8s
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.Tiers).RespondJson(Jobs.Started);

        // When every field is given
        await t.Project.StartRunAsync(new DominoStartRunRequest
        {
            Command = ["main.py", "--epochs", "3"],
            Title = "nightly",
            Tier = "large-k8s",
            CommitId = TestClient.CommitId,
            GitRef = DominoGitRef.Tag("v1.2.0"),
            EnvironmentId = Jobs.EnvironmentId,
            ExternalVolumeMounts = [Jobs.VolumeId],
            ComputeCluster = new DominoComputeCluster
            {
                ClusterType = "spark",
                ComputeEnvironmentId = Jobs.EnvironmentId,
                ComputeEnvironmentRevision = "ActiveRevision",
                MasterHardwareTierId = "small-k8s",
                WorkerHardwareTierId = "large-k8s",
                WorkerCount = 2,
                MaxWorkerCount = 5,
                WorkerStorageGiB = 20,
            },
        });

        // Then the body holds each of them, in python-domino's shape
        var body = t.Handler.Requests[^1].Json();
        Assert.Equal(
            ["projectId", "commandToRun", "commitId", "mainRepoGitRef", "overrideHardwareTierId", "environmentId", "externalVolumeMounts", "computeClusterProperties", "onDemandSparkClusterProperties", "title"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("main.py --epochs 3", body.GetProperty("commandToRun").GetString());
        Assert.Equal(TestClient.CommitId, body.GetProperty("commitId").GetString());
        Assert.Equal("""{"type":"tags","value":"v1.2.0"}""", body.GetProperty("mainRepoGitRef").GetRawText());
        Assert.Equal("large-k8s", body.GetProperty("overrideHardwareTierId").GetString());
        Assert.Equal(Jobs.EnvironmentId, body.GetProperty("environmentId").GetString());
        Assert.Equal($"[\"{Jobs.VolumeId}\"]", body.GetProperty("externalVolumeMounts").GetRawText());
        Assert.Equal(
            """{"clusterType":"Spark","computeEnvironmentId":"5f7a8c2e4b0a1c3d5e6f7a8b","computeEnvironmentRevisionSpec":"ActiveRevision","masterHardwareTierId":{"value":"small-k8s"},"workerHardwareTierId":{"value":"large-k8s"},"workerCount":2,"maxWorkerCount":5,"workerStorage":{"value":20,"unit":"GiB"}}""",
            body.GetProperty("computeClusterProperties").GetRawText());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("onDemandSparkClusterProperties").ValueKind);
        Assert.Equal("nightly", body.GetProperty("title").GetString());
    }

    [Fact]
    public async Task StartRun_in_v4_turns_Branch_into_a_branches_git_ref_with_commitId_null()
    {
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.Started);

        await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], Branch = "release/2026-11" });

        var body = t.Handler.Requests[^1].Json();
        Assert.Equal("""{"type":"branches","value":"release/2026-11"}""", body.GetProperty("mainRepoGitRef").GetRawText());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("commitId").ValueKind);
    }

    [Fact]
    public async Task StartRun_in_v4_sends_an_MPI_cluster_without_a_master_and_a_revision_id_as_an_object()
    {
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.Started);

        await t.Project.StartRunAsync(new DominoStartRunRequest
        {
            Command = ["main.py"],
            ComputeCluster = new DominoComputeCluster
            {
                ClusterType = "MPI", ComputeEnvironmentId = Jobs.EnvironmentId, ComputeEnvironmentRevision = "aabbccddeeff001122334459",
                WorkerHardwareTierId = "large-k8s", WorkerCount = 4,
            },
        });

        Assert.Equal(
            """{"clusterType":"MPI","computeEnvironmentId":"5f7a8c2e4b0a1c3d5e6f7a8b","computeEnvironmentRevisionSpec":{"revisionId":"aabbccddeeff001122334459"},"workerHardwareTierId":{"value":"large-k8s"},"workerCount":4}""",
            t.Handler.Requests[^1].Json().GetProperty("computeClusterProperties").GetRawText());
    }

    [Fact]
    public async Task StartRun_in_v4_quotes_hostile_arguments_so_a_POSIX_shell_gives_them_back_intact()
    {
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.Started);

        await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py", "two words", "it's", "$HOME", "back\\slash", "\"dq\"", "plain-arg=1"] });

        Assert.Equal(
            """main.py 'two words' 'it'\''s' '$HOME' 'back\slash' '"dq"' plain-arg=1""",
            t.Handler.Requests[^1].Json().GetProperty("commandToRun").GetString());
    }

    [Fact]
    public async Task StartRun_in_v4_sends_a_direct_command_line_as_it_is()
    {
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.Started);

        await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["python main.py --epochs 3 | tee log.txt"], IsDirect = true });

        Assert.Equal("python main.py --epochs 3 | tee log.txt", t.Handler.Requests[^1].Json().GetProperty("commandToRun").GetString());
    }

    [Theory]
    [InlineData("Large", "large-k8s")]
    [InlineData("small-k8s", "small-k8s")]
    public async Task StartRun_in_v4_resolves_a_tier_name_with_exactly_one_match_and_takes_an_existing_id_as_it_is(string tier, string expectedId)
    {
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.Tiers).RespondJson(Jobs.Started);

        await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], Tier = tier });

        Assert.Equal(
            ["GET /v4/gateway/projects/findProjectByOwnerAndName?ownerName=alice&projectName=churn-model",
             "GET /v4/jobs?projectId=55221238e4b02f8c82189faa&page_size=1",
             "GET /v4/projects/55221238e4b02f8c82189faa/hardwareTiers",
             "POST /v4/jobs/start"],
            t.Handler.Log());
        Assert.Equal(expectedId, t.Handler.Requests[^1].Json().GetProperty("overrideHardwareTierId").GetString());
    }

    [Fact]
    public async Task StartRun_in_v4_prefers_a_tier_whose_id_matches_over_another_whose_name_matches()
    {
        using var t = Jobs.V4();
        t.Handler.RespondJson("""[{"hardwareTier":{"id":"Large","name":"Big"}},{"hardwareTier":{"id":"large-k8s","name":"Large"}}]""").RespondJson(Jobs.Started);

        await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], Tier = "Large" });

        Assert.Equal("Large", t.Handler.Requests[^1].Json().GetProperty("overrideHardwareTierId").GetString());
    }

    [Fact]
    public async Task StartRun_in_v4_refuses_an_unknown_tier_listing_the_tiers_and_starts_nothing()
    {
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.Tiers);

        var error = await Assert.ThrowsAsync<DominoConfigurationException>(() =>
            t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], Tier = "large" }));

        Assert.Contains("no hardware tier with the id or name 'large'", error.Message);
        Assert.Contains("'Small' (id 'small-k8s', the default)", error.Message);
        Assert.Contains("'Large' (id 'large-k8s')", error.Message);
        Assert.Equal(DominoSetting.HardwareTier, error.Setting);
        Assert.StartsWith("the project alice/churn-model has no hardware tier with the id or name 'large'", error.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(t.Handler.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task StartRun_in_v4_refuses_a_tier_name_two_tiers_carry_and_asks_for_the_id()
    {
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.Tiers);

        var error = await Assert.ThrowsAsync<DominoConfigurationException>(() =>
            t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], Tier = "GPU" }));

        Assert.Contains("2 hardware tiers named 'GPU' (id 'gpu-a', id 'gpu-b')", error.Message);
        Assert.Contains("give the id", error.Message);
        Assert.Equal(DominoSetting.HardwareTier, error.Setting);
        Assert.DoesNotContain(t.Handler.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task StartRun_in_v4_with_a_marker_reattaches_to_the_job_carrying_it_without_posting()
    {
        // Given a project whose jobs include one titled with the marker
        using var t = Jobs.V4();
        t.Handler.RespondJson($$"""{"jobs":[{{Jobs.Job("Running", false, id: "cccccccccccccccccccccccc", title: "nightly [ci-42-1]")}},{{Jobs.Job("Succeeded", true, id: "aaaaaaaaaaaaaaaaaaaaaaaa", title: "other")}}]}""");

        // When a run with that marker is started
        var started = await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], Title = "nightly", Marker = "ci-42-1" });

        // Then it reattaches to that job and sends no start
        Assert.True(started.Reattached);
        Assert.Equal("cccccccccccccccccccccccc", started.RunId);
        Assert.Equal(
            "GET /v4/jobs?projectId=55221238e4b02f8c82189faa&order_by=number&sort_by=desc&page_size=100&page_no=1&show_archived=false&status=all",
            t.Handler.Log()[^1]);
        Assert.DoesNotContain(t.Handler.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task StartRun_in_v4_with_a_marker_no_job_carries_puts_it_in_the_title()
    {
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.NoJobs).RespondJson(Jobs.Started);

        await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], Title = "nightly", Marker = "ci-42-1" });

        Assert.Equal("nightly [ci-42-1]", t.Handler.Requests[^1].Json().GetProperty("title").GetString());
    }

    [Fact]
    public async Task StartRun_in_v4_whose_answer_is_lost_after_sending_is_not_resent_and_may_have_started()
    {
        // Given a server that took the start but whose answer was a gateway error
        using var t = Jobs.V4();
        t.Handler.Respond(HttpStatusCode.BadGateway, """{"message":"upstream reset"}""");

        // When the job is started
        var error = await t.Drive(Assert.ThrowsAsync<DominoRunMayHaveStartedException>(() =>
            t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] })));

        // Then the start went out once and the error says the job may have started
        Assert.Single(t.Handler.Requests, r => r.Method == HttpMethod.Post);
        Assert.Equal("/v4/jobs/start", error.RequestPath);
    }

    [Fact]
    public async Task StartRun_in_v4_with_an_unreadable_answer_may_have_started()
    {
        using var t = Jobs.V4();
        t.Handler.RespondJson("""{"id":"not-a-job-id"}""");

        var error = await Assert.ThrowsAsync<DominoRunMayHaveStartedException>(() =>
            t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] }));

        Assert.Contains("may have started", error.Message);
        Assert.Single(t.Handler.Requests, r => r.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task StartRun_in_v4_refuses_PublishApiEndpoint_which_only_v1_carries()
    {
        using var t = Jobs.V4();

        var error = await Assert.ThrowsAsync<DominoConfigurationException>(() =>
            t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], PublishApiEndpoint = true }));

        Assert.Contains("PublishApiEndpoint needs the v1 runs API", error.Message);
        Assert.Contains("DOMINO_API_MODE=v1", error.Message);
        Assert.DoesNotContain(t.Handler.Requests, r => r.Method == HttpMethod.Post);
    }
}
