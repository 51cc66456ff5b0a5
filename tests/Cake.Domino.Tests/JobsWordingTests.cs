using System.Net;
using Cake.Core;
using Domino.Client;

namespace Cake.Domino.Tests;

/// <summary>
/// The errors a script meets with the settings of today's Domino (API mode, hardware tier, environment, git ref, volumes)
/// name the Cake settings and the environment variables, and nothing is started when a value is refused.
/// </summary>
public sealed class JobsWordingTests : IDisposable
{
    private const string ProjectId = "aabbccddeeff001122334455";

    private readonly FakeCakeContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void A_bad_DOMINO_API_MODE_names_the_variable_and_the_Api_setting()
    {
        // Given DOMINO_API_MODE set to a value that is no API mode, and a real client
        _context.Transport = new FixedAnswerHandler(HttpStatusCode.OK, "{}");
        _context.Variables["DOMINO_API_MODE"] = "v3";

        // When the script calls an alias
        var error = Assert.Throws<CakeException>(() => _context.DominoGetRun(Runs.RunId, new DominoSettings()));

        // Then the message names the variable, its value and the setting that wins over it
        Assert.StartsWith("The Domino API mode given by the environment variable DOMINO_API_MODE is not valid: 'v3' is not an API mode", error.Message, StringComparison.Ordinal);
        Assert.Contains("set Api in the settings (DominoApiMode.Auto, V4 or V1)", error.Message);
        Assert.IsAssignableFrom<DominoConfigurationException>(error.InnerException);
        WordingRules.AssertCakeWords(error.Message);
    }

    [Fact]
    public void A_bad_Api_setting_names_the_setting()
    {
        _context.Transport = new FixedAnswerHandler(HttpStatusCode.OK, "{}");

        var error = Assert.Throws<CakeException>(() => _context.DominoGetRun(Runs.RunId, new DominoSettings { Api = (DominoApiMode)7 }));

        Assert.StartsWith("The Domino API mode given by the setting Api is not valid: 7 is not an API mode; give Auto, V4 or V1.", error.Message, StringComparison.Ordinal);
        WordingRules.AssertCakeWords(error.Message);
    }

