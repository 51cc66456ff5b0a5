using System.Net;
using System.Text;
using Domino.Client;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Moq;

namespace Domino.MSBuild.Tests;

/// <summary>
/// The parameters of today's Domino (v4 Jobs API) on DominoStartRun, and the Api parameter of every task: each value
/// reaches the core's request or options, and each bad value is one coded error naming the task parameter and the
/// DominoRun target's property, with nothing sent to Domino.
/// </summary>
public class JobsApiParameterTests
{
    private const string EnvironmentId = "5f7a8c2e4b0a1c3d5e6f7a8b";
    private const string VolumeA = "62a1c3e5b7d9f1a3c5e7b9d1";
    private const string VolumeB = "62a1c3e5b7d9f1a3c5e7b9d2";

    private readonly TaskFixture _fixture = new();
    private DominoStartRunRequest? _sent;

    public JobsApiParameterTests()
    {
        _fixture.ProjectClient.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .Callback<DominoStartRunRequest, CancellationToken>((r, _) => _sent = r)
            .ReturnsAsync(new DominoRunStarted(TaskFixture.RunId, TaskFixture.RunUrl, null, false));
    }

    [Fact]
    public void StartRun_passes_HardwareTier_EnvironmentId_Branch_and_ExternalVolumeMounts_to_the_core_request()
    {
        // Given every v4 parameter that can go together
        var task = Start(t =>
        {
            t.HardwareTier = " large ";
            t.EnvironmentId = EnvironmentId;
            t.Branch = "release/2026-11";
            t.ExternalVolumeMounts = [new TaskItem(VolumeA), new TaskItem(" " + VolumeB)];
        });

        // When the task runs
        Assert.True(task.Execute(), string.Join(Environment.NewLine, _fixture.Engine.AllText));

        // Then the core's request carries each of them, trimmed
        Assert.NotNull(_sent);
        Assert.Equal("large", _sent!.Tier);
        Assert.Equal(EnvironmentId, _sent.EnvironmentId);
        Assert.Equal("release/2026-11", _sent.Branch);
        Assert.Null(_sent.GitRef);
        Assert.Equal([VolumeA, VolumeB], _sent.ExternalVolumeMounts!);
        Assert.Null(_sent.ComputeCluster);
    }

    [Fact]
    public void StartRun_without_the_v4_parameters_leaves_them_unset_in_the_core_request()
    {
        var task = Start();

        Assert.True(task.Execute());

        Assert.Null(_sent!.Tier);
        Assert.Null(_sent.EnvironmentId);
        Assert.Null(_sent.Branch);
        Assert.Null(_sent.GitRef);
        Assert.Null(_sent.ExternalVolumeMounts);
        Assert.Null(_sent.ComputeCluster);
    }

    [Theory]
    [InlineData("branches:main", DominoGitRefType.Branch, "main")]
    [InlineData("branch:release/1.x", DominoGitRefType.Branch, "release/1.x")]
    [InlineData("tags:v1.2.0", DominoGitRefType.Tag, "v1.2.0")]
    [InlineData("commitId:9f2c1e4", DominoGitRefType.Commit, "9f2c1e4")]
    [InlineData("commit:960a4c99a4cc38194cbacbcce41caa68ba5369ea", DominoGitRefType.Commit, "960a4c99a4cc38194cbacbcce41caa68ba5369ea")]
    public void StartRun_parses_GitRef_into_the_core_git_ref(string gitRef, DominoGitRefType type, string value)
    {
        var task = Start(t => t.GitRef = gitRef);

        Assert.True(task.Execute(), string.Join(Environment.NewLine, _fixture.Engine.AllText));

        Assert.Equal(new DominoGitRef(type, value), _sent!.GitRef);
        Assert.Null(_sent.Branch);
    }

    [Fact]
    public void StartRun_sends_a_commit_id_together_with_a_git_ref()
    {
        var task = Start(t => { t.GitRef = "commit:9f2c1e4"; t.CommitId = TaskFixture.CommitId; });

        Assert.True(task.Execute(), string.Join(Environment.NewLine, _fixture.Engine.AllText));

        Assert.Equal(TaskFixture.CommitId, _sent!.CommitId);
        Assert.Equal(DominoGitRef.Commit("9f2c1e4"), _sent.GitRef);
    }

