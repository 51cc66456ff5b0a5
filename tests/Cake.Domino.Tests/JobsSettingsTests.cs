using Cake.Core;
using Domino.Client;
using Moq;

namespace Cake.Domino.Tests;

/// <summary>The settings of today's Domino (hardware tier, environment, git ref, volumes, cluster, API mode) and the list aliases.</summary>
public sealed class JobsSettingsTests : IDisposable
{
    private const string EnvironmentId = "5f7a8c2e4b0a1c3d5e6f7a8b";
    private const string VolumeA = "62a1c3e5b7d9f1a3c5e7b9d1";
    private const string VolumeB = "62a1c3e5b7d9f1a3c5e7b9d2";

    private static readonly DominoComputeCluster Spark = new()
    {
        ClusterType = "Spark",
        ComputeEnvironmentId = EnvironmentId,
        MasterHardwareTierId = "medium-k8s",
        WorkerHardwareTierId = "small-k8s",
        WorkerCount = 3,
    };

    private readonly FakeCakeContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void StartRun_sends_the_hardware_tier_environment_git_ref_volumes_and_cluster_in_the_request()
    {
        // Given a script that sets every v4 setting but Branch (which may not go with GitRef)
        var sent = CaptureStart();

        // When it starts the run
        _context.DominoStartRun(new DominoStartRunSettings
        {
            Command = new[] { "main.py", "foo", "1" },
            HardwareTier = "large",
            EnvironmentId = EnvironmentId,
            GitRef = DominoGitRef.Tag("v1.2.0"),
            ExternalVolumeMounts = new[] { VolumeA, VolumeB },
            ComputeCluster = Spark,
        });

        // Then the core's request carries each of them
        var request = sent();
        Assert.Equal("large", request.Tier);
        Assert.Equal(EnvironmentId, request.EnvironmentId);
        Assert.Equal(DominoGitRef.Tag("v1.2.0"), request.GitRef);
        Assert.Null(request.Branch);
        Assert.Equal(new[] { VolumeA, VolumeB }, request.ExternalVolumeMounts);
        Assert.Same(Spark, request.ComputeCluster);
    }

    [Fact]
    public void StartRun_sends_the_branch_in_the_request()
    {
        var sent = CaptureStart();

        _context.DominoStartRun(s => s.WithCommand("main.py").WithBranch("release/2026-11"));

        Assert.Equal("release/2026-11", sent().Branch);
        Assert.Null(sent().GitRef);
    }

    [Fact]
    public void StartRun_leaves_unset_v4_settings_out_of_the_request()
    {
        var sent = CaptureStart();

        _context.DominoStartRun(new DominoStartRunSettings { Command = new[] { "main.py" }, HardwareTier = " ", EnvironmentId = "", Branch = null });

        var request = sent();
        Assert.Null(request.Tier);
        Assert.Null(request.EnvironmentId);
        Assert.Null(request.Branch);
        Assert.Null(request.GitRef);
        Assert.Null(request.ExternalVolumeMounts);
        Assert.Null(request.ComputeCluster);
    }

