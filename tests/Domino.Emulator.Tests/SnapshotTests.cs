namespace Domino.Emulator.Tests;

/// <summary>Each run start reads the project folder again, so edits are picked up.</summary>
public sealed class SnapshotTests : IAsyncLifetime
{
    private TestEmulator _emu = null!;

    public async Task InitializeAsync() => _emu = await TestEmulator.StartAsync();

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_run_started_after_the_folder_changed_sees_the_edit_and_keeps_files_uploaded_since()
    {
        // Given a file uploaded through the API, then an edit of the project folder
        await _emu.UploadAsync("extra.txt", "uploaded\n");
        int commitsBefore = (await _emu.GetCommitsAsync()).Count;
        await File.WriteAllTextAsync(Path.Combine(_emu.ProjectFolder, "hello.txt"), "edited\n");

        // When a run starts
        string runId = await _emu.StartShellRunAsync("cat hello.txt extra.txt");
        await _emu.WaitForEndAsync(runId);

        // Then it saw the edit and the upload, through new commits
        Assert.Equal(new[] { "edited", "uploaded" }, await _emu.GetStdoutLinesAsync(runId));
        Assert.True((await _emu.GetCommitsAsync()).Count > commitsBefore + 1);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_run_started_while_the_folder_is_unchanged_adds_no_commit_before_it()
    {
        // Given a first run, which left its output commit
        await _emu.WaitForEndAsync(await _emu.StartShellRunAsync("true"));
        List<string> before = await _emu.GetCommitsAsync();

        // When a second run starts with the folder unchanged
        string runId = await _emu.StartShellRunAsync("cat hello.txt");
        await _emu.WaitForEndAsync(runId);

        // Then its input is the head as it was: no snapshot commit was added
        Assert.Equal(before[0], (await _emu.GetRunAsync(runId)).Str("commitId"));
        Assert.Equal(new[] { "hello" }, await _emu.GetStdoutLinesAsync(runId));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_v4_job_sees_the_edit_too()
    {
        await File.WriteAllTextAsync(Path.Combine(_emu.ProjectFolder, "show.sh"), "cat hello.txt\n");

        JsonElementHolder job = new(await _emu.StartJobAsync(new Dictionary<string, object?> { ["commandToRun"] = "show.sh" }));
        await _emu.WaitForJobEndAsync(job.Id);

        Assert.Equal(new[] { "hello" }, await _emu.GetStdoutLinesAsync(job.Id));
    }

    private sealed record JsonElementHolder(System.Text.Json.JsonElement Job)
    {
        public string Id => Job.Str("id");
    }
}
