using Cake.Core.IO;
using Domino.Client;
using Domino.Client.Ci;

namespace Cake.Domino;

/// <summary>
/// What every Domino alias needs: where Domino is, who you are, and which project. Every value is optional:
/// an unset one comes from the environment (through Cake's <c>context.Environment</c>), then the client's
/// own default.
/// </summary>
public class DominoSettings
{
    /// <summary>
    /// The Domino host, for example <c>https://domino.example.com</c>; any path is dropped.
    /// Default: <c>DOMINO_API_HOST</c>.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>An API key, sent as <c>X-Domino-Api-Key</c>. Never logged. Default: <c>DOMINO_USER_API_KEY</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// A bearer token (service account or personal access token). Takes precedence over <see cref="TokenFile"/>
    /// and <see cref="ApiKey"/>. Never logged. Default: none.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// A file whose first line is a bearer token, re-read on every request; relative paths are resolved against
    /// the script's working directory. Default: <c>DOMINO_TOKEN_FILE</c>.
    /// </summary>
    public FilePath? TokenFile { get; set; }

    /// <summary>
    /// The project, as <c>owner/name</c>. Default: <c>DOMINO_PROJECT_OWNER</c>/<c>DOMINO_PROJECT_NAME</c>.
    /// Ignored by the aliases that take a run returned by another alias: that run carries its project.
    /// </summary>
    public string? Project { get; set; }

    /// <summary>Timeout of one HTTP attempt (not of a whole wait). Default: 100 seconds.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>Retries of an idempotent request after its first attempt; zero disables retries. Default: 5.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>Base of the exponential retry backoff (full jitter is applied). Default: 1 second.</summary>
    public TimeSpan? RetryBaseDelay { get; set; }

    /// <summary>Cap on a single retry delay. Default: 30 seconds.</summary>
    public TimeSpan? RetryMaxDelay { get; set; }

    /// <summary>Cap on a server's <c>Retry-After</c>; a longer one is cut to this. Default: 60 seconds.</summary>
    public TimeSpan? MaxRetryAfter { get; set; }

    /// <summary>Total time the retries of one request may take. Default: 2 minutes.</summary>
    public TimeSpan? MaxTotalRetryTime { get; set; }

    /// <summary>
    /// Which generation of Domino's API to speak: <see cref="DominoApiMode.Auto"/> uses the v4 Jobs API and the path-based
    /// file download where the server has them and the v1 runs API with blob downloads where it does not (decided once per
    /// alias call, and logged); <see cref="DominoApiMode.V4"/> fails on a server without v4; <see cref="DominoApiMode.V1"/>
    /// speaks only the legacy v1 API. Default: <c>DOMINO_API_MODE</c> (<c>auto</c>, <c>v4</c> or <c>v1</c>), else <c>Auto</c>.
    /// </summary>
    public DominoApiMode? Api { get; set; }

    /// <summary>
    /// Whether the aliases report to the CI system Cake detects (<c>BuildSystem.IsRunningOnGitHubActions</c>,
    /// <c>...AzurePipelines</c>, <c>...TeamCity</c>, <c>...GitLabCI</c>): the run's output folded, an error annotation for a
    /// run that ends without success, step outputs and a job summary (see docs/ci.md).
    /// Default: <see cref="DominoCiIntegration.Auto"/>; <see cref="DominoCiIntegration.Off"/> writes plain lines only.
    /// </summary>
    public DominoCiIntegration? CiIntegration { get; set; }
}
