namespace Domino.Client;

/// <summary>
/// Operations on one project (<c>owner/name</c>): runs, files, results. Every method validates its arguments
/// before sending anything. Methods are virtual so callers can mock them.
/// </summary>
public partial class DominoProjectClient
{
    /// <summary>For mocking only.</summary>
    protected DominoProjectClient()
    {
        Options = new DominoClientOptions();
    }

    /// <summary>The owning client's options: time provider, logger, randomness for the waiting and download workers.</summary>
    internal DominoClientOptions Options { get; }

    /// <summary>The project.</summary>
    public virtual DominoProjectName Project => throw new NotImplementedException();

    /// <summary>The web page of a run: <c>{host}/{owner}/{project}#r/{runId}</c>.</summary>
    public virtual Uri GetRunUrl(string runId) => throw new NotImplementedException();

    /// <summary>
    /// <c>POST .../runs</c>: starts a run. With a <see cref="DominoStartRunRequest.Marker"/>, first looks for a run
    /// carrying the marker and reattaches to it. Never resent once it may have reached the server.
    /// </summary>
    /// <exception cref="DominoRunMayHaveStartedException">The request failed after it may have reached the server.</exception>
    public virtual Task<DominoRunStarted> StartRunAsync(DominoStartRunRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary><c>GET .../runs/{runId}</c>: a run's current state.</summary>
    public virtual Task<DominoRun> GetRunAsync(string runId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary><c>GET .../runs</c>: the project's runs, most recently queued first.</summary>
    public virtual Task<IReadOnlyList<DominoRun>> ListRunsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary><c>GET .../run/{runId}/stdout</c>: a run's output as plain text; with <paramref name="previewNumberOfLines"/>, only the last lines.</summary>
    public virtual Task<DominoRunOutput> GetRunOutputAsync(string runId, int? previewNumberOfLines = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>
    /// <c>GET /v4/jobs/{runId}/logsWithProblemSuggestions</c>: log entries newer than <paramref name="afterTimestampNanos"/>.
    /// Returns <see langword="null"/> when the server does not have this endpoint (404), so callers fall back to
    /// <see cref="GetRunOutputAsync"/>.
    /// </summary>
    public virtual Task<DominoLogChunk?> GetRunLogsAsync(string runId, long afterTimestampNanos = 0, string logType = "stdoutstderr", int? limit = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary><c>POST /v4/jobs/stop</c>: stops a run, keeping its results when <paramref name="commitResults"/>.</summary>
    public virtual Task StopRunAsync(string runId, bool commitResults = true, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>The project's id (<c>/v4/gateway/projects/findProjectByOwnerAndName</c>), looked up once and cached.</summary>
    public virtual Task<string> GetProjectIdAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary><c>GET .../files/{commitId}/{path}</c>: the files of a commit under <paramref name="path"/> (default: all), recursively.</summary>
    public virtual Task<IReadOnlyList<DominoFile>> ListFilesAsync(string commitId, string? path = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>
    /// <c>GET .../blobs/{key}</c>: opens a file's bytes as a stream read straight from the response (never buffered whole).
    /// Dispose the stream. Not retried once reading has begun.
    /// </summary>
    public virtual Task<Stream> OpenBlobAsync(string key, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary><c>PUT .../{path}</c>: uploads <paramref name="content"/> (streamed) as a new revision of the file at <paramref name="remotePath"/>.</summary>
    public virtual Task<DominoFile> UploadFileAsync(string remotePath, Stream content, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary><c>GET .../commits</c>: commit ids, newest first.</summary>
    public virtual Task<IReadOnlyList<string>> ListCommitsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
