using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Domino.Emulator.Tests;

/// <summary><see cref="EmulatorApiVersion.V1"/>: the emulator answers as an older Domino, without the v4 Jobs API.</summary>
public sealed class ApiVersionTests : IAsyncLifetime
{
    private TestEmulator _emu = null!;

    public async Task InitializeAsync() => _emu = await TestEmulator.StartAsync(o => o.ApiVersion = EmulatorApiVersion.V1);

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    [Trait("Category", "Slow")]
    [Theory]
    [InlineData("POST", "/v4/jobs/start")]
    [InlineData("GET", "/v4/jobs/{job}")]
    [InlineData("GET", "/v4/jobs?projectId={project}")]
    [InlineData("POST", "/v4/jobs/restart")]
    [InlineData("GET", "/v4/jobs/{job}/runtimeExecutionDetails")]
    [InlineData("GET", "/v4/projects/{project}/hardwareTiers")]
    [InlineData("GET", "/v4/projects/{project}/useableEnvironments")]
    [InlineData("GET", "/v1/environments")]
    [InlineData("GET", "/api/projects/v1/projects/{project}/files/{commit}/hello.txt/content")]
    public async Task The_routes_of_today_answer_404_as_an_older_Domino_would(string method, string template)
    {
        // Given a project, a commit and a run that exist
        string projectId = await _emu.GetProjectIdAsync();
        string commit = (await _emu.GetCommitsAsync())[0];
        string runId = await _emu.StartRunAsync(new { command = new[] { "missing.sh" } });
        string path = template.Replace("{project}", projectId).Replace("{job}", runId).Replace("{commit}", commit);

        // When the route of today is called
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            string json = JsonSerializer.Serialize(new { projectId, jobId = runId, commandToRun = "main.py" });
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = await _emu.Client.SendAsync(request);

        // Then it does not exist
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No such endpoint", await response.Content.ReadAsStringAsync());
        await _emu.WaitForEndAsync(runId);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task The_routes_an_older_Domino_had_keep_working()
    {
        // Given a v1 run that prints a line
        string runId = await _emu.StartShellRunAsync("echo still-here");
        await _emu.WaitForEndAsync(runId);

        // When the v1 API, the project lookup, the v4 log and the v4 stop are used
        JsonElement run = await _emu.GetRunAsync(runId);
        string projectId = await _emu.GetProjectIdAsync();
        List<string> lines = await _emu.GetStdoutLinesAsync(runId);
        using HttpResponseMessage stop = await _emu.StopAsync(runId);

        // Then they answer as before
        Assert.Equal("Succeeded", run.Str("status"));
        Assert.Matches("^[0-9a-f]{24}$", projectId);
        Assert.Equal(new[] { "still-here" }, lines);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
    }
}
