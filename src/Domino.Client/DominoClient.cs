namespace Domino.Client;

/// <summary>
/// A client for one Domino host and set of credentials. Create one per host and reuse it; it pools connections.
/// Project-scoped operations live on <see cref="DominoProjectClient"/> (<see cref="GetProjectClient(DominoProjectName)"/>).
/// </summary>
public class DominoClient : IDisposable
{
    /// <summary>For mocking only.</summary>
    protected DominoClient()
    {
    }

    /// <summary>
    /// Creates a client. Host and credentials not set in <paramref name="options"/> are read from its environment.
    /// </summary>
    /// <exception cref="DominoConfigurationException">The host or the credentials are missing or malformed.</exception>
    public DominoClient(DominoClientOptions? options = null)
    {
        throw new NotImplementedException();
    }

    /// <summary>The normalised host, <c>scheme://host[:port]/</c>.</summary>
    public virtual Uri Host => throw new NotImplementedException();

    /// <summary>Operations on one project.</summary>
    public virtual DominoProjectClient GetProjectClient(DominoProjectName project) => throw new NotImplementedException();

    /// <summary>Operations on the project named by <c>DOMINO_PROJECT_OWNER</c>/<c>DOMINO_PROJECT_NAME</c> (or <paramref name="project"/> when given).</summary>
    /// <exception cref="DominoConfigurationException">No project is given or set in the environment.</exception>
    public virtual DominoProjectClient GetProjectClient(string? project) => throw new NotImplementedException();

    /// <summary><c>GET /version</c>: the server's version. Needs no credentials.</summary>
    public virtual Task<DominoServerVersion> GetVersionAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the HTTP resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
