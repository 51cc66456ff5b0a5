using System.Net;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Domino.Client;

namespace Domino.MSBuild.Tests;

/// <summary>
/// The configuration and credential errors a build can meet, and the error codes and credentials sections of
/// docs/msbuild.md, name only task parameters and environment variables: MSBuild has no credential settings.
/// </summary>
public class MessageWordingTests
{
    private readonly TaskFixture _fixture = new();

    [Fact]
    public void No_host_names_the_Host_parameter_and_DOMINO_API_HOST_once()
    {
        _fixture.Environment.Remove("DOMINO_API_HOST");

        var message = Fail();

        Assert.Equal(
            "Reading run 553af271e4b0364c0f717b24 failed: No Domino host is set: give the task's Host parameter (for example https://domino.example.com), "
            + "or set DOMINO_API_HOST in the build's environment.",
            message);
    }

    [Fact]
    public void No_credentials_name_the_variables_and_say_once_why_they_are_not_parameters()
    {
        _fixture.Environment.Remove("DOMINO_USER_API_KEY");

        var message = Fail();

        Assert.Contains("set DOMINO_USER_API_KEY (an API key) or DOMINO_TOKEN_FILE (the path of a file holding a token) in the build's environment", message);
        Assert.Single(Regex.Matches(message, "never task parameters"));
        Assert.Single(Regex.Matches(message, "ApiKeyVariable"));
    }

    [Theory]
    [InlineData("host-parameter", "The Domino host given by the task's Host parameter is not valid: 'ftp://x' is not an absolute http or https address")]
    [InlineData("host-variable", "The Domino host given by the environment variable DOMINO_API_HOST is not valid: 'ftp://x' is not an absolute http or https address")]
    [InlineData("key-variable", "The Domino credential given by the environment variable DOMINO_USER_API_KEY is not valid: it contains spaces")]
    [InlineData("named-key-variable", "The Domino credential given by the environment variable CI_DOMINO_KEY is not valid: it contains spaces")]
    public void An_invalid_value_names_the_parameter_or_variable_it_came_from(string source, string expected)
    {
        Action<DominoGetRun>? configure = null;
        switch (source)
        {
            case "host-parameter": configure = t => t.Host = "ftp://x"; break;
            case "host-variable": _fixture.Environment["DOMINO_API_HOST"] = "ftp://x"; break;
            case "key-variable": _fixture.Environment["DOMINO_USER_API_KEY"] = "two words"; break;
            default:
                _fixture.Environment["CI_DOMINO_KEY"] = "two words";
                configure = t => t.ApiKeyVariable = "CI_DOMINO_KEY";
                break;
        }

        var message = Fail(configure);

        Assert.Contains(expected, message);
        Assert.DoesNotContain("two words", message);
    }

