using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Domino.Emulator.Tests;

/// <summary>Persistence across restarts, the import rules, and the data folder as the only place written.</summary>
public sealed class StorageTests
{
    [Trait("Category", "Slow")]
    [Fact]
    public async Task Restart_on_the_same_folder_keeps_projects_commits_runs_blobs_and_output()
    {
        await using TestEmulator emu = await TestEmulator.StartAsync();
        await emu.UploadAsync("make.py", "open('made.txt', 'w').write('made')\nprint('made it')\n");
        string runId = await emu.StartRunAsync(new { command = new[] { "make.py" }, isDirect = false, title = "persisted" });
        JsonElement runBefore = await emu.WaitForEndAsync(runId);
        string projectId = await emu.GetProjectIdAsync();
        List<string> commitsBefore = await emu.GetCommitsAsync();
        string stdoutBefore = (await emu.GetJsonAsync(TestEmulator.ProjectPath($"/run/{runId}/stdout"))).Str("stdout");

        await emu.RestartAsync(o => o.Projects.Clear());

        Assert.Equal(projectId, await emu.GetProjectIdAsync());
        Assert.Equal(commitsBefore, await emu.GetCommitsAsync());
        JsonElement runAfter = await emu.GetRunAsync(runId);
        Assert.Equal(runBefore.ToString(), runAfter.ToString());
        Assert.Equal("made", await emu.DownloadAsync(runAfter.Str("outputCommitId"), "made.txt"));
        Assert.Equal(stdoutBefore, (await emu.GetJsonAsync(TestEmulator.ProjectPath($"/run/{runId}/stdout"))).Str("stdout"));
        Assert.Equal(runId, Assert.Single((await emu.GetJsonAsync(TestEmulator.ProjectPath("/runs"))).Data()).Str("id"));

        // Numbering goes on where it stopped.
        string next = await emu.StartShellRunAsync("true");
        Assert.Equal(runBefore.GetProperty("number").GetInt32() + 1, (await emu.GetRunAsync(next)).GetProperty("number").GetInt32());
    }

    [Fact]
    public async Task Importing_an_unchanged_folder_again_makes_no_commit_and_a_changed_one_makes_one()
    {
        await using TestEmulator emu = await TestEmulator.StartAsync();
        List<string> first = await emu.GetCommitsAsync();
        Assert.Single(first);

        await emu.RestartAsync();
        Assert.Equal(first, await emu.GetCommitsAsync());

        await File.WriteAllTextAsync(Path.Combine(emu.ProjectFolder, "hello.txt"), "changed\n");
        await emu.RestartAsync();
        List<string> third = await emu.GetCommitsAsync();
        Assert.Equal(2, third.Count);
        Assert.Equal("changed\n", await emu.DownloadAsync(third[0], "hello.txt"));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_run_still_going_at_shutdown_ends_Error_and_stays_so_after_restart()
    {
        await using TestEmulator emu = await TestEmulator.StartAsync();
        string runId = await emu.StartShellRunAsync("echo going; sleep 60");
        await emu.WaitForLogLineAsync(runId, "going");

        await emu.RestartAsync();

        JsonElement run = await emu.GetRunAsync(runId);
        Assert.Equal("Error", run.Str("status"));
        Assert.True(run.GetProperty("isCompleted").GetBoolean());
    }

    [Fact]
    public async Task Data_folder_layout_has_sha1_blobs_and_json_records()
    {
        await using TestEmulator emu = await TestEmulator.StartAsync();
        JsonElement upload = await emu.UploadAsync("x.txt", "content");
        string key = upload.Str("key");

        Assert.Equal("content", await File.ReadAllTextAsync(Path.Combine(emu.DataDirectory, "blobs", key[..2], key)));
        string projectId = await emu.GetProjectIdAsync();
        string projectFolder = Path.Combine(emu.DataDirectory, "projects", projectId);
        using var project = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(projectFolder, "project.json")));
        Assert.Equal("alice", project.RootElement.Str("owner"));
        string head = (await emu.GetCommitsAsync())[0];
        using var commit = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(projectFolder, "commits", head + ".json")));
        JsonElement entry = commit.RootElement.GetProperty("files").GetProperty("x.txt");
        Assert.Equal(key, entry.Str("key"));
        Assert.Equal(7, entry.GetProperty("size").GetInt64());
        Assert.True(entry.GetProperty("lastModified").GetInt64() > 0);
        Assert.Empty(Directory.GetFiles(emu.DataDirectory, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_second_emulator_cannot_use_a_data_folder_in_use()
    {
        await using TestEmulator emu = await TestEmulator.StartAsync();
        var options = new DominoEmulatorOptions { DataDirectory = emu.DataDirectory, InsecureNoAuth = true };

        await Assert.ThrowsAsync<InvalidOperationException>(() => DominoEmulator.StartAsync(options));
    }

    [Theory]
    [InlineData("../../../outside-{0}.txt")]
    [InlineData("%2E%2E/%2E%2E/%2E%2E/outside-{0}.txt")]
    [InlineData("..%2F..%2F..%2Foutside-{0}.txt")]
    [InlineData("a/../../../../outside-{0}.txt")]
    [InlineData("%2e%2e%5c%2e%2e%5coutside-{0}.txt")]
    public async Task Dot_dot_uploads_write_nothing_outside_the_data_folder(string pathTemplate)
    {
        await using TestEmulator emu = await TestEmulator.StartAsync();
        string marker = Guid.NewGuid().ToString("N");
        string path = string.Format(pathTemplate, marker);
        List<string> commitsBefore = await emu.GetCommitsAsync();

        int status = await RawPutAsync(emu.Emulator.BaseAddress, TestEmulator.ProjectPath("/") + path, "evil " + marker);

        Assert.True(status is 400 or 404, $"answered {status}");
        Assert.Equal(commitsBefore, await emu.GetCommitsAsync());
        string[] everywhere = Directory.GetFiles(emu.Root.Path, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != ".lock").ToArray();
        Assert.DoesNotContain(everywhere, f => f.Contains(marker, StringComparison.Ordinal));
        Assert.All(everywhere, f => Assert.DoesNotContain("evil " + marker, File.ReadAllText(f)));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"*{marker}*"));
    }

    /// <summary>Sends a PUT with the request target exactly as given (HttpClient would normalize the dots away first).</summary>
    private static async Task<int> RawPutAsync(Uri baseAddress, string target, string body)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        NetworkStream stream = tcp.GetStream();
        byte[] content = Encoding.UTF8.GetBytes(body);
        string head = $"PUT {target} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nX-Domino-Api-Key: {TestEmulator.ApiKey}\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(content);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        string statusLine = await reader.ReadLineAsync() ?? "";
        return int.Parse(statusLine.Split(' ')[1]);
    }
}
