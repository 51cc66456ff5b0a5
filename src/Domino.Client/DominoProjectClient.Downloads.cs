using Domino.Client.Downloading;

namespace Domino.Client;

public partial class DominoProjectClient
{
    /// <summary>
    /// Downloads the results of a run into <paramref name="destinationFolder"/>: the files of its output commit that it
    /// added or changed (new, or with another content than in its input commit), or with
    /// <see cref="DominoDownloadOptions.IncludeUnchanged"/> every file of it; otherwise as <see cref="DownloadCommitAsync"/>.
    /// The run must have saved its results (wait for it first). <see cref="DominoDownloadReport.Selection"/> says which rule was used.
    /// </summary>
    /// <exception cref="DominoException">The run has no output commit (yet).</exception>
    /// <exception cref="DominoDownloadException">A file failed, or a listed path would land outside the destination.</exception>
    /// <exception cref="DominoOutageException">Domino kept failing for longer than <see cref="DominoDownloadOptions.MaxOutage"/>.</exception>
    public virtual Task<DominoDownloadReport> DownloadResultsAsync(string runId, string destinationFolder, DominoDownloadOptions? options = null, CancellationToken cancellationToken = default) =>
        _client?.Ci is { } ci
            ? ci.ForRunAsync(runId, () => ci.DownloadAsync(this, new ResultDownloader(this).DownloadResultsAsync(runId, destinationFolder, options, cancellationToken)))
            : new ResultDownloader(this).DownloadResultsAsync(runId, destinationFolder, options, cancellationToken);

    /// <summary>
    /// Downloads the results of a run already fetched (for example the one <see cref="WaitForRunAsync"/> returned), without
    /// asking for it again: see <see cref="DownloadResultsAsync(string, string, DominoDownloadOptions?, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="DominoException">The run has no output commit (yet).</exception>
    /// <exception cref="DominoDownloadException">A file failed, or a listed path would land outside the destination.</exception>
    /// <exception cref="DominoOutageException">Domino kept failing for longer than <see cref="DominoDownloadOptions.MaxOutage"/>.</exception>
    public virtual Task<DominoDownloadReport> DownloadResultsAsync(DominoRun run, string destinationFolder, DominoDownloadOptions? options = null, CancellationToken cancellationToken = default)
    {
        return _client?.Ci is { } ci && run is not null
            ? ci.ForRunAsync(run.Id, () => ci.DownloadAsync(this, new ResultDownloader(this).DownloadResultsAsync(run, destinationFolder, options, cancellationToken)))
            : new ResultDownloader(this).DownloadResultsAsync(run!, destinationFolder, options, cancellationToken);
    }

    /// <summary>
    /// Downloads the files of a commit into <paramref name="destinationFolder"/>, keeping their relative layout.
    /// Files are filtered by <see cref="DominoDownloadOptions.RemotePath"/> and the include/exclude globs, fetched
    /// in parallel, streamed to <c>.partial</c> files that are moved into place only when complete with the listed
    /// size, and retried on transient failures. Unchanged files (per the manifest of the previous download) are
    /// skipped. Listed paths that are absolute, contain <c>..</c>, a drive letter or a backslash, or lead outside the
    /// destination (also through a link in it) are refused and count as failures. A JSON manifest is written last.
    /// </summary>
    /// <exception cref="DominoDownloadException">A file failed, or a listed path would land outside the destination.</exception>
    /// <exception cref="DominoOutageException">Domino kept failing for longer than <see cref="DominoDownloadOptions.MaxOutage"/>.</exception>
    public virtual Task<DominoDownloadReport> DownloadCommitAsync(string commitId, string destinationFolder, DominoDownloadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var download = new ResultDownloader(this).DownloadCommitAsync(commitId, destinationFolder, options, cancellationToken);

        // In a CI system: the downloaded-count output and the files table of the job summary.
        return _client?.Ci is { } ci ? ci.DownloadAsync(this, download) : download;
    }

    /// <summary>
    /// Downloads one file of a commit to <paramref name="localPath"/> (written to a <c>.partial</c> file, checked
    /// against the listed size, then moved into place; retried on transient failures).
    /// </summary>
    /// <exception cref="DominoNotFoundException">The commit has no such file.</exception>
    /// <exception cref="DominoDownloadException">The file could not be downloaded.</exception>
    public virtual Task<DominoDownloadedFile> DownloadFileAsync(string commitId, string remotePath, string localPath, CancellationToken cancellationToken = default) =>
        new ResultDownloader(this).DownloadFileAsync(commitId, remotePath, localPath, cancellationToken);
}
