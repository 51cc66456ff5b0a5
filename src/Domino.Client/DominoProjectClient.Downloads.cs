namespace Domino.Client;

public partial class DominoProjectClient
{
    /// <summary>Downloads the files of a run's output commit into <paramref name="destinationFolder"/>.</summary>
    /// <exception cref="DominoException">The run has no output commit (yet).</exception>
    /// <exception cref="DominoDownloadException">A file failed, or a listed path would land outside the destination.</exception>
    public virtual Task<DominoDownloadReport> DownloadResultsAsync(string runId, string destinationFolder, DominoDownloadOptions? options = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Downloads the files of a commit into <paramref name="destinationFolder"/>, keeping their relative layout.</summary>
    /// <exception cref="DominoDownloadException">A file failed, or a listed path would land outside the destination.</exception>
    public virtual Task<DominoDownloadReport> DownloadCommitAsync(string commitId, string destinationFolder, DominoDownloadOptions? options = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Downloads one file of a commit to <paramref name="localPath"/> (written to a <c>.partial</c> file, then moved into place).</summary>
    public virtual Task<DominoDownloadedFile> DownloadFileAsync(string commitId, string remotePath, string localPath, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
