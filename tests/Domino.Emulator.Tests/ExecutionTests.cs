using System.Net;
using System.Text.Json;

namespace Domino.Emulator.Tests;

/// <summary>Runs really execute: uploads, checkouts, processes, output capture, output commits, stop, concurrency.</summary>
public sealed class ExecutionTests : IAsyncLifetime
{
    private const string Script = """
        import os, sys
        os.makedirs("results", exist_ok=True)
        with open("results/answer.txt", "w") as f:
            f.write("args=" + "|".join(sys.argv[1:]) + "\n")
            for name in ["DOMINO_RUN_ID", "DOMINO_PROJECT_OWNER", "DOMINO_PROJECT_NAME", "DOMINO_API_HOST", "DOMINO_STARTING_USERNAME"]:
                f.write(name + "=" + os.environ.get(name, "") + "\n")
            f.write("secret=" + os.environ.get("DOMINO_EMULATOR_API_KEY", "") + "\n")
        with open("hello.txt", "a") as f:
            f.write("changed by the run\n")
        print("line one")
        print("<b>bold</b> & more")
        """;

    private TestEmulator _emu = null!;

    public async Task InitializeAsync() => _emu = await TestEmulator.StartAsync();

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Uploaded_python_script_runs_and_its_result_file_and_output_can_be_read_back()
    {
        await _emu.UploadAsync("scripts/job.py", Script);
        string input = (await _emu.GetCommitsAsync())[0];

        string runId = await _emu.StartRunAsync(new { command = new[] { "scripts/job.py", "two words", "--flag=1", "" }, isDirect = false, title = "e2e" });
        JsonElement run = await _emu.WaitForEndAsync(runId);

        Assert.Equal("Succeeded", run.Str("status"));
        Assert.Equal(input, run.Str("commitId"));
        string output = run.Str("outputCommitId");
        Assert.NotEqual(input, output);
        Assert.Equal("0", run.GetProperty("diagnosticStatistics").GetProperty("data")[0].Str("value"));

        string answer = await _emu.DownloadAsync(output, "results/answer.txt");
        string origin = _emu.Emulator.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.Equal(
            $"args=two words|--flag=1|\nDOMINO_RUN_ID={runId}\nDOMINO_PROJECT_OWNER=alice\nDOMINO_PROJECT_NAME=demo\nDOMINO_API_HOST={origin}\nDOMINO_STARTING_USERNAME=alice\nsecret=\n",
            answer);

        // The output commit is the whole work folder: unchanged, changed and new files.
        JsonElement files = await _emu.GetJsonAsync(TestEmulator.ProjectPath($"/files/{output}/"));
        Assert.Equal(
            new[] { "data/input.csv", "hello.txt", "results/answer.txt", "scripts/job.py" },
            files.Data().Select(f => f.Str("path")).Order(StringComparer.Ordinal));
        Assert.Equal("hello\nchanged by the run\n", await _emu.DownloadAsync(output, "hello.txt"));
        Assert.Equal("hello\n", await _emu.DownloadAsync(input, "hello.txt"));
        Assert.Equal(output, (await _emu.GetCommitsAsync())[0]);

        string stdout = (await _emu.GetJsonAsync(TestEmulator.ProjectPath($"/run/{runId}/stdout"))).Str("stdout");
        Assert.Contains("line one\n&lt;b&gt;bold&lt;/b&gt; &amp; more\n", stdout);

        JsonElement logs = await _emu.GetJsonAsync($"/v4/jobs/{runId}/logsWithProblemSuggestions?logType=stdout&latestTimeNano=0");
        Assert.Equal(new[] { "line one", "<b>bold</b> & more" }, logs.GetProperty("logset").GetProperty("logContent").EnumerateArray().Select(e => e.Str("log")));
        Assert.True(logs.GetProperty("logset").GetProperty("isComplete").GetBoolean());
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Shell_script_runs_with_bash_and_gets_its_arguments()
    {
        await _emu.UploadAsync("run.sh", "echo \"shell got $# args: $1 / $2\"\n[[ -n \"$BASH_VERSION\" ]] && echo bash\n");

        string runId = await _emu.StartRunAsync(new { command = new[] { "run.sh", "a b", "c" }, isDirect = false });
        await _emu.WaitForEndAsync(runId);

        JsonElement logs = await _emu.GetJsonAsync($"/v4/jobs/{runId}/logsWithProblemSuggestions?logType=stdout&latestTimeNano=0");
        Assert.Equal(new[] { "shell got 2 args: a b / c", "bash" }, logs.GetProperty("logset").GetProperty("logContent").EnumerateArray().Select(e => e.Str("log")));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Executable_with_a_shebang_runs_as_is()
    {
        await _emu.UploadAsync("tools/greet", "#!/bin/sh\necho \"greetings $1\"\n");

        string runId = await _emu.StartRunAsync(new { command = new[] { "tools/greet", "world" }, isDirect = false });

        Assert.Equal("Succeeded", (await _emu.WaitForEndAsync(runId)).Str("status"));
        Assert.Equal("greetings world", await _emu.WaitForLogLineAsync(runId, "greetings"));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Failing_script_ends_Failed_with_its_exit_code_and_still_commits_its_files()
    {
        await _emu.UploadAsync("fail.py", "import sys\nopen('partial.txt', 'w').write('half')\nprint('about to fail')\nsys.exit(3)\n");

        string runId = await _emu.StartRunAsync(new { command = new[] { "fail.py" }, isDirect = false });
        JsonElement run = await _emu.WaitForEndAsync(runId);

        Assert.Equal("Failed", run.Str("status"));
        JsonElement diagnostics = run.GetProperty("diagnosticStatistics");
        Assert.True(diagnostics.GetProperty("isError").GetBoolean());
        Assert.Equal("3", diagnostics.GetProperty("data")[0].Str("value"));
        Assert.Equal("half", await _emu.DownloadAsync(run.Str("outputCommitId"), "partial.txt"));
        Assert.Equal("about to fail", await _emu.WaitForLogLineAsync(runId, "about"));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Command_that_cannot_start_ends_Failed_with_the_reason_in_its_output()
    {
        string runId = await _emu.StartRunAsync(new { command = new[] { "no-such-program-here" }, isDirect = false });
        JsonElement run = await _emu.WaitForEndAsync(runId);

        Assert.Equal("Failed", run.Str("status"));
        string stdout = (await _emu.GetJsonAsync(TestEmulator.ProjectPath($"/run/{runId}/stdout"))).Str("stdout");
        Assert.Contains("Could not start", stdout);
        Assert.Contains("no-such-program-here", stdout);

        // The server is still fine.
        Assert.Equal(HttpStatusCode.OK, (await _emu.Client.GetAsync("/version")).StatusCode);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Missing_python_file_ends_Failed()
    {
        string runId = await _emu.StartRunAsync(new { command = new[] { "missing.py" }, isDirect = false });

        Assert.Equal("Failed", (await _emu.WaitForEndAsync(runId)).Str("status"));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Statuses_move_from_Queued_through_Running_to_Succeeded()
    {
        await using TestEmulator single = await TestEmulator.StartAsync(o => o.MaxConcurrentRuns = 1);
        string blocker = await single.StartShellRunAsync("sleep 60");
        await single.WaitForStatusAsync(blocker, "Running");
        string runId = await single.StartShellRunAsync("echo started; read line < /dev/null; sleep 0.2");
        Assert.Equal("Queued", (await single.GetRunAsync(runId)).Str("status"));

        (await single.StopAsync(blocker)).Dispose();
        await single.WaitForLogLineAsync(runId, "started");
        JsonElement run = await single.WaitForEndAsync(runId);

        Assert.Equal("Succeeded", run.Str("status"));
        Assert.True(run.GetProperty("isCompleted").GetBoolean());
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Stop_kills_the_process_tree_and_ends_the_run_Stopped_with_its_files_committed()
    {
        string runId = await _emu.StartShellRunAsync("echo before > before.txt; sleep 60 & echo \"pids $$ $!\"; wait");
        string line = await _emu.WaitForLogLineAsync(runId, "pids");
        int[] pids = line.Split(' ').Skip(1).Select(int.Parse).ToArray();
        Assert.All(pids, pid => Assert.True(ProcessProbe.IsAlive(pid), $"{pid} should run"));

        using HttpResponseMessage stop = await _emu.StopAsync(runId, commitResults: true);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        JsonElement run = await _emu.WaitForEndAsync(runId);

        Assert.Equal("Stopped", run.Str("status"));
        Assert.True(run.GetProperty("isCompleted").GetBoolean());
        foreach (int pid in pids)
        {
            Assert.True(await ProcessProbe.WaitUntilDeadAsync(pid), $"process {pid} still alive after the stop");
        }

        Assert.Equal("before\n", await _emu.DownloadAsync(run.Str("outputCommitId"), "before.txt"));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Stop_without_commitResults_leaves_no_output_commit()
    {
        string runId = await _emu.StartShellRunAsync("echo ready; sleep 60");
        await _emu.WaitForLogLineAsync(runId, "ready");

        (await _emu.StopAsync(runId, commitResults: false)).Dispose();
        JsonElement run = await _emu.WaitForEndAsync(runId);

        Assert.Equal("Stopped", run.Str("status"));
        Assert.Equal(JsonValueKind.Null, run.GetProperty("outputCommitId").ValueKind);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Third_run_stays_Queued_while_two_run_and_starts_when_a_slot_frees()
    {
        string first = await _emu.StartShellRunAsync("sleep 60");
        string second = await _emu.StartShellRunAsync("sleep 60");
        string third = await _emu.StartShellRunAsync("echo third; sleep 60");
        await _emu.WaitForStatusAsync(first, "Running");
        await _emu.WaitForStatusAsync(second, "Running");

        JsonElement queued = await _emu.GetRunAsync(third);
        Assert.Equal("Queued", queued.Str("status"));
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("started").ValueKind);

        (await _emu.StopAsync(first)).Dispose();
        await _emu.WaitForLogLineAsync(third, "third");
        Assert.Equal("Running", (await _emu.GetRunAsync(third)).Str("status"));
        Assert.Equal("Running", (await _emu.GetRunAsync(second)).Str("status"));

        (await _emu.StopAsync(second)).Dispose();
        (await _emu.StopAsync(third)).Dispose();
        Assert.Equal("Stopped", (await _emu.WaitForEndAsync(third)).Str("status"));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Stopping_a_queued_run_ends_it_Stopped_without_ever_starting_it()
    {
        await using TestEmulator single = await TestEmulator.StartAsync(o => o.MaxConcurrentRuns = 1);
        string blocker = await single.StartShellRunAsync("sleep 60");
        string queued = await single.StartShellRunAsync("echo never > ran.txt");
        await single.WaitForStatusAsync(blocker, "Running");

        (await single.StopAsync(queued)).Dispose();
        JsonElement run = await single.GetRunAsync(queued);

        Assert.Equal("Stopped", run.Str("status"));
        Assert.Equal(JsonValueKind.Null, run.GetProperty("started").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("outputCommitId").ValueKind);

        (await single.StopAsync(blocker)).Dispose();
        await single.WaitForEndAsync(blocker);
        Assert.Equal("Stopped", (await single.GetRunAsync(queued)).Str("status"));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Dispose_kills_running_processes()
    {
        await using TestEmulator own = await TestEmulator.StartAsync();
        string runId = await own.StartShellRunAsync("echo \"pid $$\"; exec sleep 60");
        int pid = int.Parse((await own.WaitForLogLineAsync(runId, "pid")).Split(' ')[1]);

        await own.Emulator.DisposeAsync();

        Assert.True(await ProcessProbe.WaitUntilDeadAsync(pid), "the run's process survived the emulator");
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Run_sees_only_its_commit_in_a_fresh_work_folder_under_the_data_folder()
    {
        string first = await _emu.StartShellRunAsync("echo one > left-behind.txt; pwd");
        await _emu.WaitForEndAsync(first);
        string original = (await _emu.GetCommitsAsync())[^1];

        string second = await _emu.StartRunAsync(new { command = new[] { "ls; pwd" }, isDirect = true, commitId = original });
        await _emu.WaitForEndAsync(second);

        JsonElement logs = await _emu.GetJsonAsync($"/v4/jobs/{second}/logsWithProblemSuggestions?logType=stdout&latestTimeNano=0");
        var lines = logs.GetProperty("logset").GetProperty("logContent").EnumerateArray().Select(e => e.Str("log")).ToList();
        Assert.Equal(new[] { "data", "hello.txt" }, lines.Take(2));
        Assert.StartsWith(Path.GetFullPath(_emu.DataDirectory), lines[2]);
        Assert.False(Directory.Exists(lines[2]), "the work folder is removed once the results are committed");
    }
}