    [Fact]
    public void DominoRun_sends_the_v4_settings_of_DominoRunSettings_in_the_request()
    {
        var sent = CaptureStart();
        _context.Project.Setup(p => p.WaitForRunAsync(Runs.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Runs.Run("Succeeded"));

        _context.DominoRun(s => s.WithCommand("main.py").WithHardwareTier("gpu-large").WithEnvironmentId(EnvironmentId).WithBranch("main").WithExternalVolumeMount(VolumeA));

        var request = sent();
        Assert.Equal(("gpu-large", EnvironmentId, "main"), (request.Tier, request.EnvironmentId, request.Branch));
        Assert.Equal(new[] { VolumeA }, request.ExternalVolumeMounts);
    }

    [Fact]
    public void Fluent_v4_setters_return_the_same_instance_and_set_the_values()
    {
        var settings = new DominoStartRunSettings();

        var same = settings
            .WithHardwareTier("Large")
            .WithEnvironmentId(EnvironmentId)
            .WithBranch("main")
            .WithGitRef(DominoGitRef.Commit("9f2c1e4"))
            .WithExternalVolumeMount(VolumeA)
            .WithExternalVolumeMounts(VolumeB)
            .WithComputeCluster(Spark)
            .WithApi(DominoApiMode.V4);

        Assert.Same(settings, same);
        Assert.Equal(("Large", EnvironmentId, "main"), (settings.HardwareTier, settings.EnvironmentId, settings.Branch));
        Assert.Equal(DominoGitRef.Commit("9f2c1e4"), settings.GitRef);
        Assert.Equal(new[] { VolumeA, VolumeB }, settings.ExternalVolumeMounts);
        Assert.Same(Spark, settings.ComputeCluster);
        Assert.Equal(DominoApiMode.V4, settings.Api);
    }

    [Theory]
    [InlineData("branch:main", DominoGitRefType.Branch, "main")]
    [InlineData("tag:v1.2.0", DominoGitRefType.Tag, "v1.2.0")]
    [InlineData("commit:9f2c1e4", DominoGitRefType.Commit, "9f2c1e4")]
    public void WithGitRef_parses_kind_and_value(string text, DominoGitRefType type, string value)
    {
        var settings = new DominoStartRunSettings().WithGitRef(text);

        Assert.Equal(new DominoGitRef(type, value), settings.GitRef);
    }

    [Fact]
    public void WithGitRef_of_a_string_without_a_kind_names_the_GitRef_setting()
    {
        var settings = new DominoStartRunSettings();

        var error = Assert.Throws<ArgumentException>(() => settings.WithGitRef("main"));

        Assert.Equal("GitRef", error.ParamName);
        Assert.StartsWith("GitRef: The git ref 'main' is not valid", error.Message, StringComparison.Ordinal);
        Assert.Contains("'branch:main'", error.Message);
        Assert.Null(settings.GitRef);
    }

    [Fact]
    public void Defaults_of_the_v4_settings_are_unset()
    {
        var settings = new DominoRunSettings();

        Assert.Null(settings.HardwareTier);
        Assert.Null(settings.EnvironmentId);
        Assert.Null(settings.Branch);
        Assert.Null(settings.GitRef);
        Assert.Empty(settings.ExternalVolumeMounts);
        Assert.Null(settings.ComputeCluster);
        Assert.Null(settings.Api);
    }

    [Theory]
    [InlineData(DominoApiMode.Auto)]
    [InlineData(DominoApiMode.V4)]
    [InlineData(DominoApiMode.V1)]
    public void Api_setting_reaches_the_client_options(DominoApiMode mode)
    {
        Runs.SetupStart(_context);

        _context.DominoStartRun(s => s.WithCommand("main.py").WithApi(mode));

        Assert.Equal(mode, _context.LastOptions.Api);
    }

    [Fact]
    public void Api_unset_leaves_the_choice_to_the_client_and_DOMINO_API_MODE()
    {
        Runs.SetupStart(_context);
        _context.Variables["DOMINO_API_MODE"] = "v1";

        _context.DominoStartRun(s => s.WithCommand("main.py"));

        Assert.Null(_context.LastOptions.Api);
        Assert.Equal("v1", _context.LastOptions.Environment.GetVariable("DOMINO_API_MODE"));
    }

    [Fact]
    public void A_started_run_keeps_its_Api_setting_for_the_wait()
    {
        // Given a run started with Api = V1
        Runs.SetupStart(_context);
        _context.Project.Setup(p => p.WaitForRunAsync(Runs.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Runs.Run("Succeeded"));
        var run = _context.DominoStartRun(s => s.WithCommand("main.py").WithApi(DominoApiMode.V1));

        // When the script waits for it without settings
        _context.DominoWaitForRun(run);

        // Then the wait's client speaks V1 too
        Assert.Equal(DominoApiMode.V1, _context.LastOptions.Api);
        Assert.Equal(2, _context.CreatedOptions.Count);
    }

    [Fact]
    public void ListHardwareTiers_returns_the_project_tiers_from_the_client()
    {
        // Given a project with two tiers
        var tiers = new[] { new DominoHardwareTier("small-k8s", "Small", true), new DominoHardwareTier("large", "large", false) };
        _context.Project.Setup(p => p.ListHardwareTiersAsync(It.IsAny<CancellationToken>())).ReturnsAsync(tiers);

        // When the script lists them for another project
        var listed = _context.DominoListHardwareTiers(new DominoSettings { Project = "carol/forecast" });

        // Then it gets the client's list for that project
        Assert.Equal(tiers, listed);
        Assert.Equal(new DominoProjectName("carol", "forecast"), _context.ProjectNames.Single());
        Assert.Contains("2 hardware tier(s) for the runs of carol/forecast", _context.RecordingLog.AllText);
    }

    [Fact]
    public async Task ListHardwareTiersAsync_without_settings_lists_the_tiers_of_the_environments_project()
    {
        var tiers = new[] { new DominoHardwareTier("small-k8s", "Small", true) };
        _context.Project.Setup(p => p.ListHardwareTiersAsync(It.IsAny<CancellationToken>())).ReturnsAsync(tiers);

        var listed = await _context.DominoListHardwareTiersAsync();

        Assert.Equal(tiers, listed);
        Assert.Equal(new DominoProjectName("alice", "quick"), _context.ProjectNames.Single());
    }

    [Fact]
    public void ListEnvironments_returns_the_environments_the_projects_runs_can_use()
    {
        var environments = new[] { new DominoEnvironment(EnvironmentId, "Domino Standard Environment Py3.11 R4.4", "Global", "quay.io/domino/standard:1") };
        _context.Project.Setup(p => p.ListEnvironmentsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(environments);

        var listed = _context.DominoListEnvironments();

        Assert.Equal(environments, listed);
        _context.Client.Verify(c => c.ListEnvironmentsAsync(It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ListEnvironmentsAsync_with_settings_uses_their_connection()
    {
        _context.Project.Setup(p => p.ListEnvironmentsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Array.Empty<DominoEnvironment>());

        var listed = await _context.DominoListEnvironmentsAsync(new DominoSettings { Host = "https://domino.example.com", Api = DominoApiMode.V4 });

        Assert.Empty(listed);
        Assert.Equal(("https://domino.example.com", DominoApiMode.V4), (_context.LastOptions.Host, _context.LastOptions.Api));
    }

    [Fact]
    public void List_aliases_turn_a_client_error_into_a_CakeException()
    {
        var failure = new DominoNotFoundException("GET /v4/projects/p/hardwareTiers answered 404 Not Found", "GET", "/v4/projects/p/hardwareTiers", 404, null);
        _context.Project.Setup(p => p.ListHardwareTiersAsync(It.IsAny<CancellationToken>())).ThrowsAsync(failure);

        var error = Assert.Throws<CakeException>(() => _context.DominoListHardwareTiers());

        Assert.Same(failure, error.InnerException);
        Assert.Equal(1, error.ExitCode);
    }

    [Fact]
    public void List_aliases_refuse_null_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => DominoAliases.DominoListHardwareTiers(null!));
        Assert.Throws<ArgumentNullException>(() => _context.DominoListHardwareTiers(null!));
        Assert.Throws<ArgumentNullException>(() => DominoAliases.DominoListEnvironments(null!));
        Assert.Throws<ArgumentNullException>(() => _context.DominoListEnvironments(null!));
    }

    private Func<DominoStartRunRequest> CaptureStart()
    {
        DominoStartRunRequest? sent = null;
        _context.Project.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .Callback((DominoStartRunRequest r, CancellationToken _) => sent = r)
            .ReturnsAsync(Runs.Started(_context));
        return () => sent ?? throw new InvalidOperationException("No run was started.");
    }
}
