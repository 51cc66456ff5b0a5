namespace Domino.MSBuild;

/// <summary>
/// The stable codes of every error and warning the Domino tasks and targets log. Each is documented, with its
/// meaning and fix, in <c>docs/msbuild.md</c>.
/// </summary>
public static class DominoErrorCodes
{
    /// <summary>Error: the host, the credentials or the project is not set.</summary>
    public const string ConfigurationMissing = "DOM001";

    /// <summary>Error: a task parameter is missing or malformed.</summary>
    public const string InvalidParameter = "DOM002";

    /// <summary>Error: Domino rejected the credentials (401, 403, or expired temporary credentials, 409).</summary>
    public const string Unauthorized = "DOM003";

    /// <summary>Error: the project, run, commit or file does not exist (404).</summary>
    public const string NotFound = "DOM004";

    /// <summary>Error: Domino rejected the request as malformed (400).</summary>
    public const string BadRequest = "DOM005";

    /// <summary>Error: Domino failed, stayed unavailable or unreachable through every retry, or answered something unreadable.</summary>
    public const string ServerError = "DOM006";

    /// <summary>Error: the start request failed after it may have reached Domino, so a run may have started.</summary>
    public const string RunMayHaveStarted = "DOM007";

    /// <summary>Error: the run ended without success.</summary>
    public const string RunFailed = "DOM008";

    /// <summary>Error: the wait's <c>Timeout</c> passed before the run finished.</summary>
    public const string WaitTimedOut = "DOM009";

    /// <summary>Error: the build was cancelled (Ctrl+C) while the task was working.</summary>
    public const string Cancelled = "DOM010";

    /// <summary>Error: a download failed (a file failed, or a listed path would land outside the destination).</summary>
    public const string DownloadFailed = "DOM011";

    /// <summary>Error: Domino could not do what was asked for another reason (for example the run has no results yet).</summary>
    public const string OperationFailed = "DOM012";

    /// <summary>Error: an unexpected error inside the task (a bug: please report it).</summary>
    public const string UnexpectedError = "DOM013";

    /// <summary>Error: Domino kept failing (5xx, no connection, timeouts) for longer than <c>MaxOutage</c>.</summary>
    public const string Outage = "DOM015";

    /// <summary>
    /// Error: the hardware tier is not valid: <c>HardwareTier</c> and its older name <c>Tier</c> set to different values, a
    /// malformed value, or a tier the project does not have (the message lists the tiers it has).
    /// </summary>
    public const string InvalidHardwareTier = "DOM030";

    /// <summary>Error: <c>EnvironmentId</c> is not a Domino environment id.</summary>
    public const string InvalidEnvironmentId = "DOM031";

    /// <summary>Error: the git reference is not valid: a malformed <c>Branch</c> or <c>GitRef</c>, or <c>Branch</c> together with <c>GitRef</c> or <c>CommitId</c>.</summary>
    public const string InvalidGitRef = "DOM032";

    /// <summary>Error: an <c>ExternalVolumeMounts</c> entry is not an external volume id.</summary>
    public const string InvalidExternalVolumeMounts = "DOM033";

    /// <summary>Error: the <c>ComputeCluster</c> item is not valid (its type, environment, tiers, worker counts or storage).</summary>
    public const string InvalidComputeCluster = "DOM034";

    /// <summary>
    /// Error: the API mode is not valid (<c>Api</c>, <c>DominoApi</c> or <c>DOMINO_API_MODE</c> is not Auto, V4 or V1), or does not fit:
    /// V4 against a Domino without the v4 Jobs API, v4-only parameters with the v1 API, <c>PublishApiEndpoint</c> with v4.
    /// </summary>
    public const string InvalidApiMode = "DOM035";

    /// <summary>Error (from the targets): the tasks need the .NET MSBuild of <c>dotnet build</c>, or MSBuild 18 or later (Visual Studio 2026).</summary>
    public const string UnsupportedMSBuild = "DOM014";

    /// <summary>Warning: the Domino client reported something worth a look (for example an unknown run status).</summary>
    public const string ClientWarning = "DOM020";

    /// <summary>Warning: the run ended without success, and <c>ContinueOnRunFailure</c> let the build go on.</summary>
    public const string RunFailedContinuing = "DOM021";

    /// <summary>The page documenting the codes; each code links to its own anchor.</summary>
    internal const string HelpBase = "https://github.com/cake-domino/cake-domino/blob/main/docs/msbuild.md#";

    internal static string HelpLink(string code) => HelpBase + code.ToLowerInvariant();
}
