using Domino.Client;

namespace Domino.Cli;

/// <summary>The exit codes of <c>domino</c>, documented in docs/cli.md. Scripts branch on them: they never change meaning.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked; a waited-for run succeeded.</summary>
    public const int Success = 0;

    /// <summary>The run ended without success, or the work failed for another reason (a download with failed files).</summary>
    public const int Failed = 1;

    /// <summary>A bad flag or value: nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>The host, credentials or project are missing or malformed: nothing was sent.</summary>
    public const int Configuration = 3;

    /// <summary>The server refused the request: credentials, permission, a run/commit/project that does not exist, a bad request.</summary>
    public const int Refused = 4;

    /// <summary>The server could not be reached, or kept failing, through every retry or past the outage budget (<c>--max-outage</c>).</summary>
    public const int Unreachable = 5;

    /// <summary>The <c>--timeout</c> passed before the run ended.</summary>
    public const int Timeout = 124;

    /// <summary>Ctrl-C or SIGTERM: the run was asked to stop and the command gave up.</summary>
    public const int Cancelled = 130;

    /// <summary>The exit code and the error kind (a stable word in the JSON output) for an exception the core raised.</summary>
    public static (int Code, string Kind) For(Exception exception) => exception switch
    {
        DominoRunFailedException => (Failed, "runFailed"),
        DominoWaitTimeoutException => (Timeout, "timeout"),
        // A bad value given by a flag is a usage error; one from the environment (or missing) is configuration.
        DominoConfigurationException { Problem: DominoSettingProblem.Invalid, Option: "Host" or "TokenFile" } => (Usage, "usage"),
        DominoConfigurationException => (Configuration, "configuration"),
        DominoUnauthorizedException or DominoNotFoundException or DominoBadRequestException or DominoConflictException => (Refused, "refused"),
        DominoServerException or DominoConnectionException or DominoOutageException => (Unreachable, "unreachable"),
        DominoException => (Failed, "failed"),
        ArgumentException => (Usage, "usage"),
        _ => (Failed, "failed"),
    };
}
