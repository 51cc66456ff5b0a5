using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Domino.Emulator.Tests;

/// <summary>The v4 Jobs API: start, status, list, restart, runtime details, tiers and environments, over real HTTP.</summary>
public sealed class JobsApiTests : IAsyncLifetime
{
    private const string ArgsScript = "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\n";

    private TestEmulator _emu = null!;

    public async Task InitializeAsync() => _emu = await TestEmulator.StartAsync(o =>
    {
        o.HardwareTiers.Clear();
        o.HardwareTiers.Add("Small");
        o.HardwareTiers.Add("large");
        o.HardwareTiers.Add("gpu-1=GPU Large");
        o.Environments.Add("spark-env=Spark Cluster Environment");
    });

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    private HttpClient Client => _emu.Client;

    private static Dictionary<string, object?> AllNullsWith(string command) => new()
    {
        ["commandToRun"] = command,
        ["commitId"] = null,
        ["mainRepoGitRef"] = null,
        ["overrideHardwareTierId"] = null,
        ["environmentId"] = null,
        ["externalVolumeMounts"] = null,
        ["computeClusterProperties"] = null,
        ["onDemandSparkClusterProperties"] = null,
        ["title"] = null,
    };

    private async Task<HttpResponseMessage> PostStartAsync(Dictionary<string, object?> fields, string? projectId = null)
    {
        fields["projectId"] = projectId ?? await _emu.GetProjectIdAsync();
        return await Client.PostAsJsonAsync("/v4/jobs/start", fields);
    }

