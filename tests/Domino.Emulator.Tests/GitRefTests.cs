using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Domino.Emulator.Tests;

/// <summary><c>mainRepoGitRef</c>: a job runs the files of a branch, tag or commit of a git-based project's repository.</summary>
public sealed class GitRefTests : IAsyncLifetime
{
    private readonly TempFolder _repo = new();
    private TestEmulator _emu = null!;
    private string _firstCommit = "";

    public async Task InitializeAsync()
    {
        // A repository whose main branch says "main", with a tag v1 there, and a branch "feature" that says "feature".
        Git("init", "-q", "-b", "main");
        await File.WriteAllTextAsync(Path.Combine(_repo.Path, "which.sh"), "cat version.txt\n");
        await File.WriteAllTextAsync(Path.Combine(_repo.Path, "version.txt"), "main\n");
        Git("add", ".");
        Git("commit", "-q", "-m", "main");
        _firstCommit = Git("rev-parse", "HEAD").Trim();
        Git("tag", "v1");
        Git("checkout", "-q", "-b", "feature");
        await File.WriteAllTextAsync(Path.Combine(_repo.Path, "version.txt"), "feature\n");
        Git("commit", "-q", "-am", "feature");
        Git("checkout", "-q", "main");
        await File.WriteAllTextAsync(Path.Combine(_repo.Path, "version.txt"), "uncommitted\n");

        _emu = await TestEmulator.StartAsync(o => o.Projects["alice/gitproject"] = _repo.Path);
    }

    public async Task DisposeAsync()
    {
        await _emu.DisposeAsync();
        _repo.Dispose();
    }

    private string Git(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _repo.Path };
        foreach (string argument in new[] { "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false" }.Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(startInfo)!;
        string output = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {errors}");
        return output;
    }

    private async Task<HttpResponseMessage> StartAsync(string projectName, object? gitRef)
    {
        JsonElement project = await _emu.GetJsonAsync($"/v4/gateway/projects/findProjectByOwnerAndName?ownerName=alice&projectName={projectName}");
        var body = new Dictionary<string, object?>
        {
            ["projectId"] = project.Str("id"),
            ["commandToRun"] = "which.sh",
            ["mainRepoGitRef"] = gitRef,
            ["commitId"] = null,
        };
        return await _emu.Client.PostAsJsonAsync("/v4/jobs/start", body);
    }

    private async Task<(List<string> Lines, string Setup)> RunAsync(string type, string value)
    {
        using HttpResponseMessage response = await StartAsync("gitproject", new { type, value });
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        string id = JsonDocument.Parse(text).RootElement.Str("id");
        JsonElement done = await _emu.WaitForJobEndAsync(id);
        Assert.Equal("Succeeded", done.GetProperty("statuses").Str("executionStatus"));
        string setup = (await _emu.GetJsonAsync($"/v1/projects/alice/gitproject/run/{id}/stdout")).Str("setup");
        return (await _emu.GetStdoutLinesAsync(id), setup);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_branch_ref_runs_the_files_committed_on_that_branch()
    {
        (List<string> lines, string setup) = await RunAsync("branches", "feature");

        Assert.Equal(new[] { "feature" }, lines);
        Assert.Contains("git repository at branches feature (", setup);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_tag_ref_and_a_commit_ref_run_the_files_of_that_commit_not_the_uncommitted_edits()
    {
        (List<string> tagged, _) = await RunAsync("tags", "v1");
        (List<string> pinned, string setup) = await RunAsync("commitId", _firstCommit[..10]);

        Assert.Equal(new[] { "main" }, tagged);
        Assert.Equal(new[] { "main" }, pinned);
        Assert.Contains(_firstCommit, setup);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Without_a_ref_the_job_runs_the_imported_folder()
    {
        using HttpResponseMessage response = await StartAsync("gitproject", null);
        string id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Str("id");
        await _emu.WaitForJobEndAsync(id);

        Assert.Equal(new[] { "uncommitted" }, await _emu.GetStdoutLinesAsync(id));
    }

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData("branches", "nope", "has no branches 'nope'")]
    [InlineData("tags", "v9", "has no tags 'v9'")]
    [InlineData("commitId", "deadbeef", "has no commitId 'deadbeef'")]
    [InlineData("commitId", "main", "is not a git commit id")]
    [InlineData("branches", "--upload-pack=x", "is not a git branches name")]
    [InlineData("heads", "main", "mainRepoGitRef.type 'heads' is not one of branches, tags, commitId")]
    public async Task A_ref_that_names_nothing_is_a_400_that_names_it(string type, string value, string expected)
    {
        using HttpResponseMessage response = await StartAsync("gitproject", new { type, value });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_ref_on_a_project_that_is_not_a_git_repository_is_a_400_that_says_so()
    {
        using HttpResponseMessage response = await StartAsync(TestEmulator.Project, new { type = "branches", value = "main" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Project alice/demo is not git-based", await response.Content.ReadAsStringAsync());
    }
}
