using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Cake.Core;
using Domino.Client;

namespace Cake.Domino.Tests;

/// <summary>
/// The configuration and credential errors a Cake script can meet, and the error table of docs/cake.md, name only
/// settings a Cake script has and environment variables the client reads.
/// </summary>
public sealed class MessageWordingTests : IDisposable
{
    private readonly FakeCakeContext _context = new();

    public MessageWordingTests()
    {
        // A real client, so the core resolves the settings as it does in a script.
        _context.Transport = new FixedAnswerHandler(HttpStatusCode.OK, "{}");
    }

    public void Dispose() => _context.Dispose();

    [Fact]
    public void No_host_names_the_Host_setting_and_DOMINO_API_HOST()
    {
        _context.Variables.Remove("DOMINO_API_HOST");

        var message = Fail(new DominoSettings());

        Assert.Equal(
            "No Domino host is set: set Host in the settings (for example 'https://domino.example.com') or the environment variable DOMINO_API_HOST.",
            message);
    }

    [Fact]
    public void No_credentials_name_ApiKey_Token_TokenFile_and_both_variables()
    {
        _context.Variables.Remove("DOMINO_USER_API_KEY");

        var message = Fail(new DominoSettings());

        Assert.Equal(
            "No Domino credentials are set: set ApiKey, Token or TokenFile in the settings, or the environment variable "
            + "DOMINO_USER_API_KEY (an API key) or DOMINO_TOKEN_FILE (a file holding a token).",
            message);
    }

    [Fact]
    public void No_project_names_the_Project_setting_and_both_variables()
    {
        _context.Variables.Remove("DOMINO_PROJECT_NAME");

        var message = Fail(new DominoSettings());

        Assert.Contains("set Project in the settings", message);
        Assert.Contains("DOMINO_PROJECT_OWNER and DOMINO_PROJECT_NAME", message);
    }

    [Theory]
    [InlineData("host-setting", "The Domino host given by the setting Host is not valid: 'ftp://x' is not an absolute http or https address")]
    [InlineData("host-variable", "The Domino host given by the environment variable DOMINO_API_HOST is not valid: 'ftp://x' is not an absolute http or https address")]
    [InlineData("token-setting", "The Domino credential given by the setting Token is not valid: it contains spaces or control characters")]
    [InlineData("key-variable", "The Domino credential given by the environment variable DOMINO_USER_API_KEY is not valid: it contains spaces")]
    [InlineData("token-file-setting", "The Domino credential given by the setting TokenFile is not valid: the token file")]
    [InlineData("retries-setting", "The Domino retry setting given by the setting MaxRetries is not valid: -1 is not a retry count")]
    public void An_invalid_value_names_the_Cake_setting_or_variable_it_came_from(string source, string expected)
    {
        var settings = new DominoSettings();
        switch (source)
        {
            case "host-setting": settings.Host = "ftp://x"; break;
            case "host-variable": _context.Variables["DOMINO_API_HOST"] = "ftp://x"; break;
            case "token-setting": settings.Token = "two words"; break;
            case "key-variable": _context.Variables["DOMINO_USER_API_KEY"] = "two words"; break;
            case "token-file-setting": settings.TokenFile = Path.Combine(_context.WorkingDirectory, "missing-token"); break;
            default: settings.MaxRetries = -1; break;
        }

        var message = Fail(settings);

        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("two words", message);
    }

    [Fact]
    public void Rejected_credentials_name_where_a_Cake_script_gives_them()
    {
        _context.Transport = new FixedAnswerHandler(HttpStatusCode.Unauthorized, "{\"message\":\"Invalid API key\"}");

        var message = Fail(new DominoSettings());

        Assert.Contains("Check the API key or token", message);
        Assert.Contains("settings ApiKey, Token or TokenFile", message);
        Assert.Single(Regex.Matches(message, "Check "));
    }

    [Fact]
    public void Every_message_a_script_can_meet_names_only_Cake_settings_and_real_variables()
    {
        var messages = new List<string>();
        void Collect(Action<DominoSettings> arrange, Action? environment = null)
        {
            using var context = new FakeCakeContext { Transport = new FixedAnswerHandler(HttpStatusCode.Unauthorized, "{}") };
            environment?.Invoke();
            var settings = new DominoSettings();
            arrange(settings);
            messages.Add(Assert.Throws<CakeException>(() => context.DominoGetRun(Runs.RunId, settings)).Message);
        }

        Collect(s => s.Host = "ftp://x");
        Collect(s => s.ApiKey = "two words");
        Collect(s => s.Token = "two words");
        Collect(s => s.TokenFile = "/no/such/token-file");
        Collect(s => s.RequestTimeout = TimeSpan.FromSeconds(-1));
        Collect(s => s.RetryBaseDelay = TimeSpan.FromSeconds(-1));
        Collect(s => s.MaxRetries = -1);
        Collect(_ => { });
        messages.Add(No_host_message());

        Assert.All(messages, WordingRules.AssertCakeWords);
    }

    [Fact]
    public void The_error_table_of_docs_cake_md_names_only_Cake_settings_and_real_variables()
    {
        var section = RepoFiles.Section("docs/cake.md", "## Failures");

        Assert.Contains("DominoConfigurationException", section);
        WordingRules.AssertCakeWords(section);
    }

    private string No_host_message()
    {
        _context.Variables.Remove("DOMINO_API_HOST");
        return Fail(new DominoSettings());
    }

    private string Fail(DominoSettings settings) =>
        Assert.Throws<CakeException>(() => _context.DominoGetRun(Runs.RunId, settings)).Message;
}

/// <summary>The names a Cake message may use, and the names of other front ends or of the core it must not.</summary>
internal static class WordingRules
{
    private static readonly HashSet<string> CakeNames = typeof(DominoSettings).Assembly.GetExportedTypes()
        .Where(t => t.Name.EndsWith("Settings", StringComparison.Ordinal))
        .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        .Select(p => p.Name)
        .ToHashSet(StringComparer.Ordinal);

    private static readonly HashSet<string> Variables = typeof(DominoEnvironmentVariables)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Names of the core's options and of the MSBuild tasks' parameters that a Cake script does not have.</summary>
    private static readonly string[] Foreign = new[] { typeof(DominoClientOptions), typeof(DominoRetryOptions), typeof(DominoWaitOptions), typeof(DominoDownloadOptions) }
        .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        .Select(p => p.Name)
        .Concat(["ApiKeyVariable", "TokenFileVariable", "PollInterval", "SkipUnchangedFiles", "DestinationFolder", "ContinueOnRunFailure"])
        .Where(name => !CakeNames.Contains(name) && name.Skip(1).Any(char.IsUpper))
        .Distinct()
        .ToArray();

    public static void AssertCakeWords(string text)
    {
        foreach (var name in Foreign)
        {
            Assert.False(Regex.IsMatch(text, $@"(?<![\w.]){name}\b"), $"'{name}' is not a Cake setting, but this names it: {text}");
        }

        foreach (Match variable in Regex.Matches(text, @"\bDOMINO_[A-Z_]+\b"))
        {
            Assert.True(Variables.Contains(variable.Value), $"'{variable.Value}' is not a variable the client reads: {text}");
        }
    }
}
