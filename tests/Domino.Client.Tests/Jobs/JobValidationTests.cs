namespace Domino.Client.Tests.Jobs;

/// <summary>Every rule is checked before any request: the fake server has no answer scripted, so a request would fail differently.</summary>
public class JobValidationTests
{
    public static TheoryData<string, DominoStartRunRequest, string, string> Invalid => new()
    {
        { "branch with commit", new DominoStartRunRequest { Command = ["main.py"], Branch = "main", CommitId = TestClient.CommitId },
            "Give Branch or CommitId, not both: Branch 'main'", "Branch" },
        { "branch with git ref", new DominoStartRunRequest { Command = ["main.py"], Branch = "main", GitRef = DominoGitRef.Tag("v1") },
            "Give Branch or GitRef, not both: Branch 'main' is shorthand for GitRef 'branch:main', and GitRef is 'tag:v1'", "Branch" },
        { "branch with a space", new DominoStartRunRequest { Command = ["main.py"], Branch = "my branch" },
            "The Branch branch 'my branch' is not a valid git branch name", "Branch" },
        { "branch with dots", new DominoStartRunRequest { Command = ["main.py"], Branch = "a..b" }, "'a..b' is not a valid git branch name", "Branch" },
        { "tag starting with a dash", new DominoStartRunRequest { Command = ["main.py"], GitRef = DominoGitRef.Tag("-v1") }, "The GitRef tag '-v1' is not a valid git tag name", "GitRef" },
        { "git commit not hex", new DominoStartRunRequest { Command = ["main.py"], GitRef = DominoGitRef.Commit("main") },
            "The GitRef commit 'main' is not valid: a git commit is 7 to 40 hexadecimal characters", "GitRef" },
        { "empty command", new DominoStartRunRequest { Command = [] }, "The run command is empty", "Command" },
        { "blank argument", new DominoStartRunRequest { Command = ["main.py", " "] }, "Element 1 of the run command is empty", "Command" },
        { "environment id", new DominoStartRunRequest { Command = ["main.py"], EnvironmentId = "env-default" },
            "The environment id 'env-default' is not valid: a Domino environment id is 24 lower-case hex characters, for example '5f7a8c2e4b0a1c3d5e6f7a8b'", "EnvironmentId" },
        { "volume id", new DominoStartRunRequest { Command = ["main.py"], ExternalVolumeMounts = ["vol-1"] },
            "The external volume mount id 'vol-1' is not valid", "ExternalVolumeMounts" },
        { "tier with a control character", new DominoStartRunRequest { Command = ["main.py"], Tier = "large\tgpu" }, "The hardware tier contains control characters", "Tier" },
        { "commit id", new DominoStartRunRequest { Command = ["main.py"], CommitId = "abc" }, "The commit id 'abc' is not valid", "CommitId" },
        { "cluster type", Cluster(c => c with { ClusterType = "Hadoop" }), "its type 'Hadoop' is not one of Spark, Ray, Dask, MPI", "ComputeCluster" },
        { "cluster environment", Cluster(c => c with { ComputeEnvironmentId = "x" }), "its environment id 'x' is not 24 lower-case hex characters", "ComputeCluster" },
        { "cluster revision", Cluster(c => c with { ComputeEnvironmentRevision = "Newest" }), "its environment revision 'Newest' is neither ActiveRevision", "ComputeCluster" },
        { "cluster master", Cluster(c => c with { MasterHardwareTierId = null }), "a Spark cluster needs MasterHardwareTierId", "ComputeCluster" },
        { "cluster workers", Cluster(c => c with { WorkerCount = 0 }), "WorkerCount is 0: give at least 1 worker", "ComputeCluster" },
        { "cluster autoscaling", Cluster(c => c with { MaxWorkerCount = 1 }), "MaxWorkerCount 1 is below WorkerCount 2", "ComputeCluster" },
        { "cluster storage", Cluster(c => c with { WorkerStorageGiB = -5 }), "WorkerStorageGiB is -5: give a positive size in GiB", "ComputeCluster" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task StartRun_refuses_an_invalid_request_naming_the_value_before_any_request(string rule, DominoStartRunRequest request, string expected, string property)
    {
        // Given a client in each mode
        foreach (var mode in new[] { DominoApiMode.Auto, DominoApiMode.V4, DominoApiMode.V1 })
        {
            using var t = new TestClient(o => o.Api = mode);

            // When the invalid request is started
            var error = await Assert.ThrowsAsync<ArgumentException>(() => t.Project.StartRunAsync(request));

            // Then it is refused with a message naming the value and the property at fault, and nothing was sent
            Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{rule} ({mode}): {error.Message}");
            Assert.Equal(property, error.ParamName);
            Assert.Empty(t.Handler.Requests);
        }
    }

    [Fact]
    public async Task StartRun_allows_a_commit_id_together_with_a_git_ref_and_sends_both()
    {
        using var t = Jobs.V4();
        t.Handler.RespondJson(Jobs.Started);

        await t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], CommitId = TestClient.CommitId, GitRef = DominoGitRef.Commit("9f2c1e4") });

        var body = t.Handler.Requests[^1].Json();
        Assert.Equal(TestClient.CommitId, body.GetProperty("commitId").GetString());
        Assert.Equal("""{"type":"commitId","value":"9f2c1e4"}""", body.GetProperty("mainRepoGitRef").GetRawText());
    }

    [Theory]
    [InlineData("branch:main", DominoGitRefType.Branch, "main")]
    [InlineData("Branches:release/1.x", DominoGitRefType.Branch, "release/1.x")]
    [InlineData("tag:v1.2.0", DominoGitRefType.Tag, "v1.2.0")]
    [InlineData("tags:v2", DominoGitRefType.Tag, "v2")]
    [InlineData("commit:9f2c1e4", DominoGitRefType.Commit, "9f2c1e4")]
    [InlineData("commitId:960a4c99a4cc38194cbacbcce41caa68ba5369ea", DominoGitRefType.Commit, "960a4c99a4cc38194cbacbcce41caa68ba5369ea")]
    public void GitRef_Parse_reads_kind_and_value(string text, DominoGitRefType type, string value) =>
        Assert.Equal(new DominoGitRef(type, value), DominoGitRef.Parse(text));

    [Theory]
    [InlineData("main", "The git ref 'main' is not valid: give the kind and the name separated by ':'")]
    [InlineData("sha:abc", "The git ref 'sha:abc' is not valid")]
    [InlineData("branch:", "The git ref branch '' is not a valid git branch name")]
    [InlineData("commit:xyz1234", "The git ref commit 'xyz1234' is not valid")]
    public void GitRef_Parse_refuses_a_malformed_value_with_examples(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => DominoGitRef.Parse(text));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    private static DominoStartRunRequest Cluster(Func<DominoComputeCluster, DominoComputeCluster> change) => new()
    {
        Command = ["main.py"],
        ComputeCluster = change(new DominoComputeCluster
        {
            ClusterType = "Spark", ComputeEnvironmentId = Jobs.EnvironmentId, MasterHardwareTierId = "small-k8s", WorkerHardwareTierId = "large-k8s", WorkerCount = 2,
        }),
    };
}
