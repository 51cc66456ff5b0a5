namespace Domino.Client;

/// <summary>
/// Options for <see cref="DominoClient"/>. Unset connection values come from the environment
/// (see <see cref="DominoEnvironmentVariables"/>); explicit values always win.
/// </summary>
public sealed class DominoClientOptions
{
    /// <summary>The Domino host, e.g. <c>https://domino.example.com</c>. Any path is dropped. Default: <c>DOMINO_API_HOST</c>.</summary>
    public string? Host { get; set; }

    /// <summary>An API key sent as <c>X-Domino-Api-Key</c>. Default: <c>DOMINO_USER_API_KEY</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A bearer token (service account or personal access token). Takes precedence over the other credentials.</summary>
    public string? BearerToken { get; set; }

    /// <summary>A file whose first line is a bearer token, re-read on every request. Default: <c>DOMINO_TOKEN_FILE</c>.</summary>
    public string? TokenFile { get; set; }

    /// <summary>
    /// Which API the client speaks (see <see cref="DominoApiMode"/>). Default: <c>DOMINO_API_MODE</c>
    /// (<c>auto</c>, <c>v4</c> or <c>v1</c>), else <see cref="DominoApiMode.Auto"/>.
    /// </summary>
    public DominoApiMode? Api { get; set; }

    /// <summary>Where unset values are read from. Default: the process environment.</summary>
    public IDominoEnvironment Environment { get; set; } = ProcessDominoEnvironment.Instance;

    /// <summary>Retry policy for idempotent requests.</summary>
    public DominoRetryOptions Retry { get; } = new();

    /// <summary>Timeout of one HTTP attempt (not of a whole wait). Default: 100 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The clock and timer source; tests inject a fake one. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Receives request, retry and progress messages. Default: none.</summary>
    public IDominoLogger Logger { get; set; } = NullDominoLogger.Instance;

    /// <summary>
    /// Whether waits and downloads report to the CI system the build runs in: the run's output in a fold, an error
    /// annotation for a run that ends without success, step outputs and a job summary (GitHub Actions, Azure Pipelines;
    /// folds and build problems on TeamCity and GitLab). Default: <see cref="Ci.DominoCiIntegration.Auto"/>.
    /// </summary>
    public Ci.DominoCiIntegration CiIntegration { get; set; } = Ci.DominoCiIntegration.Auto;

    /// <summary>
    /// The CI system, when the host already knows it (Cake asks its build-system providers). Default: <see langword="null"/>,
    /// detected from <see cref="Environment"/> (see <see cref="Ci.DominoCiDetection.Detect"/>).
    /// </summary>
    public Ci.DominoCiSystem? CiSystem { get; set; }

    /// <summary>
    /// The innermost HTTP handler (tests, proxies). Default: a <see cref="SocketsHttpHandler"/> with redirects
    /// handled by the client (same origin only) and pooled connections.
    /// </summary>
    public HttpMessageHandler? Transport { get; set; }

    /// <summary>A product token appended to the <c>User-Agent</c>, e.g. <c>Cake.Domino/1.0.0</c>.</summary>
    public string? UserAgentSuffix { get; set; }

    /// <summary>Source of randomness for retry and poll jitter; tests inject a seeded one. Default: <see cref="Random.Shared"/>.</summary>
    public Random Random { get; set; } = Random.Shared;

    /// <summary>
    /// The largest JSON answer read into memory (a files listing, a runs list, a whole run output). A larger one is
    /// refused rather than filling the memory. Blobs are streamed and not limited. Internal: tests lower it.
    /// </summary>
    internal long MaxResponseBodyBytes { get; set; } = 256L * 1024 * 1024;
}

/// <summary>Retry policy for idempotent requests: exponential backoff with full jitter, honouring <c>Retry-After</c>.</summary>
public sealed class DominoRetryOptions
{
    /// <summary>Retries after the first attempt. Default: 5. Zero disables retries.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Base of the exponential backoff. Default: 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on a single backoff delay. Default: 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cap on a server's <c>Retry-After</c>; a longer one is cut to this. Default: 60 seconds.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Total time retries of one request may take. Default: 2 minutes.</summary>
    public TimeSpan MaxTotalRetryTime { get; set; } = TimeSpan.FromMinutes(2);
}
