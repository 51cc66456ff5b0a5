using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Domino.Client;
using Domino.Cli.Output;

namespace Domino.Cli;

/// <summary>
/// The options every command takes. Connection values left out come from the same environment variables the other
/// front ends read (DOMINO_API_HOST, DOMINO_USER_API_KEY, DOMINO_TOKEN_FILE, DOMINO_PROJECT_OWNER/NAME).
/// </summary>
internal sealed partial class GlobalOptions
{
    public Option<string?> Host { get; } = new("--host")
    {
        Description = "The Domino host, for example https://domino.example.com. Default: DOMINO_API_HOST.",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> ApiKeyEnv { get; } = new("--api-key-env")
    {
        Description = "The NAME of the environment variable that holds the API key (never the key itself: arguments show in process lists). Default: DOMINO_USER_API_KEY.",
        HelpName = "NAME",
        Recursive = true,
    };

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = "A file whose first line is a bearer token, re-read on every request. Default: DOMINO_TOKEN_FILE.",
        HelpName = "PATH",
        Recursive = true,
    };

    public Option<string?> Project { get; } = new("--project", "-p")
    {
        Description = "The project, owner/name. Default: DOMINO_PROJECT_OWNER and DOMINO_PROJECT_NAME.",
        HelpName = "OWNER/NAME",
        Recursive = true,
    };

    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "text: the run's output and results for people on stdout. json: one JSON object on stdout when the command ends, everything else on stderr.",
        HelpName = "text|json",
        DefaultValueFactory = _ => "text",
        Recursive = true,
    };

    public Option<string> Verbosity { get; } = new("--verbosity", "-v")
    {
        Description = "How much goes to stderr: quiet (warnings and errors), normal (milestones and the run's output), detailed (each poll), diagnostic (each request).",
        HelpName = "quiet|normal|detailed|diagnostic",
        DefaultValueFactory = _ => "normal",
        Recursive = true,
    };

    public Option<string?> Api { get; } = new("--api")
    {
        Description = "Which Domino API to speak: auto (the v4 Jobs API where the server has it, else v1), v4 or v1. Default: DOMINO_API_MODE, else auto.",
        HelpName = "auto|v4|v1",
        Recursive = true,
    };

    public Option<bool> NoCi { get; } = new("--no-ci")
    {
        Description = "No CI reporting (folds, failure annotation, step outputs, job summary), even in a CI system the core detects.",
        Recursive = true,
    };

    public GlobalOptions()
    {
        Output.AcceptOnlyFromAmong("text", "json");
        Api.AcceptOnlyFromAmong("auto", "v4", "v1");
        Verbosity.AcceptOnlyFromAmong("quiet", "normal", "detailed", "diagnostic");
        Project.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !DominoProjectName.TryParse(value, out _))
            {
                result.AddError($"--project '{value}' is not valid: give it as owner/name, for example --project alice/churn-model.");
            }
        });
        ApiKeyEnv.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !VariableName().IsMatch(value))
            {
                // Not echoed: a user who passed the key itself by mistake must not see it in the log.
                result.AddError("--api-key-env takes the NAME of an environment variable that holds the key, for example --api-key-env DOMINO_USER_API_KEY, never the key itself.");
            }
        });
    }

    public IEnumerable<Option> All => [Host, ApiKeyEnv, TokenFile, Project, Api, Output, Verbosity, NoCi];

    public OutputFormat GetOutput(ParseResult parse) =>
        string.Equals(parse.GetValue(Output), "json", StringComparison.Ordinal) ? OutputFormat.Json : OutputFormat.Text;

    public Output.Verbosity GetVerbosity(ParseResult parse) => parse.GetValue(Verbosity) switch
    {
        "quiet" => Cli.Output.Verbosity.Quiet,
        "detailed" => Cli.Output.Verbosity.Detailed,
        "diagnostic" => Cli.Output.Verbosity.Diagnostic,
        _ => Cli.Output.Verbosity.Normal,
    };

    public DominoApiMode? GetApi(ParseResult parse) => parse.GetValue(Api) switch
    {
        "v4" => DominoApiMode.V4,
        "v1" => DominoApiMode.V1,
        "auto" => DominoApiMode.Auto,
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();
}
