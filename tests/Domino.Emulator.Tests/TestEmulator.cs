using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Domino.Emulator.Tests;

/// <summary>The shared <see cref="EmulatorHost"/> with project alice/demo, a bearer token besides the key, and an authenticated HttpClient.</summary>
internal sealed class TestEmulator : IAsyncDisposable
{
    public const string ApiKey = "test-api-key-0123";
    public const string Token = "test-bearer-token-4567";
    public const string Owner = "alice";
    public const string Project = "demo";

    private readonly EmulatorHost _host;

    private TestEmulator(EmulatorHost host)
    {
        _host = host;
        Client = host.CreateHttpClient();
    }

    public TempFolder Root => _host.Root;

    public DominoEmulator Emulator => _host.Emulator;

    public DominoEmulatorOptions Options => _host.Options;

    public HttpClient Client { get; private set; }

    public string DataDirectory => _host.DataDirectory;

    public string ProjectFolder => _host.ProjectFolder;

    public static string ProjectPath(string rest = "") => $"/v1/projects/{Owner}/{Project}" + rest;

    /// <summary>Starts an emulator with project alice/demo imported from a folder holding hello.txt and data/input.csv.</summary>
    public static async Task<TestEmulator> StartAsync(Action<DominoEmulatorOptions>? configure = null)
    {
        EmulatorHost host = await EmulatorHost.StartAsync(
            $"{Owner}/{Project}",
            async project =>
            {
                Directory.CreateDirectory(Path.Combine(project, "data"));
                await File.WriteAllTextAsync(Path.Combine(project, "hello.txt"), "hello\n");
                await File.WriteAllTextAsync(Path.Combine(project, "data", "input.csv"), "a,b\n1,2\n");
            },
            options =>
            {
                options.BearerTokens.Add(Token);
                configure?.Invoke(options);
            },
            ApiKey,
            "domino-emulator-tests-");
        return new TestEmulator(host);
    }

    /// <summary>Stops the emulator and starts a new one on the same data folder.</summary>
    public async Task RestartAsync(Action<DominoEmulatorOptions>? configure = null)
    {
        Client.Dispose();
        await _host.RestartAsync(configure);
        Client = _host.CreateHttpClient();
    }

    public HttpClient CreateAnonymousClient() => _host.CreateHttpClient(withKey: false);

    public static HttpClient CreateClient(DominoEmulator emulator, bool withKey) => EmulatorHost.CreateHttpClient(emulator, withKey ? ApiKey : null);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using HttpResponseMessage response = await Client.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<List<string>> GetCommitsAsync() =>
        (await GetJsonAsync(ProjectPath("/commits"))).EnumerateArray().Select(e => e.GetString()!).ToList();