    private static async Task<string> AssertStatusAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body;
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Start_accepts_every_field_as_null_and_answers_a_queued_job_with_every_field()
    {
        // Given a body as python-domino sends it: all ten keys, nulls for the unset ones
        string projectId = await _emu.GetProjectIdAsync();
        string head = (await _emu.GetCommitsAsync())[0];

        // When the job starts (it may end, and add its output commit, before the assertions read anything more)
        JsonElement job = await _emu.StartJobAsync(AllNullsWith("hello.sh"));

        // Then the answer is a job object with every field of the Jobs API
        Assert.Matches("^[0-9a-f]{24}$", job.Str("id"));
        Assert.Equal(1, job.GetProperty("number").GetInt32());
        Assert.Equal(projectId, job.Str("projectId"));
        Assert.Equal(JsonValueKind.Null, job.GetProperty("title").ValueKind);
        Assert.Equal("hello.sh", job.Str("jobRunCommand"));
        JsonElement statuses = job.GetProperty("statuses");
        foreach (string flag in new[] { "isCompleted", "isArchived", "isScheduled" })
        {
            Assert.Equal(JsonValueKind.False, statuses.GetProperty(flag).ValueKind);
        }

        Assert.Equal("Queued", statuses.Str("executionStatus"));
        JsonElement stageTime = job.GetProperty("stageTime");
        Assert.InRange(stageTime.GetProperty("submissionTime").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
        Assert.Equal(JsonValueKind.Null, stageTime.GetProperty("runStartTime").ValueKind);
        Assert.Equal(JsonValueKind.Null, stageTime.GetProperty("completedTime").ValueKind);
        Assert.Equal(TestEmulator.Owner, job.GetProperty("startedBy").Str("username"));
        Assert.Matches("^[0-9a-f]{24}$", job.GetProperty("startedBy").Str("id"));
        Assert.Equal(head, job.GetProperty("commitDetails").Str("inputCommitId"));
        Assert.Equal(JsonValueKind.Null, job.GetProperty("commitDetails").GetProperty("outputCommitId").ValueKind);
        JsonElement queue = job.GetProperty("queuedJobHistoryDetails");
        Assert.Equal("< 1 minute", queue.Str("expectedWait"));
        Assert.False(string.IsNullOrEmpty(queue.Str("explanation")));
        Assert.True(queue.TryGetProperty("helpText", out _));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Job_passes_hostile_arguments_to_the_program_exactly_as_a_shell_would_split_them_without_running_a_shell()
    {
        // Given a script that prints each argument it receives between brackets
        await _emu.UploadAsync("args.sh", ArgsScript);

        // When a job runs it with spaces, quotes, an empty argument, '$' and shell operators
        JsonElement job = await _emu.StartJobAsync(AllNullsWith("args.sh 'two words' \"say \\\"hi\\\"\" 'it'\\''s' '' '$HOME' \\$PATH 'a;b' '>out' `x`"));
        JsonElement done = await _emu.WaitForJobEndAsync(job.Str("id"));

        // Then the program got them literally: nothing expanded, nothing redirected
        Assert.Equal("Succeeded", done.GetProperty("statuses").Str("executionStatus"));
        List<string> lines = await _emu.GetStdoutLinesAsync(job.Str("id"));
        Assert.Equal(new[] { "[two words]", "[say \"hi\"]", "[it's]", "[]", "[$HOME]", "[$PATH]", "[a;b]", "[>out]", "[`x`]" }, lines);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_completed_job_reports_its_stage_times_and_output_commit_and_is_the_same_run_through_v1()
    {
        // Given a job that writes a file
        await _emu.UploadAsync("write.sh", "echo result > out.txt\necho done\n");
        JsonElement job = await _emu.StartJobAsync(new Dictionary<string, object?> { ["commandToRun"] = "write.sh", ["title"] = "nightly" });
        string id = job.Str("id");

        // When it completes
        JsonElement done = await _emu.WaitForJobEndAsync(id);

        // Then the v4 status has the times and the output commit, and v1 shows the same run
        Assert.Equal("Succeeded", done.GetProperty("statuses").Str("executionStatus"));
        Assert.True(done.GetProperty("statuses").GetProperty("isCompleted").GetBoolean());
        JsonElement stage = done.GetProperty("stageTime");
        Assert.True(stage.GetProperty("runStartTime").GetInt64() >= stage.GetProperty("submissionTime").GetInt64());
        Assert.True(stage.GetProperty("completedTime").GetInt64() >= stage.GetProperty("runStartTime").GetInt64());
        string output = done.GetProperty("commitDetails").Str("outputCommitId");
        Assert.Equal("nightly", done.Str("title"));

        JsonElement run = await _emu.GetRunAsync(id);
        Assert.Equal(output, run.Str("outputCommitId"));
        Assert.Contains((await _emu.GetJsonAsync(TestEmulator.ProjectPath("/runs"))).Data(), r => r.Str("id") == id);
        JsonElement stdout = await _emu.GetJsonAsync(TestEmulator.ProjectPath($"/run/{id}/stdout"));
        Assert.Contains("done", stdout.Str("stdout"));
        Assert.Equal("result\n", await _emu.DownloadAsync(output, "out.txt"));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_v1_run_is_a_v4_job_with_its_command_as_one_string()
    {
        // Given a v1 run with arguments that need quoting
        string runId = await _emu.StartRunAsync(new { command = new[] { "args.sh", "two words", "it's" } });

        // When it is read as a v4 job
        JsonElement job = await _emu.GetJsonAsync("/v4/jobs/" + runId);

        // Then it is the same run, its command joined so that a shell would split it back
        Assert.Equal(runId, job.Str("id"));
        Assert.Equal("args.sh 'two words' 'it'\\''s'", job.Str("jobRunCommand"));
        await _emu.WaitForEndAsync(runId);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Job_list_filters_by_project_and_honours_order_sort_and_paging()
    {
        // Given three jobs
        var ids = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            ids.Add((await _emu.StartJobAsync(new Dictionary<string, object?> { ["commandToRun"] = "missing.sh", ["title"] = "t" + (3 - i) })).Str("id"));
        }

        string projectId = await _emu.GetProjectIdAsync();

        // When they are listed: by default newest number first, then ascending with pages of two, then by title
        JsonElement all = await _emu.GetJsonAsync($"/v4/jobs?projectId={projectId}&order_by=number&sort_by=desc&page_no=1&show_archived=false&status=all");
        JsonElement secondPage = await _emu.GetJsonAsync($"/v4/jobs?projectId={projectId}&order_by=number&sort_by=asc&page_size=2&page_no=2");
        JsonElement byTitle = await _emu.GetJsonAsync($"/v4/jobs?projectId={projectId}&order_by=title&sort_by=asc");

        // Then
        Assert.Equal(ids.AsEnumerable().Reverse(), all.GetProperty("jobs").EnumerateArray().Select(j => j.Str("id")));
        Assert.Equal(new[] { ids[2] }, secondPage.GetProperty("jobs").EnumerateArray().Select(j => j.Str("id")));
        Assert.Equal(new[] { "t1", "t2", "t3" }, byTitle.GetProperty("jobs").EnumerateArray().Select(j => j.Str("title")));
        foreach (string id in ids)
        {
            await _emu.WaitForJobEndAsync(id);
        }

        JsonElement completed = await _emu.GetJsonAsync($"/v4/jobs?projectId={projectId}&status=completed");
        JsonElement tagged = await _emu.GetJsonAsync($"/v4/jobs?projectId={projectId}&tag=nightly");
        Assert.Equal(3, completed.GetProperty("jobs").GetArrayLength());
        Assert.Equal(0, tagged.GetProperty("jobs").GetArrayLength());
    }

    [Theory]
    [InlineData("order_by=color", "order_by 'color'")]
    [InlineData("sort_by=up", "sort_by 'up'")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_no=x", "page_no")]
    public async Task Job_list_refuses_parameters_it_cannot_honour_and_names_them(string query, string expected)
    {
        string projectId = await _emu.GetProjectIdAsync();

        using HttpResponseMessage response = await Client.GetAsync($"/v4/jobs?projectId={projectId}&{query}");

        Assert.Contains(expected, await AssertStatusAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Job_list_needs_a_known_project_id()
    {
        using HttpResponseMessage missing = await Client.GetAsync("/v4/jobs");
        using HttpResponseMessage malformed = await Client.GetAsync("/v4/jobs?projectId=nope");
        using HttpResponseMessage unknown = await Client.GetAsync("/v4/jobs?projectId=aabbccddeeff001122334455");

        Assert.Contains("projectId is required", await AssertStatusAsync(missing, HttpStatusCode.BadRequest));
        Assert.Contains("nope is not a valid ID", await AssertStatusAsync(malformed, HttpStatusCode.BadRequest));
        await AssertStatusAsync(unknown, HttpStatusCode.NotFound);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Runtime_details_and_setup_output_show_the_tier_and_environment_the_job_asked_for()
    {
        // Given a job on a non-default tier and environment
        var fields = AllNullsWith("missing.sh");
        fields["overrideHardwareTierId"] = "gpu-1";
        fields["environmentId"] = "spark-env";
        JsonElement job = await _emu.StartJobAsync(fields);

        // When its runtime details are read
        JsonElement details = await _emu.GetJsonAsync($"/v4/jobs/{job.Str("id")}/runtimeExecutionDetails");

        // Then they and the setup output name both
        Assert.Equal("gpu-1", details.GetProperty("hardwareTier").Str("id"));
        Assert.Equal("GPU Large", details.GetProperty("hardwareTier").Str("name"));
        Assert.Equal("spark-env", details.GetProperty("environment").Str("id"));
        Assert.Equal("Spark Cluster Environment", details.GetProperty("environment").Str("name"));
        await _emu.WaitForJobEndAsync(job.Str("id"));
        string setup = (await _emu.GetJsonAsync(TestEmulator.ProjectPath($"/run/{job.Str("id")}/stdout"))).Str("setup");
        Assert.Contains("hardware tier GPU Large (gpu-1)", setup);
        Assert.Contains("environment Spark Cluster Environment (spark-env)", setup);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Runtime_details_of_a_job_that_asked_for_nothing_show_the_defaults()
    {
        JsonElement job = await _emu.StartJobAsync(AllNullsWith("missing.sh"));

        JsonElement details = await _emu.GetJsonAsync($"/v4/jobs/{job.Str("id")}/runtimeExecutionDetails");

        Assert.Equal("small", details.GetProperty("hardwareTier").Str("id"));
        Assert.Equal("Small", details.GetProperty("hardwareTier").Str("name"));
        Assert.StartsWith("Domino Standard Environment", details.GetProperty("environment").Str("name"));
        await _emu.WaitForJobEndAsync(job.Str("id"));
    }

    [Fact]
    public async Task Hardware_tiers_list_the_default_first_and_every_configured_tier_with_id_name_and_default_flag()
    {
        string projectId = await _emu.GetProjectIdAsync();

        JsonElement tiers = await _emu.GetJsonAsync($"/v4/projects/{projectId}/hardwareTiers");

        var entries = tiers.EnumerateArray().Select(t => t.GetProperty("hardwareTier")).ToList();
        Assert.Equal(new[] { "small", "large", "gpu-1" }, entries.Select(t => t.Str("id")));
        Assert.Equal(new[] { "Small", "large", "GPU Large" }, entries.Select(t => t.Str("name")));
        Assert.Equal(new[] { true, false, false }, entries.Select(t => t.GetProperty("hwtFlags").GetProperty("isDefault").GetBoolean()));
    }

    [Fact]
    public async Task Environments_list_the_standard_default_and_the_configured_ones_in_both_shapes()
    {
        string projectId = await _emu.GetProjectIdAsync();

        JsonElement useable = await _emu.GetJsonAsync($"/v4/projects/{projectId}/useableEnvironments");
        JsonElement v1 = await _emu.GetJsonAsync("/v1/environments");

        var environments = useable.GetProperty("environments").EnumerateArray().ToList();
        Assert.Equal(2, environments.Count);
        Assert.StartsWith("Domino Standard Environment", environments[0].Str("name"));
        Assert.Matches("^[0-9a-f]{24}$", environments[0].Str("id"));
        Assert.Equal("spark-env", environments[1].Str("id"));
        Assert.False(string.IsNullOrEmpty(environments[0].GetProperty("latestRevisionDetails").Str("dockerImage")));
        Assert.Equal("list", v1.Str("objectType"));
        Assert.Equal(environments.Select(e => e.Str("id")), v1.Data().Select(e => e.Str("id")));
    }

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData("overrideHardwareTierId", "huge", "Unknown hardware tier id 'huge'")]
    [InlineData("overrideHardwareTierId", "Small", "Unknown hardware tier id 'Small'")]
    [InlineData("environmentId", "aabbccddeeff001122334499", "Unknown environment id 'aabbccddeeff001122334499'")]
    public async Task Start_refuses_an_unknown_tier_or_environment_id_and_names_it_and_the_choices(string field, string value, string expected)
    {
        var fields = AllNullsWith("main.py");
        fields[field] = value;

        using HttpResponseMessage response = await PostStartAsync(fields);

        string body = await AssertStatusAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, body);
        Assert.Contains(field == "environmentId" ? "spark-env (Spark Cluster Environment)" : "gpu-1 (GPU Large)", body);
    }

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData("", "commandToRun is required")]
    [InlineData("   ", "commandToRun is required")]
    [InlineData("main.py 'unclosed", "single quote at position 9 is never closed")]
    [InlineData("''", "names no file or program")]
    public async Task Start_refuses_a_command_it_cannot_split_and_says_why(string command, string expected)
    {
        using HttpResponseMessage response = await PostStartAsync(AllNullsWith(command));

        Assert.Contains(expected, await AssertStatusAsync(response, HttpStatusCode.BadRequest));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Start_needs_a_known_project_id()
    {
        using HttpResponseMessage malformed = await PostStartAsync(AllNullsWith("main.py"), "alice/demo");
        using HttpResponseMessage unknown = await PostStartAsync(AllNullsWith("main.py"), "aabbccddeeff001122334455");

        Assert.Contains("alice/demo is not a valid ID", await AssertStatusAsync(malformed, HttpStatusCode.BadRequest));
        await AssertStatusAsync(unknown, HttpStatusCode.NotFound);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Start_accepts_volumes_and_clusters_and_says_in_the_setup_output_that_they_have_no_effect()
    {
        var fields = AllNullsWith("missing.sh");
        fields["externalVolumeMounts"] = new[] { "vol-1" };
        fields["computeClusterProperties"] = new Dictionary<string, object>
        {
            ["clusterType"] = "Ray",
            ["computeEnvironmentId"] = "spark-env",
            ["masterHardwareTierId"] = new { value = "large" },
            ["workerHardwareTierId"] = new { value = "small" },
            ["workerCount"] = 2,
        };

        JsonElement job = await _emu.StartJobAsync(fields);
        await _emu.WaitForJobEndAsync(job.Str("id"));

        string setup = (await _emu.GetJsonAsync(TestEmulator.ProjectPath($"/run/{job.Str("id")}/stdout"))).Str("setup");
        Assert.Contains("externalVolumeMounts vol-1 accepted", setup);
        Assert.Contains("starts no Ray cluster", setup);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Start_refuses_a_cluster_on_an_unknown_tier()
    {
        var fields = AllNullsWith("main.py");
        fields["computeClusterProperties"] = new Dictionary<string, object>
        {
            ["clusterType"] = "Spark",
            ["workerHardwareTierId"] = new { value = "tiny" },
            ["workerCount"] = 1,
        };

        using HttpResponseMessage response = await PostStartAsync(fields);

        Assert.Contains("workerHardwareTierId names an unknown hardware tier", await AssertStatusAsync(response, HttpStatusCode.BadRequest));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Restart_starts_a_new_job_with_the_same_command_tier_and_environment()
    {
        // Given a finished job on a chosen tier and environment
        await _emu.UploadAsync("args.sh", ArgsScript);
        var fields = AllNullsWith("args.sh 'one arg'");
        fields["overrideHardwareTierId"] = "large";
        fields["environmentId"] = "spark-env";
        JsonElement first = await _emu.StartJobAsync(fields);
        await _emu.WaitForJobEndAsync(first.Str("id"));

        // When it is restarted
        using HttpResponseMessage response = await Client.PostAsJsonAsync("/v4/jobs/restart", new { jobId = first.Str("id"), shouldUseOriginalInputCommit = true });
        JsonElement second = JsonDocument.Parse(await AssertStatusAsync(response, HttpStatusCode.OK)).RootElement.Clone();
        JsonElement done = await _emu.WaitForJobEndAsync(second.Str("id"));

        // Then a new job ran the same command on the same tier and environment, from the same input commit
        Assert.NotEqual(first.Str("id"), second.Str("id"));
        Assert.Equal(first.GetProperty("number").GetInt32() + 1, second.GetProperty("number").GetInt32());
        Assert.Equal("Succeeded", done.GetProperty("statuses").Str("executionStatus"));
        Assert.Equal(first.GetProperty("commitDetails").Str("inputCommitId"), done.GetProperty("commitDetails").Str("inputCommitId"));
        Assert.Equal(new[] { "[one arg]" }, await _emu.GetStdoutLinesAsync(second.Str("id")));
        JsonElement details = await _emu.GetJsonAsync($"/v4/jobs/{second.Str("id")}/runtimeExecutionDetails");
        Assert.Equal("large", details.GetProperty("hardwareTier").Str("id"));
        Assert.Equal("spark-env", details.GetProperty("environment").Str("id"));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Get_restart_and_runtime_details_answer_400_for_a_malformed_id_and_404_for_an_unknown_one()
    {
        using HttpResponseMessage malformed = await Client.GetAsync("/v4/jobs/xyz");
        using HttpResponseMessage unknown = await Client.GetAsync("/v4/jobs/aabbccddeeff001122334455");
        using HttpResponseMessage details = await Client.GetAsync("/v4/jobs/aabbccddeeff001122334455/runtimeExecutionDetails");
        using HttpResponseMessage restart = await Client.PostAsJsonAsync("/v4/jobs/restart", new { jobId = "aabbccddeeff001122334455" });

        Assert.Contains("xyz is not a valid ID", await AssertStatusAsync(malformed, HttpStatusCode.BadRequest));
        await AssertStatusAsync(unknown, HttpStatusCode.NotFound);
        await AssertStatusAsync(details, HttpStatusCode.NotFound);
        await AssertStatusAsync(restart, HttpStatusCode.NotFound);
    }
}