    [Fact]
    public void StartRun_takes_Tier_as_the_older_name_of_HardwareTier()
    {
        var task = Start(t => t.Tier = "Small");

        Assert.True(task.Execute());

        Assert.Equal("Small", _sent!.Tier);
    }

    [Fact]
    public void StartRun_accepts_Tier_and_HardwareTier_set_to_the_same_value()
    {
        var task = Start(t => { t.Tier = "large"; t.HardwareTier = "large"; });

        Assert.True(task.Execute());

        Assert.Equal("large", _sent!.Tier);
    }

    [Fact]
    public void StartRun_with_Tier_and_HardwareTier_set_to_different_values_logs_DOM030_naming_both()
    {
        var message = AssertRefused(Start(t => { t.Tier = "Small"; t.HardwareTier = "large"; }), "DOM030");

        Assert.Equal(
            "HardwareTier 'large' and Tier 'Small' are both set, to different values (DominoHardwareTier and DominoTier for the DominoRun target): "
            + "Tier is the older name of HardwareTier. Give only HardwareTier, for example HardwareTier=\"large\" (-p:DominoHardwareTier=large).",
            message);
    }

    [Fact]
    public void StartRun_with_a_tier_holding_a_control_character_logs_DOM030_naming_HardwareTier_and_DominoHardwareTier()
    {
        var message = AssertRefused(Start(t => t.HardwareTier = "large\tgpu"), "DOM030");

        Assert.StartsWith("The hardware tier contains control characters: give its id or name, for example 'small-k8s' or 'Large'.", message, StringComparison.Ordinal);
        Assert.Contains("the task's HardwareTier parameter (or its older name Tier), the DominoHardwareTier (or DominoTier) property for the DominoRun target", message);
    }

    [Fact]
    public void StartRun_for_a_tier_the_project_does_not_have_logs_DOM030_listing_the_tiers_in_MSBuild_words()
    {
        // Given a project whose tiers do not include the one asked for (the core finds out from the server)
        const string Detail = "the project alice/quick has no hardware tier with the id or name 'huge': it has 'Small' (id 'small-k8s', the default), 'Large' (id 'large'). "
            + "Give one of those ids or names, for example 'small-k8s'.";
        _fixture.ProjectClient.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DominoConfigurationException("The p" + Detail[1..], DominoSetting.HardwareTier, DominoSettingProblem.Invalid, Detail));
        var task = Start(t => t.HardwareTier = "huge");

        // When the task runs
        Assert.False(task.Execute());

