using Domino.Client.Ci;
using Domino.Client.Configuration;
using Domino.Client.Http;
using Domino.Client.Serialization;
using Domino.Client.Text;

namespace Domino.Client;

/// <summary>
/// A client for one Domino host and set of credentials. Create one per host and reuse it; it pools connections.
/// Project-scoped operations live on <see cref="DominoProjectClient"/> (<see cref="GetProjectClient(DominoProjectName)"/>).
/// </summary>
public class DominoClient : IDisposable
{
    private readonly DominoHttp? _http;
    private readonly ApiSelector? _api;
    private readonly IDominoLogger? _logger;

    /// <summary>For mocking only.</summary>
    protected DominoClient()
    {
        Options = new DominoClientOptions();
    }

    /// <summary>
    /// Creates a client. Host and credentials not set in <paramref name="options"/> are read from its environment.
    /// </summary>
    /// <exception cref="DominoConfigurationException">The host or the credentials are missing or malformed.</exception>
    public DominoClient(DominoClientOptions? options = null)
    {
        Options = options ?? new DominoClientOptions();
        var settings = ConnectionSettings.Resolve(Options);
        _http = new DominoHttp(settings, Options);
        Ci = CiReporter.Create(Options, _http.Logger, _http.Scrubber);
        _logger = Ci is null ? _http.Logger : Ci.Protect(_http.Logger);
        _api = new ApiSelector(settings.Api, settings.Host, _logger);
    }

    /// <summary>The normalised host, <c>scheme://host[:port]/</c>.</summary>
    public virtual Uri Host => Http.Host;

    /// <summary>The options this client was created with (time, logger and randomness are read from them as needed).</summary>
    internal DominoClientOptions Options { get; }

    /// <summary>
    /// The options' logger behind the client's credential mask: every line written through it has each configured
    /// key or token replaced by <c>***</c>. Front ends write their own lines through it, so credentials are masked
    /// in one place.
    /// </summary>
    public virtual IDominoLogger Logger => _logger ?? Options.Logger;

    /// <summary>
    /// Replaces every credential this client knows (the options' and the environment's key and token, and every
    /// token read from a token file) with <c>***</c>, for messages a front end builds itself.
    /// </summary>
    /// <param name="text">Any text.</param>
    /// <returns>The text with credentials masked.</returns>
    public virtual string MaskSecrets(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _http is null ? text : _http.Scrubber.Scrub(text);
    }

    /// <summary>The CI reporting of this client; <see langword="null"/> when off or outside a known CI system.</summary>
    internal CiReporter? Ci { get; }

    internal DominoHttp Http => _http ?? throw new InvalidOperationException("This DominoClient was created for mocking and cannot send requests.");

    /// <summary>Which API this client speaks, decided once (see <see cref="DominoApiMode"/>).</summary>
    internal ApiSelector Api => _api ?? throw new InvalidOperationException("This DominoClient was created for mocking and cannot send requests.");

    /// <summary>Operations on one project.</summary>
    public virtual DominoProjectClient GetProjectClient(DominoProjectName project)
    {
        if (project.Owner is null)
        {
            throw new ArgumentException("The Domino project is empty: give it as 'owner/name', for example 'alice/churn-model'.", nameof(project));
        }

        return new DominoProjectClient(this, project);
    }

    /// <summary>Operations on the project named by <c>DOMINO_PROJECT_OWNER</c>/<c>DOMINO_PROJECT_NAME</c> (or <paramref name="project"/> when given).</summary>
    /// <exception cref="DominoConfigurationException">No project is given or set in the environment.</exception>
    public virtual DominoProjectClient GetProjectClient(string? project) =>
        GetProjectClient(DominoProjectName.Resolve(project, Options.Environment));

    /// <summary><c>GET /version</c>: the server's version. Needs no credentials.</summary>
    public virtual Task<DominoServerVersion> GetVersionAsync(CancellationToken cancellationToken = default) =>
        Http.SendAsync(HttpMethod.Get, "version", null, RequestKind.Idempotent, WireReader.ReadVersion, cancellationToken);

    /// <summary>
    /// <c>GET /v1/environments</c>: every compute environment the user can see (a project's jobs may use fewer:
    /// <see cref="DominoProjectClient.ListEnvironmentsAsync"/>).
    /// </summary>
    public virtual async Task<IReadOnlyList<DominoEnvironment>> ListEnvironmentsAsync(CancellationToken cancellationToken = default) =>
        (await Http.SendAsync(HttpMethod.Get, "v1/environments", null, RequestKind.Idempotent, JobWireReader.ReadEnvironments, cancellationToken)
            .ConfigureAwait(false)).Select(environment => Http.Scrubber.ScrubEnvironment(environment)).ToList();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the HTTP resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _http?.Dispose();
            _api?.Dispose();
        }
    }
}
