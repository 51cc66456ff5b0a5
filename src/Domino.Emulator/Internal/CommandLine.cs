using System.Globalization;

namespace Domino.Emulator.Internal;

/// <summary>The parsed command line.</summary>
internal sealed class CommandLineResult
{
    public DominoEmulatorOptions Options { get; } = new();

    public bool ShowHelp { get; set; }

    public bool ShowVersion { get; set; }

    /// <summary>Set when the arguments are wrong; never contains a credential.</summary>
    public string? Error { get; set; }
}

/// <summary>Parses <c>domino-emulator</c> arguments. Options take their value as the next argument or after '='.</summary>
internal static class CommandLine
{
    public const string ApiKeyVariable = "DOMINO_EMULATOR_API_KEY";
    public const string TokenVariable = "DOMINO_EMULATOR_TOKEN";

    public const string Usage = """
        Usage: domino-emulator --data-dir DIR (--api-key KEY | --token TOKEN | --insecure-no-auth) [options]

        A local Domino-compatible server that really runs commands. Prints
        "Domino emulator listening on http://ADDRESS:PORT" and runs until Ctrl+C or SIGTERM.

        Options:
          --data-dir DIR              Data folder (required); created if missing, kept across restarts.
          --api-key KEY               Accept this X-Domino-Api-Key value (repeatable).
                                      Also read from the DOMINO_EMULATOR_API_KEY environment variable.
          --token TOKEN               Accept this Authorization: Bearer token (repeatable).
                                      Also read from the DOMINO_EMULATOR_TOKEN environment variable.
          --insecure-no-auth          Accept every request without credentials.
          --project OWNER/NAME[=DIR]  Create the project; import DIR's files as a new commit (repeatable).
          --port N                    TCP port; 0 (the default) picks a free one.
          --bind ADDRESS              IP address to listen on (default 127.0.0.1).
          --max-concurrent-runs N     Runs executing at once (default 2); others wait Queued.
          --hardware-tier [ID=]NAME   A hardware tier jobs may ask for, besides the default tier Small
                                      (repeatable). Without an ID, the id is the name in lower case with
                                      dashes for spaces. Without this option: Small, Medium, Large.
          --environment [ID=]NAME     An environment jobs may ask for, besides the default
                                      "Domino Standard Environment ..." (repeatable). Without an ID, one is
                                      derived from the name (24 hex digits, the same on every start).
          --api v4|v1                 The API generation to speak (default v4). v1: the v4 Jobs API,
                                      hardware tiers, environments and the path-based file download
                                      answer 404, as on an older Domino.
          --latency MS                Delay every request by MS milliseconds (a distant server).
          --tls                       Serve HTTPS (HTTP/2 and HTTP/1.1) with a self-signed certificate
                                      generated at start; prints an https URL.
          --enable-control            Serve the /_emulator/ control endpoints (faults, request counts).
          --quoted-line-breaks        Write line breaks in v1 run output as '\n' plus a newline.
          --verbose                   Log each request (method, path, status; never headers) to stderr.
          --version                   Print the version and exit.
          -h, --help                  Print this help and exit.

        Exit codes: 0 after a clean shutdown, 1 when the server fails, 2 for bad arguments.
        """;