        // Then one DOM030 error lists the tiers and names the parameter and the property
        var error = _fixture.Engine.SingleError;
        Assert.Equal("DOM030", error.Code);
        Assert.Equal(
            "Starting a run of project alice/quick failed: The project alice/quick has no hardware tier with the id or name 'huge': it has 'Small' (id 'small-k8s', the default), "
            + "'Large' (id 'large'). Give one of those ids or names, for example 'small-k8s'. The hardware tier is the task's HardwareTier parameter (or its older name Tier), "
            + "the DominoHardwareTier (or DominoTier) property for the DominoRun target.",
            error.Message);
        Assert.EndsWith("#dom030", error.HelpLink, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("env-default")]
    [InlineData("5F7A8C2E4B0A1C3D5E6F7A8B")]
    public void StartRun_with_a_malformed_EnvironmentId_logs_DOM031_naming_EnvironmentId_and_DominoEnvironmentId(string environmentId)
    {
        var message = AssertRefused(Start(t => t.EnvironmentId = environmentId), "DOM031");

        Assert.StartsWith($"The environment id '{environmentId}' is not valid: a Domino environment id is 24 lower-case hex characters, for example '5f7a8c2e4b0a1c3d5e6f7a8b'.", message, StringComparison.Ordinal);
        Assert.EndsWith("The environment is the task's EnvironmentId parameter, the DominoEnvironmentId property for the DominoRun target.", message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<DominoStartRun>, string> GitRefErrors => new()
    {
        { "branch with commit", t => { t.Branch = "main"; t.CommitId = TaskFixture.CommitId; }, "Give Branch or CommitId, not both: Branch 'main' runs the branch's latest commit" },
        { "branch with git ref", t => { t.Branch = "main"; t.GitRef = "tag:v1"; }, "Give Branch or GitRef, not both: Branch 'main' is shorthand for GitRef 'branch:main', and GitRef is 'tag:v1'." },
        { "branch with a space", t => t.Branch = "my branch", "The Branch branch 'my branch' is not a valid git branch name" },
        { "git ref without a kind", t => t.GitRef = "main", "The git ref 'main' is not valid: give the kind and the name separated by ':', for example 'branch:main', 'tag:v1.2.0' or 'commit:9f2c1e4'." },
        { "git ref of an unknown kind", t => t.GitRef = "sha:9f2c1e4", "The git ref 'sha:9f2c1e4' is not valid" },
        { "git commit that is not hex", t => t.GitRef = "commit:HEAD~1", "The git ref commit 'HEAD~1' is not valid: a git commit is 7 to 40 hexadecimal characters" },
    };

    [Theory]
    [MemberData(nameof(GitRefErrors))]
    public void StartRun_with_a_bad_git_reference_logs_DOM032_naming_the_parameters_and_properties(string rule, Action<DominoStartRun> configure, string expected)
    {
        var message = AssertRefused(Start(configure), "DOM032");

        Assert.True(message.StartsWith(expected, StringComparison.Ordinal), $"{rule}: {message}");
        Assert.EndsWith(
            "The git reference is the task's Branch, GitRef or CommitId parameter, the DominoBranch, DominoGitRef or DominoCommitId property for the DominoRun target.",
            message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartRun_with_a_malformed_external_volume_id_logs_DOM033_naming_ExternalVolumeMounts_and_DominoExternalVolumeMounts()
    {
        var message = AssertRefused(Start(t => t.ExternalVolumeMounts = [new TaskItem(VolumeA), new TaskItem("data-volume")]), "DOM033");

        Assert.StartsWith("The external volume mount id 'data-volume' is not valid: an external volume id is 24 lower-case hex characters, for example '62a1c3e5b7d9f1a3c5e7b9d1'.", message, StringComparison.Ordinal);
        Assert.EndsWith(
            "External volumes are the task's ExternalVolumeMounts parameter (items or a ';' list), the DominoExternalVolumeMounts property for the DominoRun target.",
            message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartRun_passes_a_ComputeCluster_item_and_its_metadata_to_the_core_request()
    {
        // Given a Spark cluster as an item with metadata
        var cluster = Cluster("Spark");
        cluster.SetMetadata("ComputeEnvironmentRevision", "LatestRevision");
        cluster.SetMetadata("MaxWorkerCount", "6");
        cluster.SetMetadata("WorkerStorageGiB", "20.5");
        var task = Start(t => t.ComputeCluster = [cluster]);

        // When the task runs
        Assert.True(task.Execute(), string.Join(Environment.NewLine, _fixture.Engine.AllText));

        // Then the core's request carries the cluster
        Assert.Equal(
            new DominoComputeCluster
            {
                ClusterType = "Spark", ComputeEnvironmentId = EnvironmentId, ComputeEnvironmentRevision = "LatestRevision", MasterHardwareTierId = "medium-k8s",
                WorkerHardwareTierId = "small-k8s", WorkerCount = 3, MaxWorkerCount = 6, WorkerStorageGiB = 20.5,
            },
            _sent!.ComputeCluster);
    }

    [Fact]
    public void StartRun_with_a_cluster_of_an_unknown_type_logs_DOM034_naming_ComputeCluster_and_DominoComputeCluster()
    {
        var message = AssertRefused(Start(t => t.ComputeCluster = [Cluster("Hadoop")]), "DOM034");

        Assert.StartsWith("The compute cluster is not valid: its type 'Hadoop' is not one of Spark, Ray, Dask, MPI; for example ClusterType = \"Spark\".", message, StringComparison.Ordinal);
        Assert.Contains("The compute cluster is the task's ComputeCluster item (the DominoComputeCluster item for the DominoRun target)", message);
        Assert.Contains("<DominoComputeCluster Include=\"Spark\" ComputeEnvironmentId=", message);
    }

    [Fact]
    public void StartRun_with_a_cluster_WorkerCount_that_is_not_a_number_logs_DOM034_naming_the_metadata()
    {
        var cluster = Cluster("Ray");
        cluster.SetMetadata("WorkerCount", "three");

        var message = AssertRefused(Start(t => t.ComputeCluster = [cluster]), "DOM034");

        Assert.StartsWith("The ComputeCluster metadata WorkerCount 'three' is not a whole number, for example 3.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartRun_with_two_cluster_items_logs_DOM034()
    {
        var message = AssertRefused(Start(t => t.ComputeCluster = [Cluster("Spark"), Cluster("Ray")]), "DOM034");

        Assert.StartsWith("ComputeCluster has 2 items (Spark, Ray): a run attaches at most one cluster, so give one item.", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v4", DominoApiMode.V4)]
    [InlineData("V1", DominoApiMode.V1)]
    [InlineData(" Auto ", DominoApiMode.Auto)]
    public void Api_reaches_the_client_options_and_wins_over_DOMINO_API_MODE(string api, DominoApiMode expected)
    {
        // Given DOMINO_API_MODE set to something else
        _fixture.Environment["DOMINO_API_MODE"] = expected == DominoApiMode.V1 ? "v4" : "v1";
        var task = Start(t => t.Api = api);

        // When the task runs
        Assert.True(task.Execute(), string.Join(Environment.NewLine, _fixture.Engine.AllText));

        // Then the client was made with the parameter's mode
        Assert.Equal(expected, _fixture.Options!.Api);
    }

    [Fact]
    public void Without_Api_the_client_reads_DOMINO_API_MODE_from_the_build_environment()
    {
        _fixture.Environment["DOMINO_API_MODE"] = "v1";
        var task = _fixture.Create<DominoGetRun>(t => t.RunId = TaskFixture.RunId);
        _fixture.ProjectClient.Setup(p => p.GetRunAsync(TaskFixture.RunId, It.IsAny<CancellationToken>())).ReturnsAsync(TaskFixture.Run("Succeeded"));

        Assert.True(task.Execute(), string.Join(Environment.NewLine, _fixture.Engine.AllText));

        Assert.Null(_fixture.Options!.Api);
        Assert.Equal("v1", _fixture.Options.Environment.GetVariable("DOMINO_API_MODE"));
    }

    [Fact]
    public void Every_task_that_talks_to_Domino_takes_Api()
    {
        var taskTypes = typeof(DominoTaskBase).Assembly.GetExportedTypes().Where(t => t.IsSubclassOf(typeof(DominoTaskBase))).ToList();

        Assert.Equal(5, taskTypes.Count);
        Assert.All(taskTypes, t => Assert.NotNull(t.GetProperty(nameof(DominoTaskBase.Api))));
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("latest")]
    [InlineData("4")]
    public void A_bad_Api_logs_DOM035_naming_Api_DominoApi_and_DOMINO_API_MODE_and_sends_nothing(string api)
    {
        var task = _fixture.Create<DominoWaitForRun>(t => { t.RunId = TaskFixture.RunId; t.Api = api; });

        var message = AssertRefused(task, "DOM035");

        Assert.Equal(
            $"Api '{api}' is not an API mode: give Auto (the v4 Jobs API where the server has it, else v1), V4 or V1, for example Api=\"V1\" "
            + "(-p:DominoApi=V1 for the DominoRun target). It wins over the environment variable DOMINO_API_MODE.",
            message);
    }

    [Fact]
    public void A_bad_DOMINO_API_MODE_logs_DOM035_naming_the_variable_and_the_Api_parameter_that_wins_over_it()
    {
        _fixture.Environment["DOMINO_API_MODE"] = "v5";
        var task = _fixture.Create<DominoGetRun>(t => t.RunId = TaskFixture.RunId);

        var message = AssertRefused(task, "DOM035");

        Assert.Equal(
            "Reading run 553af271e4b0364c0f717b24 failed: The environment variable DOMINO_API_MODE is not valid: 'v5' is not an API mode; give auto (v4 where the server has it, else v1), v4 or v1. "
            + "The task's Api parameter (DominoApi for the DominoRun target) wins over it.",
            message);
    }

    [Fact]
    public void Api_V4_against_a_Domino_without_v4_logs_DOM035_and_starts_nothing()
    {
        // Given a server that knows the project but has no v4 Jobs API
        var server = new V1OnlyServer();
        _fixture.Transport = server;
        var task = Start(t => t.Api = "V4");

        // When the task runs
        var message = AssertRefused(task, "DOM035", checkNothingSent: false);

        // Then it says why in MSBuild words, and nothing was posted
        Assert.Equal(
            "Starting a run of project alice/quick failed: The API mode is V4, but Domino at https://domino.example.com/ has no v4 Jobs API (GET /v4/jobs answered 404); "
            + "give Auto (v4 where the server has it, else v1) or V1. " + TaskParameters.ApiModeSource,
            message);
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public void Api_V1_with_a_v4_only_parameter_logs_DOM035_naming_the_parameter_and_starts_nothing()
    {
        var server = new V1OnlyServer();
        _fixture.Transport = server;
        var task = Start(t => { t.Api = "V1"; t.EnvironmentId = EnvironmentId; });

        var message = AssertRefused(task, "DOM035", checkNothingSent: false);

        Assert.Equal(
            "Starting a run of project alice/quick failed: EnvironmentId needs the v4 Jobs API, but the API mode is V1. Set the API mode to Auto or V4, or leave it unset. "
            + TaskParameters.ApiModeSource,
            message);
        Assert.Empty(server.Requests);
    }

    private DominoStartRun Start(Action<DominoStartRun>? configure = null) =>
        _fixture.Create<DominoStartRun>(t =>
        {
            t.Command = [new TaskItem("main.py"), new TaskItem("foo"), new TaskItem("1")];
            configure?.Invoke(t);
        });

    private static TaskItem Cluster(string type)
    {
        var item = new TaskItem(type);
        item.SetMetadata("ComputeEnvironmentId", EnvironmentId);
        item.SetMetadata("MasterHardwareTierId", "medium-k8s");
        item.SetMetadata("WorkerHardwareTierId", "small-k8s");
        item.SetMetadata("WorkerCount", "3");
        return item;
    }

    /// <summary>Runs the task, expects exactly one error with <paramref name="code"/> in MSBuild words, and returns its message.</summary>
    private string AssertRefused(DominoTaskBase task, string code, bool checkNothingSent = true)
    {
        Assert.False(task.Execute());
        var error = _fixture.Engine.SingleError;
        Assert.Equal(code, error.Code);
        Assert.Equal("Domino", error.Subcategory);
        Assert.EndsWith("#" + code.ToLowerInvariant(), error.HelpLink, StringComparison.Ordinal);
        WordingRules.AssertMSBuildWords(error.Message!);
        if (checkNothingSent)
        {
            Assert.DoesNotContain(_fixture.ProjectClient.Invocations, i => i.Method.Name.EndsWith("Async", StringComparison.Ordinal));
        }

        Assert.Null((task as DominoStartRun)?.RunId);
        return error.Message!;
    }

    /// <summary>An old Domino: it finds the project, and answers 404 to every v4 route.</summary>
    private sealed class V1OnlyServer : HttpMessageHandler
    {
        public List<string> Requests { get; } = new();

        protected override System.Threading.Tasks.Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
            var (status, body) = request.RequestUri.AbsolutePath.StartsWith("/v4/gateway/projects/findProjectByOwnerAndName", StringComparison.Ordinal)
                ? (HttpStatusCode.OK, "{\"id\":\"aabbccddeeff001122334455\",\"name\":\"quick\"}")
                : (HttpStatusCode.NotFound, "{\"message\":\"Not Found\"}");
            return System.Threading.Tasks.Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json"), RequestMessage = request });
        }
    }
}