    public async Task<JsonElement> UploadAsync(string path, string content)
    {
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        using HttpResponseMessage response = await Client.PutAsync(ProjectPath("/" + path), body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"PUT {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<string> StartRunAsync(object body)
    {
        using HttpResponseMessage response = await Client.PostAsJsonAsync(ProjectPath("/runs"), body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"start answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("runId").GetString()!;
    }

    public Task<string> StartShellRunAsync(string commandLine) =>
        StartRunAsync(new { command = new[] { commandLine }, isDirect = true });

    public Task<JsonElement> GetRunAsync(string runId) => GetJsonAsync(ProjectPath("/runs/" + runId));

    /// <summary>Polls the run's status over HTTP until <paramref name="done"/> holds or the deadline passes.</summary>
    public async Task<JsonElement> WaitForRunAsync(string runId, Func<JsonElement, bool> done, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        JsonElement run;
        while (true)
        {
            run = await GetRunAsync(runId);
            if (done(run))
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Run {runId} did not reach the expected state in {timeoutSeconds}s; last: {run}");
            await Task.Delay(50);
        }
    }

    public Task<JsonElement> WaitForEndAsync(string runId) =>
        WaitForRunAsync(runId, r => r.GetProperty("isCompleted").GetBoolean());

    public Task<JsonElement> WaitForStatusAsync(string runId, string status) =>
        WaitForRunAsync(runId, r => r.GetProperty("status").GetString() == status);

    /// <summary>Polls the v4 log until a line contains <paramref name="text"/>.</summary>
    public async Task<string> WaitForLogLineAsync(string runId, string text, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            JsonElement logs = await GetJsonAsync($"/v4/jobs/{runId}/logsWithProblemSuggestions?logType=stdout&latestTimeNano=0");
            foreach (JsonElement entry in logs.GetProperty("logset").GetProperty("logContent").EnumerateArray())
            {
                string line = entry.GetProperty("log").GetString()!;
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"Run {runId} printed no line with '{text}' in {timeoutSeconds}s.");
            await Task.Delay(50);
        }
    }

    public async Task<string> GetProjectIdAsync() =>
        (await GetJsonAsync($"/v4/gateway/projects/findProjectByOwnerAndName?ownerName={Owner}&projectName={Project}")).GetProperty("id").GetString()!;

    /// <summary>Starts a v4 job in alice/demo; the fields given are sent as they are (add nulls to send nulls).</summary>
    public async Task<JsonElement> StartJobAsync(IDictionary<string, object?> fields)
    {
        var body = new Dictionary<string, object?>(fields) { ["projectId"] = await GetProjectIdAsync() };
        using HttpResponseMessage response = await Client.PostAsJsonAsync("/v4/jobs/start", body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"job start answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls <c>GET /v4/jobs/{id}</c> until <c>statuses.isCompleted</c>.</summary>
    public async Task<JsonElement> WaitForJobEndAsync(string jobId, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            JsonElement job = await GetJsonAsync("/v4/jobs/" + jobId);
            if (job.GetProperty("statuses").GetProperty("isCompleted").GetBoolean())
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {jobId} did not complete in {timeoutSeconds}s; last: {job}");
            await Task.Delay(50);
        }
    }

    /// <summary>The stdout lines of a run, from the v4 log endpoint.</summary>
    public async Task<List<string>> GetStdoutLinesAsync(string runId)
    {
        JsonElement logs = await GetJsonAsync($"/v4/jobs/{runId}/logsWithProblemSuggestions?logType=stdout&latestTimeNano=0");
        return logs.GetProperty("logset").GetProperty("logContent").EnumerateArray().Select(e => e.GetProperty("log").GetString()!).ToList();
    }

    public async Task<HttpResponseMessage> StopAsync(string runId, bool commitResults = true)
    {
        string projectId = await GetProjectIdAsync();
        return await Client.PostAsJsonAsync("/v4/jobs/stop", new { projectId, jobId = runId, commitResults });
    }

    public async Task<string> DownloadAsync(string commitId, string path)
    {
        JsonElement files = await GetJsonAsync(ProjectPath($"/files/{commitId}/"));
        JsonElement entry = files.GetProperty("data").EnumerateArray().Single(f => f.GetProperty("path").GetString() == path);
        return await Client.GetStringAsync(ProjectPath("/blobs/" + entry.GetProperty("key").GetString()));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
    }
}

internal static class JsonExtensions
{
    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static List<JsonElement> Data(this JsonElement element) => element.GetProperty("data").EnumerateArray().ToList();

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}

internal static class ProcessProbe
{
    /// <summary>Whether a process is alive (not gone and not a zombie), from /proc.</summary>
    public static bool IsAlive(int pid)
    {
        string stat = $"/proc/{pid}/stat";
        try
        {
            string text = File.ReadAllText(stat);
            int close = text.LastIndexOf(')');
            char state = text[close + 2];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static async Task<bool> WaitUntilDeadAsync(int pid, int timeoutSeconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}

internal static class Hashes
{
#pragma warning disable CA5350 // The emulator names blobs by SHA-1, as Domino does; no security here.
    public static string Sha1(byte[] data) => Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(data));
#pragma warning restore CA5350
}