    public static CommandLineResult Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var result = new CommandLineResult();
        DominoEmulatorOptions options = result.Options;
        var tiers = new List<string>();
        var environments = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string name = arg;
            string? inlineValue = null;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                inlineValue = arg[(equals + 1)..];
            }

            switch (name)
            {
                case "-h":
                case "--help":
                    result.ShowHelp = true;
                    return result;
                case "--version":
                    result.ShowVersion = true;
                    return result;
                case "--insecure-no-auth":
                    options.InsecureNoAuth = true;
                    break;
                case "--enable-control":
                    options.EnableControl = true;
                    break;
                case "--tls":
                    options.Tls = true;
                    break;
                case "--quoted-line-breaks":
                    options.QuotedLineBreaks = true;
                    break;
                case "--verbose":
                    options.Verbose = true;
                    break;
                case "--data-dir":
                case "--api-key":
                case "--token":
                case "--project":
                case "--port":
                case "--bind":
                case "--max-concurrent-runs":
                case "--hardware-tier":
                case "--environment":
                case "--api":
                case "--latency":
                    {
                        string? value = inlineValue;
                        if (value is null)
                        {
                            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                            {
                                return Fail(result, $"{name} needs a value.");
                            }

                            value = args[++i];
                        }

                        string? error = name switch
                        {
                            "--hardware-tier" => AddChoice(tiers, name, value, ComputeCatalog.TierIdFor),
                            "--environment" => AddChoice(environments, name, value, ComputeCatalog.EnvironmentIdFor),
                            _ => Apply(options, name, value),
                        };
                        if (error is not null)
                        {
                            return Fail(result, error);
                        }

                        break;
                    }

                default:
                    // Name only the option, never what follows it: it could be a key typed after a misspelled option.
                    return Fail(result, arg.StartsWith('-') ? $"unknown option '{name}'." : "unexpected argument; every value follows its option (see --help).");
            }
        }

        if (tiers.Count > 0)
        {
            // The default tier stays; the ones given come after it (one given with the default's id replaces it).
            string defaultTier = options.HardwareTiers[0];
            options.HardwareTiers.Clear();
            if (!tiers.Any(t => SameId(t, defaultTier, ComputeCatalog.TierIdFor)))
            {
                options.HardwareTiers.Add(defaultTier);
            }

            tiers.ForEach(options.HardwareTiers.Add);
        }

        foreach (string added in environments)
        {
            options.Environments.Add(added);
        }

        AddFromEnvironment(options.ApiKeys, environment(ApiKeyVariable));
        AddFromEnvironment(options.BearerTokens, environment(TokenVariable));

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            return Fail(result, "--data-dir DIR is required.");
        }

        if (options.ApiKeys.Count == 0 && options.BearerTokens.Count == 0 && !options.InsecureNoAuth)
        {
            return Fail(result, $"no API key or token configured. Give --api-key KEY or --token TOKEN (or set {ApiKeyVariable}), or --insecure-no-auth to accept every request.");
        }

        return result;
    }

    private static string? Apply(DominoEmulatorOptions options, string name, string value)
    {
        switch (name)
        {
            case "--data-dir":
                options.DataDirectory = value;
                return value.Length == 0 ? "--data-dir needs a folder." : null;
            case "--api-key":
                if (string.IsNullOrWhiteSpace(value))
                {
                    return "--api-key needs a non-empty key.";
                }

                options.ApiKeys.Add(value);
                return null;
            case "--token":
                if (string.IsNullOrWhiteSpace(value))
                {
                    return "--token needs a non-empty token.";
                }

                options.BearerTokens.Add(value);
                return null;
            case "--project":
                {
                    int equals = value.IndexOf('=', StringComparison.Ordinal);
                    string project = equals < 0 ? value : value[..equals];
                    string folder = equals < 0 ? "" : value[(equals + 1)..];
                    if (!PathRules.TryParseProject(project, out _, out _))
                    {
                        return $"--project '{project}' is not OWNER/NAME (letters, digits, '.', '_', '-').";
                    }

                    if (equals >= 0 && folder.Length == 0)
                    {
                        return $"--project {project}= needs a folder after '='.";
                    }

                    if (folder.Length > 0 && !Directory.Exists(folder))
                    {
                        return $"--project {project}: the folder '{folder}' does not exist.";
                    }

                    options.Projects[project] = folder;
                    return null;
                }

            case "--port":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
                {
                    return $"--port must be a number from 0 to 65535; got '{value}'.";
                }

                options.Port = port;
                return null;
            case "--bind":
                options.BindAddress = value;
                return null;
            case "--max-concurrent-runs":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int max) || max < 1)
                {
                    return $"--max-concurrent-runs must be a whole number of 1 or more; got '{value}'.";
                }

                options.MaxConcurrentRuns = max;
                return null;
            case "--latency":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int latency) || latency > 60_000)
                {
                    return $"--latency must be a whole number of milliseconds from 0 to 60000; got '{value}'.";
                }

                options.Latency = TimeSpan.FromMilliseconds(latency);
                return null;
            case "--api":
                switch (value.Trim().ToUpperInvariant())
                {
                    case "V4":
                        options.ApiVersion = EmulatorApiVersion.V4;
                        return null;
                    case "V1":
                        options.ApiVersion = EmulatorApiVersion.V1;
                        return null;
                    default:
                        return $"--api must be v4 or v1; got '{value}'.";
                }

            default:
                return $"unknown option '{name}'.";
        }
    }

    /// <summary>Adds a <c>[ID=]NAME</c> value; the reason when it is blank or repeats an id given before.</summary>
    private static string? AddChoice(List<string> choices, string option, string value, Func<string, string> idFor)
    {
        (string id, string name) = ComputeCatalog.ParseEntry(value, idFor);
        if (id.Length == 0 || name.Length == 0)
        {
            return $"{option} needs a name, or an id and a name as ID=NAME; got '{value}'.";
        }

        if (choices.Any(c => SameId(c, value, idFor)))
        {
            return $"{option} '{value}' repeats the id '{id}' of an earlier one; give it another name or an id of its own (ID=NAME).";
        }

        choices.Add(value.Trim());
        return null;
    }

    private static bool SameId(string a, string b, Func<string, string> idFor) =>
        ComputeCatalog.ParseEntry(a, idFor).Id.Equals(ComputeCatalog.ParseEntry(b, idFor).Id, StringComparison.OrdinalIgnoreCase);

    private static void AddFromEnvironment(IList<string> target, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            target.Add(value.Trim());
        }
    }

    private static CommandLineResult Fail(CommandLineResult result, string message)
    {
        result.Error = message;
        return result;
    }
}
