using System.Net;
using System.Text;
using Domino.Client;
using Microsoft.Build.Framework;
using Moq;

namespace Domino.MSBuild.Tests;

public class LoggingTests
{
    private readonly TaskFixture _fixture = new();

    [Fact]
    public void Core_log_levels_map_to_message_importance_and_a_coded_warning()
    {
        _fixture.ProjectClient.Setup(p => p.WaitForRunAsync(TaskFixture.RunId, It.IsAny<DominoWaitOptions>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                var logger = _fixture.Options!.Logger;
                logger.Log(DominoLogLevel.Debug, "GET /v1/projects/alice/quick/runs/x -> 200");
                logger.Log(DominoLogLevel.Verbose, "poll: Running");
                logger.Log(DominoLogLevel.Information, "Run is Running.");
                logger.Log(DominoLogLevel.RunOutput, "epoch 1 loss {0.42}");
                logger.Log(DominoLogLevel.Warning, "Unknown status 'Dreaming'.");
                return Task.FromResult(TaskFixture.Run("Succeeded", TaskFixture.CommitId));
            });
        var task = _fixture.Create<DominoWaitForRun>(t => t.RunId = TaskFixture.RunId);

        Assert.True(task.Execute());

        MessageImportance ImportanceOf(string text) => Assert.Single(_fixture.Engine.Messages, m => m.Message == text).Importance;
        Assert.Equal(MessageImportance.Low, ImportanceOf("GET /v1/projects/alice/quick/runs/x -> 200"));
        Assert.Equal(MessageImportance.Low, ImportanceOf("poll: Running"));
        Assert.Equal(MessageImportance.Normal, ImportanceOf("Run is Running."));
        Assert.Equal(MessageImportance.High, ImportanceOf("epoch 1 loss {0.42}"));
        var warning = Assert.Single(_fixture.Engine.Warnings);
        Assert.Equal("DOM020", warning.Code);
        Assert.Equal("Unknown status 'Dreaming'.", warning.Message);
    }

    [Fact]
    public void A_credential_the_server_echoes_is_masked_in_every_line_by_the_client()
    {
        // Given a server whose error page echoes the API key
        _fixture.Transport = new RecordingHandler(HttpStatusCode.InternalServerError, "{\"message\":\"bad key " + TaskFixture.Key + "\"}");
        var task = _fixture.Create<DominoGetRun>(t => t.RunId = TaskFixture.RunId);

        // When the task reads the run
        Assert.False(task.Execute());

        // Then the error carries the server's words with the key masked, and no line carries the key
        Assert.Contains("bad key ***", _fixture.Engine.SingleError.Message);
        Assert.All(_fixture.Engine.AllText, text => Assert.DoesNotContain(TaskFixture.Key, text));
    }

    [Fact]
    public void The_token_of_a_token_file_is_masked_too()
    {
        const string token = "tok-0123456789-secret";
        var tokenFile = Path.GetTempFileName();
        File.WriteAllText(tokenFile, token + "\n");
        try
        {
            // Given credentials from a token file, and a server that echoes the token
            _fixture.Environment.Remove("DOMINO_USER_API_KEY");
            _fixture.Environment["DOMINO_TOKEN_FILE"] = tokenFile;
            _fixture.Transport = new RecordingHandler(HttpStatusCode.InternalServerError, "{\"message\":\"echoed " + token + "\"}");
            var task = _fixture.Create<DominoGetRun>(t => t.RunId = TaskFixture.RunId);

            // When the task reads the run
            Assert.False(task.Execute());

            // Then the token is masked everywhere
            Assert.Contains("echoed ***", _fixture.Engine.SingleError.Message);
            Assert.All(_fixture.Engine.AllText, text => Assert.DoesNotContain(token, text));
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    /// <summary>Answers every request with one status and body, recording what was sent.</summary>
    private sealed class RecordingHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json"), RequestMessage = request });
        }
    }

    [Fact]
    public void Through_the_real_client_the_key_is_sent_but_never_logged_when_it_is_rejected()
    {
        var handler = new RecordingHandler(HttpStatusCode.Unauthorized, "{\"message\":\"Invalid API key\"}");
        _fixture.Transport = handler;
        var task = _fixture.Create<DominoGetRun>(t => t.RunId = TaskFixture.RunId);

        Assert.False(task.Execute());

        var request = Assert.Single(handler.Requests);
        Assert.Equal(TaskFixture.Key, Assert.Single(request.Headers.GetValues("X-Domino-Api-Key")));
        Assert.Contains("Domino.MSBuild/", request.Headers.UserAgent.ToString());
        Assert.Equal("DOM003", _fixture.Engine.SingleError.Code);
        Assert.All(_fixture.Engine.AllText, text => Assert.DoesNotContain(TaskFixture.Key, text));
    }

    [Fact]
    public void Through_the_real_client_a_started_run_sets_the_outputs()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, $"{{\"runId\":\"{TaskFixture.RunId}\",\"message\":\"Run for project alice/quick started.\"}}");
        _fixture.Transport = handler;
        _fixture.Environment["DOMINO_API_MODE"] = "v1"; // the handler answers as a v1 server
        var task = _fixture.Create<DominoStartRun>(t => t.Command = [new Microsoft.Build.Utilities.TaskItem("main.py"), new Microsoft.Build.Utilities.TaskItem("foo")]);

        Assert.True(task.Execute(), string.Join(Environment.NewLine, _fixture.Engine.AllText));

        Assert.Equal(TaskFixture.RunId, task.RunId);
        Assert.Equal("https://domino.example.com/alice/quick#r/" + TaskFixture.RunId, task.RunUrl);
        var request = Assert.Single(handler.Requests, r => r.Method == HttpMethod.Post);
        Assert.Equal("/v1/projects/alice/quick/runs", request.RequestUri!.AbsolutePath);
        Assert.All(_fixture.Engine.AllText, text => Assert.DoesNotContain(TaskFixture.Key, text));
    }
}
