using System.Net;

namespace Domino.Client.Tests;

/// <summary>The key or token never shows in an exception message, an exception's <c>ToString()</c>, or a log line.</summary>
public sealed class SecretTests : IDisposable
{
    private const string Token = "TOKEN-5ecret-bearer-9876543210";
    private readonly string _folder = Directory.CreateTempSubdirectory("domino-secret-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public enum Credential
    {
        ApiKey,
        BearerToken,
        TokenFile,
    }

    [Theory]
    [InlineData(Credential.ApiKey)]
    [InlineData(Credential.BearerToken)]
    [InlineData(Credential.TokenFile)]
    public async Task No_error_path_reveals_the_credential(Credential credential)
    {
        var secret = credential == Credential.ApiKey ? TestClient.ApiKey : Token;
        var tokenFile = Path.Combine(_folder, "token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");
        using var t = new TestClient(o =>
        {
            o.ApiKey = credential == Credential.ApiKey ? TestClient.ApiKey : null;
            o.BearerToken = credential == Credential.BearerToken ? Token : null;
            o.TokenFile = credential == Credential.TokenFile ? tokenFile : null;
            o.Retry.MaxRetries = 1;
            o.RequestTimeout = TimeSpan.FromSeconds(5);
        });

        // Servers that echo the credential back, in every body shape, at every status.
        var echoes = new (HttpStatusCode Status, string Body, string Type)[]
        {
            (HttpStatusCode.BadRequest, $$"""{"message":"bad key {{secret}}"}""", "application/json"),
            (HttpStatusCode.Unauthorized, $$"""{"errors":["invalid credential {{secret}}"]}""", "application/json"),
            (HttpStatusCode.Forbidden, $$$"""{"error":{"message":"Bearer {{{secret}}} forbidden"}}""", "application/json"),
            (HttpStatusCode.NotFound, $"<html><body>No such thing for X-Domino-Api-Key: {secret}</body></html>", "text/html"),
            (HttpStatusCode.Conflict, $"expired {secret}", "text/plain"),
            (HttpStatusCode.InternalServerError, $"Don't recognize principal AnonymousPrincipal ({secret})", "text/plain"),
            (HttpStatusCode.BadGateway, $"gateway saw {secret}", "text/plain"),
            (HttpStatusCode.MethodNotAllowed, $$"""{"message":"{{secret}}"}""", "application/json"),
        };
        var errors = new List<Exception>();
        foreach (var (status, body, type) in echoes)
        {
            t.Handler.Always(status, body, type);
            errors.Add(await Capture(t, t.Project.ListRunsAsync()));
            errors.Add(await Capture(t, t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] })));
        }

        t.Handler.Respond(HttpStatusCode.OK, $$"""{"id": {{secret}}""");
        errors.Add(await Capture(t, t.Project.GetRunAsync(TestClient.RunId)));
        t.Handler.Respond(HttpStatusCode.OK, $$"""{"message": "{{secret}}"}""");
        errors.Add(await Capture(t, t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] })));
        t.Handler.Respond(HttpStatusCode.Found, configure: r => r.Headers.Location = new Uri($"https://elsewhere.example.net/?key={secret}"));
        errors.Add(await Capture(t, t.Project.ListRunsAsync()));
        t.Handler.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")).Throw(new HttpRequestException("refused"));
        errors.Add(await Capture(t, t.Project.ListRunsAsync()));
        t.Handler.Hang();
        errors.Add(await Capture(t, t.Project.StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] })));
        t.Handler.Hang().Hang();
        errors.Add(await Capture(t, t.Project.ListRunsAsync()));
        errors.Add(await Capture(t, t.Project.GetRunAsync("not-a-run-id")));
        errors.Add(await Capture(t, t.Project.UploadFileAsync("../x", new MemoryStream())));

        Assert.Equal(24, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.True(e is DominoException or ArgumentException, e.ToString());
            Assert.DoesNotContain(secret, e.Message);
            Assert.DoesNotContain(secret, e.ToString());
            if (e is DominoRequestException { ServerMessage: { } said })
            {
                Assert.DoesNotContain(secret, said);
            }
        });
        Assert.Contains(errors, e => e is DominoRequestException { ServerMessage: { } said } && said.Contains("***"));
        Assert.NotEmpty(t.Logger.Lines);
        Assert.All(t.Logger.Lines, l => Assert.DoesNotContain(secret, l.Message));
    }

    [Fact]
    public async Task A_run_that_prints_the_key_does_not_put_it_in_the_output()
    {
        using var t = new TestClient();
        t.Handler
            .RespondJson($$"""{"setup":"","stdout":"DOMINO_USER_API_KEY={{TestClient.ApiKey}}"}""")
            .RespondJson($$$"""{"logset":{"logContent":[{"timestamp":1,"logType":"stdout","log":"key={{{TestClient.ApiKey}}}"}],"isComplete":true}}""");

        var output = await t.Project.GetRunOutputAsync(TestClient.RunId);
        var logs = await t.Project.GetRunLogsAsync(TestClient.RunId);

        Assert.Equal("DOMINO_USER_API_KEY=***", output.Stdout);
        Assert.Equal("key=***", Assert.Single(logs!.Entries).Text);
    }

    [Fact]
    public void Options_and_clients_do_not_print_the_credentials()
    {
        using var t = new TestClient(o => o.BearerToken = Token);

        foreach (var text in new[] { t.Options.ToString(), t.Client.ToString(), t.Project.ToString(), t.Options.Retry.ToString() })
        {
            Assert.DoesNotContain(TestClient.ApiKey, text);
            Assert.DoesNotContain(Token, text);
        }
    }

    public static TheoryData<DominoLogLevel> LoggedLevels => new() { DominoLogLevel.Debug, DominoLogLevel.Verbose, DominoLogLevel.RunOutput, DominoLogLevel.Warning };

    [Theory]
    [MemberData(nameof(LoggedLevels))]
    public async Task The_core_logger_masks_the_key_the_bearer_token_and_the_token_files_token(DominoLogLevel level)
    {
        const string bearer = "BEARER-5ecret-token-1122334455";
        const string fileToken = "FILE-5ecret-token-5566778899";
        var tokenFile = await WriteTokenFile(fileToken);
        using var t = new TestClient(o => { o.BearerToken = bearer; o.TokenFile = tokenFile; });

        t.Client.Logger.Log(level, $"key {TestClient.ApiKey}, bearer {bearer}, file {fileToken}, done");

        var line = Assert.Single(t.Logger.Lines);
        Assert.Equal((level, "key ***, bearer ***, file ***, done"), line);
    }

    [Theory]
    [MemberData(nameof(LoggedLevels))]
    public async Task The_core_logger_masks_a_token_the_token_file_gave_after_the_client_was_made(DominoLogLevel level)
    {
        const string first = "FIRST-5ecret-token-0000000001";
        const string second = "SECOND-5ecret-token-000000002";
        var tokenFile = await WriteTokenFile(first);
        using var t = new TestClient(o => { o.ApiKey = null; o.TokenFile = tokenFile; });
        await WriteTokenFile(second); // Tokens inside a run are rotated.
        t.Handler.RespondJson("""{"setup":"","stdout":""}""");
        await t.Drive(t.Project.GetRunOutputAsync(TestClient.RunId));

        t.Client.Logger.Log(level, $"old {first}, new {second}");

        Assert.Contains((level, "old ***, new ***"), t.Logger.Lines);
        Assert.All(t.Logger.Lines, l => Assert.DoesNotContain(second, l.Message));
    }

    private async Task<string> WriteTokenFile(string token)
    {
        var path = Path.Combine(_folder, "token");
        await File.WriteAllTextAsync(path, token + "\n");
        return path;
    }

    private static async Task<Exception> Capture(TestClient t, Task call)
    {
        t.Time.Advance(TimeSpan.Zero);
        var error = await Record.ExceptionAsync(() => t.Drive(call, TimeSpan.FromMilliseconds(100)));
        Assert.NotNull(error);
        return error;
    }
}