    [Fact]
    public void Api_V4_on_a_Domino_without_v4_names_the_Api_setting_and_the_variable()
    {
        // Given a Domino whose v4 Jobs API answers 404
        var server = new RoutingHandler(jobsApi: false);
        _context.Transport = server;

        // When a script that asks for V4 starts a run
        var error = Assert.Throws<CakeException>(() => _context.DominoStartRun(s => s.WithCommand("main.py").WithApi(DominoApiMode.V4)));

        // Then it is told to change Api or DOMINO_API_MODE, and nothing was started
        Assert.Equal(
            "The API mode is V4, but Domino at http://127.0.0.1:9999/ has no v4 Jobs API (GET /v4/jobs answered 404); give Auto (v4 where the server has it, else v1) or V1."
            + " The API mode is set by the setting Api (DominoApiMode.Auto, V4 or V1) or the environment variable DOMINO_API_MODE (auto, v4 or v1); the setting wins, and Auto is the default.",
            error.Message);
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("POST", StringComparison.Ordinal));
        WordingRules.AssertCakeWords(error.Message);
    }

    [Fact]
    public void V4_settings_with_Api_V1_name_the_settings_and_the_Api_setting()
    {
        var server = new RoutingHandler(jobsApi: true);
        _context.Transport = server;

        var error = Assert.Throws<CakeException>(() =>
            _context.DominoStartRun(s => s.WithCommand("main.py").WithApi(DominoApiMode.V1).WithEnvironmentId("5f7a8c2e4b0a1c3d5e6f7a8b").WithBranch("main")));

        Assert.Equal(
            "EnvironmentId, Branch need the v4 Jobs API, but the API mode is V1. Set the API mode to Auto or V4, or leave them unset."
            + " The API mode is set by the setting Api (DominoApiMode.Auto, V4 or V1) or the environment variable DOMINO_API_MODE (auto, v4 or v1); the setting wins, and Auto is the default.",
            error.Message);
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("POST", StringComparison.Ordinal));
        WordingRules.AssertCakeWords(error.Message);
    }

    [Fact]
    public void An_unknown_hardware_tier_names_the_HardwareTier_setting_and_lists_the_tiers()
    {
        // Given a project with the tiers Small (the default) and large
        var server = new RoutingHandler(jobsApi: true);
        _context.Transport = server;

        // When a script asks for the tier "huge"
        var error = Assert.Throws<CakeException>(() => _context.DominoStartRun(s => s.WithCommand("main.py").WithHardwareTier("huge")));

        // Then the message names the setting and lists the tiers that exist, and no job was started
        Assert.StartsWith("The hardware tier given by the setting HardwareTier is not valid: the project alice/quick has no hardware tier with the id or name 'huge'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Small' (id 'small', the default), 'large' (id 'large')", error.Message);
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("POST", StringComparison.Ordinal));
        WordingRules.AssertCakeWords(error.Message);
    }

    [Theory]
    [InlineData("branch+commit", "Branch", "Give Branch or CommitId, not both")]
    [InlineData("branch+gitref", "Branch", "Give Branch or GitRef, not both")]
    [InlineData("branch", "Branch", "The Branch branch 'no good' is not a valid git branch name")]
    [InlineData("gitref", "GitRef", "The GitRef commit 'xyz' is not valid")]
    [InlineData("commit", "CommitId", "CommitId: The commit id 'abc' is not valid")]
    [InlineData("environment", "EnvironmentId", "EnvironmentId: The environment id 'gpu' is not valid")]
    [InlineData("volume", "ExternalVolumeMounts", "ExternalVolumeMounts: The external volume mount id 'data' is not valid")]
    [InlineData("tier", "HardwareTier", "HardwareTier: The hardware tier contains control characters")]
    [InlineData("cluster", "ComputeCluster", "ComputeCluster: The compute cluster is not valid")]
    public void A_refused_start_setting_is_named_as_the_script_names_it_and_nothing_is_sent(string kind, string setting, string expected)
    {
        // Given a start setting the core refuses
        var settings = new DominoStartRunSettings { Command = new[] { "main.py" } };
        switch (kind)
        {
            case "branch+commit": settings.Branch = "main"; settings.CommitId = Runs.CommitId; break;
            case "branch+gitref": settings.Branch = "main"; settings.GitRef = DominoGitRef.Tag("v1"); break;
            case "branch": settings.Branch = "no good"; break;
            case "gitref": settings.GitRef = DominoGitRef.Commit("xyz"); break;
            case "commit": settings.CommitId = "abc"; break;
            case "environment": settings.EnvironmentId = "gpu"; break;
            case "volume": settings.ExternalVolumeMounts.Add("data"); break;
            case "tier": settings.HardwareTier = "large\n"; break;
            default:
                settings.ComputeCluster = new DominoComputeCluster
                {
                    ClusterType = "Hadoop", ComputeEnvironmentId = "5f7a8c2e4b0a1c3d5e6f7a8b", WorkerHardwareTierId = "small", WorkerCount = 1,
                };
                break;
        }

        // When the script starts a run
        var error = Assert.Throws<ArgumentException>(() => _context.DominoStartRun(settings));

        // Then the error names the Cake setting, and no client was even made
        Assert.Equal(setting, error.ParamName);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"(Parameter '{setting}')", error.Message, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.Message, @"\(Parameter '"));
        Assert.Empty(_context.CreatedOptions);
        WordingRules.AssertCakeWords(error.Message);
    }

    [Fact]
    public void A_malformed_environment_id_points_to_DominoListEnvironments()
    {
        var error = Assert.Throws<ArgumentException>(() => _context.DominoStartRun(s => s.WithCommand("main.py").WithEnvironmentId("gpu")));

        Assert.Contains("DominoListEnvironments() lists the environments", error.Message);
    }

    [Fact]
    public void A_refused_setting_of_DominoRun_is_named_the_same_way()
    {
        var error = Assert.Throws<ArgumentException>(() => _context.DominoRun(s => s.WithCommand("main.py").WithBranch("main").WithCommitId(Runs.CommitId)));

        Assert.Equal("Branch", error.ParamName);
        Assert.Empty(_context.CreatedOptions);
    }

    /// <summary>
    /// A Domino with one project (alice/quick) and the tiers Small (default) and large; its v4 Jobs API answers 404 unless
    /// <paramref name="jobsApi"/>. Records every request as <c>METHOD /path</c>.
    /// </summary>
    private sealed class RoutingHandler(bool jobsApi) : HttpMessageHandler
    {
        public List<string> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            lock (Requests)
            {
                Requests.Add($"{request.Method} {path}");
            }

            var (status, body) = path switch
            {
                "/v4/gateway/projects/findProjectByOwnerAndName" => (HttpStatusCode.OK, $$"""{"id":"{{ProjectId}}","name":"quick"}"""),
                "/v4/jobs" when jobsApi => (HttpStatusCode.OK, """{"jobs":[]}"""),
                $"/v4/projects/{ProjectId}/hardwareTiers" when jobsApi => (HttpStatusCode.OK,
                    """[{"hardwareTier":{"id":"small","name":"Small","hwtFlags":{"isDefault":true}}},{"hardwareTier":{"id":"large","name":"large","hwtFlags":{"isDefault":false}}}]"""),
                _ => (HttpStatusCode.NotFound, """{"message":"not found"}"""),
            };
            return Task.FromResult(new HttpResponseMessage(status)
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
                RequestMessage = request,
            });
        }
    }
}
