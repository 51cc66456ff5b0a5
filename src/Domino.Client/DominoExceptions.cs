namespace Domino.Client;

/// <summary>The base of every error this library raises on purpose. Messages never contain credentials.</summary>
public class DominoException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DominoException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Required configuration (host, credentials, project, ...) is missing or invalid. Besides its neutral message, it
/// says as data which <see cref="Setting"/> is at fault, whether it is <see cref="DominoSettingProblem.Missing"/> or
/// <see cref="DominoSettingProblem.Invalid"/>, where a bad value came from (<see cref="Option"/> or
/// <see cref="EnvironmentVariable"/>) and which <see cref="EnvironmentVariables"/> give the setting, so that a front
/// end can word the error in its own terms. Never carries a credential.
/// </summary>
public class DominoConfigurationException : DominoException
{
    /// <summary>Creates the exception for a configuration error that is none of the known settings.</summary>
    public DominoConfigurationException(string message)
        : this(message, DominoSetting.Other, DominoSettingProblem.Invalid, detail: message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The neutral message (names the client's options and the environment variables).</param>
    /// <param name="setting">The setting at fault.</param>
    /// <param name="problem">Whether it is missing or invalid.</param>
    /// <param name="detail">What is wrong with the value and what a good one looks like, without naming where it came from.</param>
    /// <param name="option">The <see cref="DominoClientOptions"/> property the bad value came from, if it came from one.</param>
    /// <param name="environmentVariable">The environment variable the bad value came from, if it came from one.</param>
    /// <param name="environmentVariables">The environment variables that give this setting (none for settings the environment cannot give).</param>
    public DominoConfigurationException(
        string message,
        DominoSetting setting,
        DominoSettingProblem problem,
        string detail,
        string? option = null,
        string? environmentVariable = null,
        IReadOnlyList<string>? environmentVariables = null)
        : base(message)
    {
        Setting = setting;
        Problem = problem;
        Detail = detail;
        Option = option;
        EnvironmentVariable = environmentVariable;
        EnvironmentVariables = environmentVariables ?? Array.Empty<string>();
    }

    /// <summary>The setting at fault.</summary>
    public DominoSetting Setting { get; }

    /// <summary>Whether the setting is missing or its value is invalid.</summary>
    public DominoSettingProblem Problem { get; }

    /// <summary>
    /// For an invalid value: what is wrong and what a good value looks like, without naming where the value came
    /// from (a front end names that in its own words). For a missing one: a short description of what to give.
    /// </summary>
    public string Detail { get; }

    /// <summary>
    /// The <see cref="DominoClientOptions"/> property the invalid value came from (<c>Host</c>, <c>ApiKey</c>,
    /// <c>BearerToken</c>, <c>TokenFile</c>, <c>RequestTimeout</c>, <c>Retry.MaxRetries</c>, ...), or
    /// <see langword="null"/> when it came from the environment or the setting is missing.
    /// </summary>
    public string? Option { get; }

    /// <summary>The environment variable the invalid value came from, or <see langword="null"/>.</summary>
    public string? EnvironmentVariable { get; }

    /// <summary>The environment variables that give this setting, in the order the client reads them (may be empty).</summary>
    public IReadOnlyList<string> EnvironmentVariables { get; }
}

/// <summary>A setting of <see cref="DominoClient"/>, as named by a <see cref="DominoConfigurationException"/>.</summary>
public enum DominoSetting
{
    /// <summary>Any other option of <see cref="DominoClientOptions"/> (a null logger, a bad user agent, ...).</summary>
    Other,

    /// <summary>The Domino host (<c>DOMINO_API_HOST</c>).</summary>
    Host,

    /// <summary>The credentials: an API key (<c>DOMINO_USER_API_KEY</c>), a bearer token, or a token file (<c>DOMINO_TOKEN_FILE</c>).</summary>
    Credentials,

    /// <summary>The project (<c>DOMINO_PROJECT_OWNER</c> and <c>DOMINO_PROJECT_NAME</c>).</summary>
    Project,

    /// <summary>The timeout of one HTTP attempt.</summary>
    RequestTimeout,

    /// <summary>The retry policy (<see cref="DominoClientOptions.Retry"/>).</summary>
    Retry,

    /// <summary>Which API the client speaks (<see cref="DominoClientOptions.Api"/>, <c>DOMINO_API_MODE</c>).</summary>
    Api,

    /// <summary>The hardware tier a run asks for (<see cref="DominoStartRunRequest.Tier"/>), when the project has no such tier, or several by that name.</summary>
    HardwareTier,
}

/// <summary>What is wrong with a setting.</summary>
public enum DominoSettingProblem
{
    /// <summary>Not given at all.</summary>
    Missing,

    /// <summary>Given, but with a value the client cannot use.</summary>
    Invalid,
}

/// <summary>
/// An HTTP request to Domino failed. The message names the method, the path, the status and the server's own
/// words (cut short); never a header or a credential.
/// </summary>
public class DominoRequestException : DominoException
{
    /// <summary>Creates the exception.</summary>
    public DominoRequestException(string message, string method, string requestPath, int? statusCode, string? serverMessage, Exception? innerException = null)
        : base(message, innerException)
    {
        Method = method;
        RequestPath = requestPath;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
    }

    /// <summary>The HTTP method, e.g. <c>GET</c>.</summary>
    public string Method { get; }

    /// <summary>The request's path (no host, no query secrets).</summary>
    public string RequestPath { get; }

    /// <summary>The HTTP status, or <see langword="null"/> when no response arrived.</summary>
    public int? StatusCode { get; }

    /// <summary>The best message found in the server's response body, reduced to text and cut short.</summary>
    public string? ServerMessage { get; }
}

/// <summary>The server rejected the request as malformed (400).</summary>
public class DominoBadRequestException : DominoRequestException
{
    /// <summary>Creates the exception.</summary>
    public DominoBadRequestException(string message, string method, string requestPath, int? statusCode, string? serverMessage)
        : base(message, method, requestPath, statusCode, serverMessage)
    {
    }
}

/// <summary>The credentials are missing, wrong or lack permission (401, 403, or an old server's "AnonymousPrincipal").</summary>
public class DominoUnauthorizedException : DominoRequestException
{
    /// <summary>Creates the exception.</summary>
    public DominoUnauthorizedException(string message, string method, string requestPath, int? statusCode, string? serverMessage)
        : base(message, method, requestPath, statusCode, serverMessage)
    {
    }
}

/// <summary>The project, run, commit or blob does not exist (404).</summary>
public class DominoNotFoundException : DominoRequestException
{
    /// <summary>Creates the exception.</summary>
    public DominoNotFoundException(string message, string method, string requestPath, int? statusCode, string? serverMessage)
        : base(message, method, requestPath, statusCode, serverMessage)
    {
    }
}

/// <summary>Temporary credentials expired: log in again (409).</summary>
public class DominoConflictException : DominoRequestException
{
    /// <summary>Creates the exception.</summary>
    public DominoConflictException(string message, string method, string requestPath, int? statusCode, string? serverMessage)
        : base(message, method, requestPath, statusCode, serverMessage)
    {
    }
}

/// <summary>The server failed or stayed unavailable through every retry (5xx, 429, 408).</summary>
public class DominoServerException : DominoRequestException
{
    /// <summary>Creates the exception.</summary>
    public DominoServerException(string message, string method, string requestPath, int? statusCode, string? serverMessage)
        : base(message, method, requestPath, statusCode, serverMessage)
    {
    }
}

/// <summary>The server could not be reached, or an attempt timed out, through every retry.</summary>
public class DominoConnectionException : DominoRequestException
{
    /// <summary>Creates the exception.</summary>
    public DominoConnectionException(string message, string method, string requestPath, Exception? innerException)
        : base(message, method, requestPath, null, null, innerException)
    {
    }
}

/// <summary>The response could not be read: not JSON, a required field missing, or a body cut short.</summary>
public class DominoResponseFormatException : DominoRequestException
{
    /// <summary>Creates the exception.</summary>
    public DominoResponseFormatException(string message, string method, string requestPath, int? statusCode, Exception? innerException = null)
        : base(message, method, requestPath, statusCode, null, innerException)
    {
    }
}

/// <summary>
/// A start-run request failed after it may have reached the server, so it was not resent: the run may have started.
/// Look for it in the runs list (or use a marker, which reattaches) before starting again.
/// </summary>
public class DominoRunMayHaveStartedException : DominoRequestException
{
    /// <summary>Creates the exception.</summary>
    public DominoRunMayHaveStartedException(string message, string method, string requestPath, int? statusCode, string? serverMessage, Exception? innerException)
        : base(message, method, requestPath, statusCode, serverMessage, innerException)
    {
    }
}

/// <summary>A run ended without success (<c>Failed</c>, <c>Error</c>, <c>Stopped</c>, ...).</summary>
public class DominoRunFailedException : DominoException
{
    /// <summary>Creates the exception.</summary>
    public DominoRunFailedException(string message, DominoRun run, Uri runUrl, IReadOnlyList<string> lastOutputLines)
        : base(message)
    {
        Run = run;
        RunUrl = runUrl;
        LastOutputLines = lastOutputLines;
    }

    /// <summary>Creates the exception with the exception that caused it.</summary>
    public DominoRunFailedException(string message, DominoRun run, Uri runUrl, IReadOnlyList<string> lastOutputLines, Exception? innerException)
        : base(message, innerException)
    {
        Run = run;
        RunUrl = runUrl;
        LastOutputLines = lastOutputLines;
    }

    /// <summary>The run as last seen.</summary>
    public DominoRun Run { get; }

    /// <summary>Where to see the run in Domino.</summary>
    public Uri RunUrl { get; }

    /// <summary>The last lines of the run's output (may be empty).</summary>
    public IReadOnlyList<string> LastOutputLines { get; }
}

/// <summary>The wait deadline passed; the run is still going (unless it was stopped on timeout).</summary>
public class DominoWaitTimeoutException : DominoException
{
    /// <summary>Creates the exception.</summary>
    public DominoWaitTimeoutException(string message, DominoRun run, Uri runUrl, TimeSpan timeout)
        : base(message)
    {
        Run = run;
        RunUrl = runUrl;
        Timeout = timeout;
    }

    /// <summary>The run as last seen.</summary>
    public DominoRun Run { get; }

    /// <summary>Where to see the run in Domino.</summary>
    public Uri RunUrl { get; }

    /// <summary>The deadline that passed.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>A download could not be completed: some files failed, or a listed path was unsafe.</summary>
public class DominoDownloadException : DominoException
{
    /// <summary>Creates the exception.</summary>
    public DominoDownloadException(string message, DominoDownloadReport? report = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Report = report;
    }

    /// <summary>What was written, skipped and failed before the error, when known.</summary>
    public DominoDownloadReport? Report { get; }
}

/// <summary>
/// Domino kept failing (5xx, connection refused or reset, timeouts) for longer than the outage budget
/// (<see cref="DominoWaitOptions.MaxOutage"/>, <see cref="DominoDownloadOptions.MaxOutage"/>, <see cref="DominoStartRunRequest.MaxOutage"/>), so the operation gave up.
/// The message names the last answer, how long Domino failed, and for a run its web page: the run itself may still be going.
/// </summary>
public class DominoOutageException : DominoException
{
    /// <summary>Creates the exception.</summary>
    public DominoOutageException(string message, DominoRequestException lastFailure, TimeSpan duration, TimeSpan maxOutage, Uri? runUrl)
        : base(message, lastFailure)
    {
        LastFailure = lastFailure ?? throw new ArgumentNullException(nameof(lastFailure));
        Duration = duration;
        MaxOutage = maxOutage;
        RunUrl = runUrl;
    }

    /// <summary>The last failed request: its status (<see langword="null"/> when no answer came) and the server's words.</summary>
    public DominoRequestException LastFailure { get; }

    /// <summary>How long Domino had been failing when the operation gave up.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The outage budget that was spent.</summary>
    public TimeSpan MaxOutage { get; }

    /// <summary>The web page of the run concerned, when there is one.</summary>
    public Uri? RunUrl { get; }
}
