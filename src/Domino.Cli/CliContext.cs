using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Domino.Cli.Hosting;
using Domino.Cli.Output;
using Domino.Client;
using Domino.Client.Ci;

namespace Domino.Cli;

/// <summary>
/// One command's invocation: the console, the connection flags turned into core options, the cancellation of Ctrl-C
/// and SIGTERM, and the one place where core exceptions become exit codes and error lines (or the JSON object).
/// </summary>
internal sealed class CliContext
{
    private static readonly JsonSerializerOptions JsonFormat = new() { WriteIndented = true };

    private readonly CliHost _host;
    private readonly ParseResult _parse;
    private readonly GlobalOptions _global;

    public CliContext(CliHost host, ParseResult parse, GlobalOptions global, CancellationToken cancellation)
    {
        _host = host;
        _parse = parse;
        _global = global;
        Cancellation = cancellation;
        Console = new CliConsole(host.Out, host.Error, global.GetVerbosity(parse), global.GetOutput(parse),
            CliConsole.UseColour(host.ErrorIsTerminal, host.Environment));
    }

    public CliConsole Console { get; }

    /// <summary>Cancelled by Ctrl-C or SIGTERM.</summary>
    public CancellationToken Cancellation { get; }

    public static string Version { get; } =
        typeof(CliContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>A path as given on the command line, made absolute against the current folder.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, _host.CurrentDirectory);

    /// <summary>
    /// A client for the flags, then the environment (the core resolves and validates both; a missing or bad value is
    /// its <see cref="DominoConfigurationException"/>), logging to the console.
    /// </summary>
    public DominoClient Connect()
    {
        var tokenFile = _parse.GetValue(_global.TokenFile);
        var apiKeyVariable = _parse.GetValue(_global.ApiKeyEnv);
        if (tokenFile is not null && apiKeyVariable is not null)
        {
            throw new CliUsageException("--token-file and --api-key-env both give credentials: give one of them.");
        }

        string? apiKey = null;
        if (apiKeyVariable is not null)
        {
            apiKey = _host.Environment.GetVariable(apiKeyVariable);
            if (string.IsNullOrWhiteSpace(apiKey))
            {
                throw new CliConfigurationException(
                    $"The environment variable {apiKeyVariable} (named by --api-key-env) is not set: set it to your Domino API key, or leave --api-key-env out to use {DominoEnvironmentVariables.UserApiKey}.");
            }
        }

        var options = new DominoClientOptions
        {
            Host = _parse.GetValue(_global.Host),
            ApiKey = apiKey,
            TokenFile = tokenFile is null ? null : FullPath(tokenFile),
            Environment = _host.Environment,
            Logger = new ConsoleDominoLogger(Console),
            UserAgentSuffix = $"Domino.Cli/{Version}",
            Api = _global.GetApi(_parse),
            CiIntegration = _parse.GetValue(_global.NoCi) ? DominoCiIntegration.Off : DominoCiIntegration.Auto,
        };
        return _host.CreateClient(options);
    }

    /// <summary>The project of <c>--project</c>, else of DOMINO_PROJECT_OWNER/NAME.</summary>
    public DominoProjectClient Project(DominoClient client) => client.GetProjectClient(_parse.GetValue(_global.Project));

    /// <summary>
    /// Runs a command body and turns its outcome into the exit code: success, or the code of the exception (see
    /// <see cref="ExitCodes"/>), with the error on stderr. In JSON mode the one object the body filled is written to
    /// stdout in every case, with <c>exitCode</c> and, on failure, <c>error</c>.
    /// </summary>
    public async Task<int> ExecuteAsync(string command, Func<JsonObject, Task<int>> body)
    {
        var result = new JsonObject { ["command"] = command };
        int code;
        JsonObject? error = null;
        try
        {
            code = await body(result).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            code = ExitCodes.Cancelled;
            error = Fail("cancelled", "Cancelled (Ctrl-C or SIGTERM).");
        }
        catch (Exception ex)
        {
            (code, var kind) = ExitCodes.For(ex);
            error = Fail(kind, Describe(ex));
            switch (ex)
            {
                case DominoRunFailedException failed:
                    Json.AddRun(result, failed.Run, failed.RunUrl);
                    error["lastOutputLines"] = Json.Array(failed.LastOutputLines);
                    break;
                case DominoWaitTimeoutException timedOut:
                    Json.AddRun(result, timedOut.Run, timedOut.RunUrl);
                    break;
                case DominoDownloadException { Report: { } report }:
                    AddDownload(result, report);
                    break;
            }
        }

        result["exitCode"] = code;
        if (error is not null)
        {
            result["error"] = error;
        }

        if (Console.IsJson)
        {
            Console.Result(result.ToJsonString(JsonFormat));
        }

        Console.Flush();
        return code;
    }

    /// <summary>
    /// Adds a download's report to the result, for <c>--json</c> only: nothing else prints it, and a download of 40,000
    /// files would build 40,000 JSON objects (20 MiB) at its end for nothing.
    /// </summary>
    public void AddDownload(JsonObject result, DominoDownloadReport report)
    {
        if (Console.IsJson)
        {
            result["download"] = Json.Download(report);
        }
    }

    private JsonObject Fail(string kind, string message)
    {
        Console.Error(message);
        return new JsonObject { ["kind"] = kind, ["message"] = message };
    }

    /// <summary>The message for the user, in this front end's words.</summary>
    internal static string Describe(Exception exception) => exception switch
    {
        DominoConfigurationException configuration => Describe(configuration),
        ArgumentException { ParamName: { } name } argument => argument.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal),
        _ => exception.Message,
    };

    /// <summary>
    /// A missing or invalid setting in this front end's words: the flag and the environment variable that give it.
    /// </summary>
    internal static string Describe(DominoConfigurationException error)
    {
        if (error.Problem == DominoSettingProblem.Missing)
        {
            return error.Setting switch
            {
                DominoSetting.Host =>
                    $"No Domino host is set: give --host (for example --host https://domino.example.com) or set the environment variable {DominoEnvironmentVariables.ApiHost}.",
                DominoSetting.Credentials =>
                    $"No Domino credentials are set: set the environment variable {DominoEnvironmentVariables.UserApiKey} (an API key) or {DominoEnvironmentVariables.TokenFile} (a file holding a token), "
                    + "or give --api-key-env NAME (the variable holding the key) or --token-file PATH.",
                DominoSetting.Project =>
                    $"No Domino project is set: give --project owner/name (for example --project alice/churn-model) or set the environment variables {DominoEnvironmentVariables.ProjectOwner} and {DominoEnvironmentVariables.ProjectName}.",
                _ => error.Message,
            };
        }

        var source = error.Option switch
        {
            "Host" => "--host",
            "ApiKey" => "the variable named by --api-key-env",
            "TokenFile" => "--token-file",
            _ => error.EnvironmentVariable is { } variable ? $"the environment variable {variable}" : null,
        };
        var what = error.Setting switch
        {
            DominoSetting.Host => "host",
            DominoSetting.Credentials => "credential",
            DominoSetting.Project => "project",
            _ => null,
        };
        return source is null || what is null ? error.Message : $"The Domino {what} given by {source} is not valid: {error.Detail}";
    }
}

/// <summary>A flag combination or value the parser could not catch: exit code 2, nothing sent.</summary>
internal sealed class CliUsageException(string message) : ArgumentException(message);

/// <summary>Configuration the CLI itself checks (the variable named by <c>--api-key-env</c>): exit code 3, nothing sent.</summary>
internal sealed class CliConfigurationException(string message) : DominoConfigurationException(message);
