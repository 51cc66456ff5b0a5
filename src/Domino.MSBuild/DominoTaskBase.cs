using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text;
using Domino.Client;
using Domino.Client.Ci;
using Microsoft.Build.Framework;

namespace Domino.MSBuild;

/// <summary>
/// The base of the Domino tasks: resolves the host, the credentials (from the environment only) and the project,
/// carries the core's log into the MSBuild log, and turns every failure into an error with a stable code
/// (<c>DOM0xx</c>, see <c>docs/msbuild.md</c>). Cancelling the build cancels the task's work at once.
/// </summary>
/// <remarks>
/// Credentials are never task parameters, because MSBuild logs parameters: the API key comes from
/// <c>DOMINO_USER_API_KEY</c> and a token file from <c>DOMINO_TOKEN_FILE</c>, or from the variables named by
/// <see cref="ApiKeyVariable"/> and <see cref="TokenFileVariable"/>.
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "MSBuild does not dispose tasks; the CancellationTokenSource uses no timer or wait handle, so it holds nothing to release.")]
public abstract class DominoTaskBase : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private static readonly string ProductToken = "Domino.MSBuild/" + (typeof(DominoTaskBase).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");

    private readonly CancellationTokenSource _cancellation = new();
    private DominoClient? _client;

    /// <summary>The Domino host, for example <c>https://domino.example.com</c>. Default: <c>DOMINO_API_HOST</c>.</summary>
    public string? Host { get; set; }

    /// <summary>The project, <c>owner/name</c>. Default: <c>DOMINO_PROJECT_OWNER</c>/<c>DOMINO_PROJECT_NAME</c>.</summary>
    public string? Project { get; set; }

    /// <summary>
    /// The name (never the value) of the environment variable holding the API key. Default:
    /// <c>DOMINO_USER_API_KEY</c>. When set, that variable must be set, and its key wins over a token file from
    /// <c>DOMINO_TOKEN_FILE</c>.
    /// </summary>
    public string? ApiKeyVariable { get; set; }

    /// <summary>
    /// The name of the environment variable holding the path of a token file (first line: a bearer token).
    /// Default: <c>DOMINO_TOKEN_FILE</c>. When set, that variable must be set.
    /// </summary>
    public string? TokenFileVariable { get; set; }

    /// <summary>
    /// <c>Auto</c> (default) or <c>Off</c>: whether waits and downloads report to the CI system the build runs in (GitHub
    /// Actions, Azure Pipelines, TeamCity, GitLab CI): the run's output folded, an error annotation for a run that ends
    /// without success, step outputs and a job summary. The <c>DominoRun</c> target passes <c>$(DominoCiIntegration)</c>.
    /// </summary>
    public string? CiIntegration { get; set; }

    /// <summary>
    /// Which Domino API the task speaks: <c>Auto</c> (the v4 Jobs API and downloads by path where the server has them,
    /// else the v1 runs API and blob downloads: one read-only probe decides, and the log says which), <c>V4</c> (fail
    /// on a server without v4) or <c>V1</c> (the legacy API only). Default: <c>DOMINO_API_MODE</c>, else <c>Auto</c>; this
    /// parameter wins over the variable. The <c>DominoRun</c> target passes <c>$(DominoApi)</c>.
    /// </summary>
    public string? Api { get; set; }

    /// <summary>Creates the client from the resolved options (tests substitute a fake).</summary>
    internal Func<DominoClientOptions, DominoClient> ClientFactory { get; set; } = static options => new DominoClient(options);

    /// <summary>Reads an environment variable (tests substitute a dictionary).</summary>
    internal Func<string, string?> ReadEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary>True once the build asked the task to stop.</summary>
    protected bool IsCancellationRequested => _cancellation.IsCancellationRequested;

    /// <summary>True for tasks that may take long (waiting, downloading): they yield the node while they work.</summary>
    private protected virtual bool YieldsWhileWorking => false;

    /// <summary>Stops the task's work at once (MSBuild calls this on Ctrl+C). Only cancels; the task reports it.</summary>
    public void Cancel() => _cancellation.Cancel();

    /// <inheritdoc />
    /// <remarks>
    /// Prepares on the calling thread (parameters, paths, environment), yields the node for long work, bridges to
    /// the async work, and reacquires the node in <c>finally</c>, on the thread that yielded, as MSBuild requires.
    /// </remarks>
    public sealed override bool Execute()
    {
        using var client = Prepare(out var project);
        if (client is null || project is null)
        {
            // Prepare logged the coded error.
            return false;
        }

        var engine = YieldsWhileWorking ? BuildEngine as IBuildEngine3 : null;
        engine?.Yield();
        try
        {
            ExecuteAsync(project).GetAwaiter().GetResult();
        }
        finally
        {
            engine?.Reacquire();
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// Checks and parses the parameters and resolves every path, before the task yields (the current directory
    /// may change once it has). Throws <see cref="DominoTaskException"/> for a bad parameter.
    /// </summary>
    private protected abstract void PrepareParameters();

    /// <summary>Does the work, on the resolved project.</summary>
    private protected abstract Task ExecuteCoreAsync(DominoProjectClient project, CancellationToken cancellationToken);

    /// <summary>What the task was doing, for error messages ("waiting for run 553a...").</summary>
    private protected abstract string DescribeOperation();

    /// <summary>A task-specific error for a failure, or <see langword="null"/> for the generic mapping.</summary>
    private protected virtual (string Code, string Message)? DescribeFailure(Exception exception) => null;

    /// <summary>What was done about the remote work when the build was cancelled.</summary>
    private protected virtual string DescribeCancellation() => "The build was cancelled (Ctrl+C); nothing more was asked of Domino.";

    /// <summary>Logs an error with its code and a link to its documentation.</summary>
    private protected void LogCodedError(string code, string message) =>
        Log.LogError("Domino", code, null, DominoErrorCodes.HelpLink(code), null, 0, 0, 0, 0, Redact(message));

    /// <summary>Logs a warning with its code and a link to its documentation.</summary>
    private protected void LogCodedWarning(string code, string message) =>
        Log.LogWarning("Domino", code, null, DominoErrorCodes.HelpLink(code), null, 0, 0, 0, 0, Redact(message));

    /// <summary>Logs a milestone at high importance (shown by the default console verbosity).</summary>
    private protected void LogMilestone(string message) => Log.LogMessage(MessageImportance.High, Redact(message));

    /// <summary>Masks any credential in a message the task built itself, with the client's own mask.</summary>
    private protected string Redact(string message) => _client?.MaskSecrets(message) ?? message;

    /// <summary>
    /// Everything that reads the environment or resolves a path, before the task yields: parameters, host,
    /// credentials, project, client. Returns <see langword="null"/> after logging a coded error.
    /// </summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Every failure becomes a coded error: no exception may escape to MSBuild (MSB4018).")]
    private DominoClient? Prepare(out DominoProjectClient? projectClient)
    {
        projectClient = null;
        DominoClient? client = null;
        try
        {
            PrepareParameters();
            var environment = CaptureEnvironment(out var explicitKey, out var explicitTokenFile);
            var options = new DominoClientOptions
            {
                Host = TaskParameters.Trimmed(Host),
                ApiKey = explicitKey,
                TokenFile = explicitTokenFile,
                Environment = environment,
                Logger = new TaskLogger(Log),
                UserAgentSuffix = ProductToken,
                CiIntegration = TaskParameters.ParseCiIntegration(CiIntegration, nameof(CiIntegration)),
                Api = TaskParameters.ParseApiMode(Api, nameof(Api)),
            };
            var project = ResolveProject(environment);
            client = ClientFactory(options);
            _client = client;
            projectClient = client.GetProjectClient(project)
                ?? throw new InvalidOperationException("The Domino client returned no project client.");
            return client;
        }
        catch (Exception exception)
        {
            client?.Dispose();
            ReportFailure(exception);
            return null;
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Every failure becomes a coded error: no exception may escape to MSBuild (MSB4018).")]
    private async Task ExecuteAsync(DominoProjectClient project)
    {
        try
        {
            await ExecuteCoreAsync(project, _cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            ReportFailure(exception);
        }
    }

    private DictionaryDominoEnvironment CaptureEnvironment(out string? explicitKey, out string? explicitTokenFile)
    {
        var keyVariable = RequireVariableName(ApiKeyVariable, nameof(ApiKeyVariable));
        var tokenFileVariable = RequireVariableName(TokenFileVariable, nameof(TokenFileVariable));

        var key = TaskParameters.Trimmed(ReadEnvironmentVariable(keyVariable ?? DominoEnvironmentVariables.UserApiKey));
        var tokenFile = TaskParameters.Trimmed(ReadEnvironmentVariable(tokenFileVariable ?? DominoEnvironmentVariables.TokenFile));
        if (keyVariable is not null && key is null)
        {
            throw DominoTaskException.Configuration(
                $"The environment variable {keyVariable}, named by ApiKeyVariable, is not set: set it to the Domino API key in the build's environment.");
        }

        if (tokenFileVariable is not null && tokenFile is null)
        {
            throw DominoTaskException.Configuration(
                $"The environment variable {tokenFileVariable}, named by TokenFileVariable, is not set: set it to the path of the token file in the build's environment.");
        }

        // A relative token file is taken relative to the current directory now, while it is the project's.
        if (tokenFile is not null)
        {
            try
            {
                tokenFile = Path.GetFullPath(tokenFile);
            }
            catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
            {
                throw DominoTaskException.Configuration(
                    $"The token file path in {tokenFileVariable ?? DominoEnvironmentVariables.TokenFile} is not a valid path: {exception.Message}");
            }
        }

        explicitKey = keyVariable is not null ? key : null;
        explicitTokenFile = tokenFileVariable is not null ? tokenFile : null;
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [DominoEnvironmentVariables.ApiHost] = ReadEnvironmentVariable(DominoEnvironmentVariables.ApiHost),
            [DominoEnvironmentVariables.UserApiKey] = key,
            [DominoEnvironmentVariables.TokenFile] = tokenFile,
            [DominoEnvironmentVariables.ProjectOwner] = ReadEnvironmentVariable(DominoEnvironmentVariables.ProjectOwner),
            [DominoEnvironmentVariables.ProjectName] = ReadEnvironmentVariable(DominoEnvironmentVariables.ProjectName),
            [DominoEnvironmentVariables.ApiMode] = ReadEnvironmentVariable(DominoEnvironmentVariables.ApiMode),
        };

        // The CI system and the files it reads (GITHUB_OUTPUT, ...), for the core's CI reporting.
        foreach (var name in DominoCiDetection.Variables)
        {
            variables[name] = ReadEnvironmentVariable(name);
        }

        return new DictionaryDominoEnvironment(variables);
    }

    private static string? RequireVariableName(string? value, string parameter)
    {
        var name = TaskParameters.Trimmed(value);
        if (name is null)
        {
            return null;
        }

        var valid = (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_');
        if (!valid)
        {
            // The value is not echoed: it may be a credential given by mistake.
            throw DominoTaskException.Parameter(
                $"{parameter} must be the name of an environment variable (letters, digits and underscores), never a credential itself.");
        }

        return name;
    }

    private string ResolveProject(IDominoEnvironment environment)
    {
        try
        {
            return DominoProjectName.Resolve(TaskParameters.Trimmed(Project), environment).ToString();
        }
        catch (ArgumentException exception)
        {
            throw DominoTaskException.Parameter($"Project '{Project}' is not valid: give it as owner/name, for example alice/churn-model. ({exception.Message})");
        }
    }

    /// <summary>
    /// A missing or invalid setting, in this front end's words: the task's parameters and the build's environment
    /// variables (credentials are never parameters). The advice is given once.
    /// </summary>
    private string DescribeConfiguration(DominoConfigurationException error)
    {
        var keyVariable = ApiKeyVariable ?? DominoEnvironmentVariables.UserApiKey;
        var tokenFileVariable = TokenFileVariable ?? DominoEnvironmentVariables.TokenFile;
        if (error.Problem == DominoSettingProblem.Missing)
        {
            return error.Setting switch
            {
                DominoSetting.Host =>
                    $"No Domino host is set: give the task's Host parameter (for example https://domino.example.com), or set {DominoEnvironmentVariables.ApiHost} in the build's environment.",
                DominoSetting.Credentials =>
                    $"No Domino credentials are set: set {keyVariable} (an API key) or {tokenFileVariable} (the path of a file holding a token) in the build's environment, "
                    + "for example from a CI secret. ApiKeyVariable and TokenFileVariable name other variables; credentials are never task parameters, because MSBuild logs parameters.",
                DominoSetting.Project =>
                    $"No Domino project is set: give the task's Project parameter as owner/name, or set {DominoEnvironmentVariables.ProjectOwner} and {DominoEnvironmentVariables.ProjectName} in the build's environment.",
                _ => error.Message,
            };
        }

        var source = (error.Option, error.EnvironmentVariable) switch
        {
            ("Host", _) => "the task's Host parameter",
            ("ApiKey", _) => $"the environment variable {keyVariable}",
            ("TokenFile", _) => $"the environment variable {tokenFileVariable}",
            (null, { } variable) => $"the environment variable {variable}",
            _ => null,
        };
        var what = error.Setting switch
        {
            DominoSetting.Host => "host",
            DominoSetting.Credentials => "credential",
            _ => null,
        };
        return source is null || what is null ? error.Message : $"The Domino {what} given by {source} is not valid: {error.Detail}";
    }

    /// <summary>An API mode that is malformed or does not fit the server or the request, in this front end's words.</summary>
    private static string DescribeApiMode(DominoConfigurationException error) =>
        error.EnvironmentVariable is { } variable
            ? $"The environment variable {variable} is not valid: {error.Detail} The task's Api parameter (DominoApi for the DominoRun target) wins over it."
            : $"{Capitalize(error.Detail)} {TaskParameters.ApiModeSource}";

    private void ReportFailure(Exception exception)
    {
        if (exception is OperationCanceledException && _cancellation.IsCancellationRequested)
        {
            LogCodedError(DominoErrorCodes.Cancelled, $"{Capitalize(DescribeOperation())} was cancelled by the user (this is not a timeout). {DescribeCancellation()}");
            return;
        }

        if (exception is DominoTaskException own)
        {
            LogCodedError(own.Code, own.Message);
            return;
        }

        if (exception is DominoConfigurationException { Setting: DominoSetting.Api } api)
        {
            LogCodedError(DominoErrorCodes.InvalidApiMode, $"{Capitalize(DescribeOperation())} failed: {DescribeApiMode(api)}");
            return;
        }

        if (DescribeFailure(exception) is { } specific)
        {
            LogCodedError(specific.Code, specific.Message);
            return;
        }

        var (code, hint) = exception switch
        {
            DominoRunMayHaveStartedException => (DominoErrorCodes.RunMayHaveStarted,
                "A run may have started anyway: look at the project's runs in Domino before starting again, or set Marker so a retried build reattaches to it."),
            DominoUnauthorizedException or DominoConflictException => (DominoErrorCodes.Unauthorized,
                $"The credentials come from the environment variable {ApiKeyVariable ?? DominoEnvironmentVariables.UserApiKey} (an API key) or {TokenFileVariable ?? DominoEnvironmentVariables.TokenFile} (a token file)."),
            DominoNotFoundException => (DominoErrorCodes.NotFound, string.Empty),
            DominoBadRequestException => (DominoErrorCodes.BadRequest, "Check the task's parameters against what the Domino server accepts."),
            DominoRequestException => (DominoErrorCodes.ServerError, "Domino failed or could not be reached through every retry: check the host and try again later."),
            DominoRunFailedException => (DominoErrorCodes.RunFailed, string.Empty),
            DominoWaitTimeoutException => (DominoErrorCodes.WaitTimedOut, string.Empty),
            DominoOutageException => (DominoErrorCodes.Outage,
                "Check Domino's status and build again; to ride out a longer outage, raise the task's MaxOutage parameter (DominoMaxOutage for the DominoRun target)."),
            DominoDownloadException => (DominoErrorCodes.DownloadFailed, string.Empty),
            DominoConfigurationException => (DominoErrorCodes.ConfigurationMissing, string.Empty),
            DominoException => (DominoErrorCodes.OperationFailed, string.Empty),
            ArgumentException => (DominoErrorCodes.InvalidParameter, string.Empty),
            _ => (DominoErrorCodes.UnexpectedError, "This is a bug in Domino.MSBuild: please report it with the build log."),
        };

        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{Capitalize(DescribeOperation())} failed: ")
            .Append(exception switch
            {
                DominoConfigurationException configuration => DescribeConfiguration(configuration),
                _ when code == DominoErrorCodes.UnexpectedError => $"{exception.GetType().FullName}: {exception.Message}",
                _ => exception.Message,
            });
        if (hint.Length > 0)
        {
            message.Append(' ').Append(hint);
        }

        LogCodedError(code, message.ToString());
        if (code == DominoErrorCodes.UnexpectedError)
        {
            Log.LogMessage(MessageImportance.Low, Redact(exception.ToString()));
        }
    }

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