    [Fact]
    public void An_unreadable_token_file_names_DOMINO_TOKEN_FILE()
    {
        _fixture.Environment.Remove("DOMINO_USER_API_KEY");
        _fixture.Environment["DOMINO_TOKEN_FILE"] = Path.Combine(Path.GetTempPath(), "no-such-domino-token-" + Guid.NewGuid());
        _fixture.Transport = new Answer(HttpStatusCode.OK, "{}");

        var message = Fail();

        Assert.Contains("The Domino credential given by the environment variable DOMINO_TOKEN_FILE is not valid: the token file", message);
        Assert.Equal("DOM001", _fixture.Engine.SingleError.Code);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "DOM003", "The credentials come from the environment variable DOMINO_USER_API_KEY (an API key) or DOMINO_TOKEN_FILE (a token file).")]
    [InlineData(HttpStatusCode.NotFound, "DOM004", "Check the project")]
    public void A_refusal_gives_its_advice_once(HttpStatusCode status, string code, string advice)
    {
        _fixture.Transport = new Answer(status, "{\"message\":\"no\"}");

        var message = Fail();

        Assert.Equal(code, _fixture.Engine.SingleError.Code);
        Assert.Contains(advice, message);
        Assert.Single(Regex.Matches(message, "Check "));
    }

    [Fact]
    public void Every_configuration_message_names_only_parameters_and_real_variables()
    {
        var messages = new List<string>();
        void Collect(Action<TaskFixture> arrange, Action<DominoGetRun>? configure = null)
        {
            var fixture = new TaskFixture { Transport = new Answer(HttpStatusCode.Unauthorized, "{}") };
            arrange(fixture);
            var task = fixture.Create<DominoGetRun>(t =>
            {
                t.RunId = TaskFixture.RunId;
                configure?.Invoke(t);
            });
            Assert.False(task.Execute());
            messages.Add(fixture.Engine.SingleError.Message ?? string.Empty);
        }

        Collect(f => f.Environment.Remove("DOMINO_API_HOST"));
        Collect(f => f.Environment.Remove("DOMINO_USER_API_KEY"));
        Collect(_ => { }, t => t.Project = "");
        Collect(_ => { }, t => t.Host = "ftp://x");
        Collect(f => f.Environment["DOMINO_USER_API_KEY"] = "two words");
        Collect(f => f.Environment["DOMINO_TOKEN_FILE"] = "/no/such/token", t => t.TokenFileVariable = "DOMINO_TOKEN_FILE");
        Collect(_ => { }, t => t.ApiKeyVariable = "CI_DOMINO_KEY");
        Collect(_ => { });

        Assert.All(messages, WordingRules.AssertMSBuildWords);
    }

    [Theory]
    [InlineData("## Error and warning codes")]
    [InlineData("## Credentials and configuration")]
    public void The_docs_name_only_parameters_and_real_variables(string heading) =>
        WordingRules.AssertMSBuildWords(RepoFiles.Section("docs/msbuild.md", heading));

    private string Fail(Action<DominoGetRun>? configure = null)
    {
        var task = _fixture.Create<DominoGetRun>(t =>
        {
            t.RunId = TaskFixture.RunId;
            configure?.Invoke(t);
        });
        Assert.False(task.Execute());
        return _fixture.Engine.SingleError.Message ?? string.Empty;
    }

    private sealed class Answer(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json"), RequestMessage = request });
    }
}

/// <summary>The names an MSBuild message may use, and the names of the core's options or Cake's settings it must not.</summary>
internal static class WordingRules
{
    private static readonly HashSet<string> Parameters = typeof(DominoTaskBase).Assembly.GetExportedTypes()
        .Where(t => t.IsSubclassOf(typeof(DominoTaskBase)))
        .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        .Select(p => p.Name)
        .ToHashSet(StringComparer.Ordinal);

    private static readonly HashSet<string> Variables = typeof(DominoEnvironmentVariables)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The core's option names and Cake's credential and retry settings, where MSBuild has no such parameter.</summary>
    private static readonly string[] Foreign = new[] { typeof(DominoClientOptions), typeof(DominoRetryOptions), typeof(DominoWaitOptions), typeof(DominoDownloadOptions) }
        .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        .Select(p => p.Name)
        .Concat(["ApiKey", "Token", "TokenFile", "BearerToken", "MaxRetries", "RetryBaseDelay", "RetryMaxDelay", "MaxRetryAfter", "MaxTotalRetryTime"])
        .Where(name => !Parameters.Contains(name) && (name.Skip(1).Any(char.IsUpper) || name == "Token"))
        .Distinct()
        .ToArray();

    public static void AssertMSBuildWords(string text)
    {
        foreach (var name in Foreign)
        {
            Assert.False(Regex.IsMatch(text, $@"(?<![\w.]){name}\b"), $"'{name}' is not a task parameter, but this names it: {text}");
        }

        foreach (Match variable in Regex.Matches(text, @"\bDOMINO_[A-Z_]+\b"))
        {
            Assert.True(Variables.Contains(variable.Value), $"'{variable.Value}' is not a variable the tasks read: {text}");
        }
    }
}
