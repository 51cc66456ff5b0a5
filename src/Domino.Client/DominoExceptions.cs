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

/// <summary>Required configuration (host, credentials, project) is missing or invalid.</summary>
public class DominoConfigurationException : DominoException
{
    /// <summary>Creates the exception.</summary>
    public DominoConfigurationException(string message)
        : base(message)
    {
    }
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
