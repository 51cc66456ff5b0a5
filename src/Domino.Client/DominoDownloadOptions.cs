namespace Domino.Client;

/// <summary>What <c>DownloadResultsAsync</c> and <see cref="DominoProjectClient.DownloadCommitAsync"/> fetches and how.</summary>
public sealed class DominoDownloadOptions
{
    /// <summary>Only files under this remote folder (e.g. <c>results</c>). Default: the whole commit.</summary>
    public string? RemotePath { get; set; }

    /// <summary>Glob patterns (<c>*</c>, <c>?</c>, <c>**</c>, relative to the project root) a file must match one of. Default: all files.</summary>
    public ICollection<string> Include { get; } = new List<string>();

    /// <summary>Glob patterns that exclude a file. Default: none.</summary>
    public ICollection<string> Exclude { get; } = new List<string>();

    /// <summary>Drop <see cref="RemotePath"/> from the local paths (<c>results/a.png</c> lands as <c>a.png</c>). Default: false.</summary>
    public bool StripRemotePath { get; set; }

    /// <summary>
    /// For a run's results: also download the files the run did not add or change (its inputs, as they were). By default
    /// only the files of the output commit that are new, or whose content differs from the same path in the run's input
    /// commit, are downloaded. Has no effect on a download of a commit. Default: false.
    /// </summary>
    public bool IncludeUnchanged { get; set; }

    /// <summary>
    /// How long the download tolerates a failing Domino (5xx, connection refused or reset, timeouts, each after the HTTP
    /// retries), counted from the first failure and reset by any good answer; past this it fails with
    /// <see cref="DominoOutageException"/> (files already written stay). Default: 5 minutes.
    /// </summary>
    public TimeSpan MaxOutage { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most files that download at once: a hard cap. Within it the download adapts: it starts with 8 (or this cap, when
    /// lower), takes more at once while that raises the throughput (files or bytes per second; it pays when each request
    /// waits on a distant server), and halves when the server pushes back (429, 503, failures worth a retry). Set 1 to
    /// download one file at a time. Default: 32.
    /// </summary>
    public int MaxParallelism { get; set; } = 32;

    /// <summary>
    /// The highest <see cref="MaxParallelism"/> the front ends that read it as text (the MSBuild task, the <c>domino</c>
    /// command line) accept, so a mistyped number is refused there instead of opening that many connections. The
    /// library itself takes any value from 1.
    /// </summary>
    public const int MaxParallelismTextLimit = 64;

    /// <summary>Skip a file already present with the same size and key (per the manifest of the previous download). Default: true.</summary>
    public bool SkipUnchanged { get; set; } = true;

    /// <summary>
    /// Throw <see cref="DominoDownloadException"/> when any file fails (after the others finish). Default: true. A
    /// destination that is full, over its quota or read-only stops the download at once and throws whatever this says:
    /// every other file would fail the same way.
    /// </summary>
    public bool ThrowOnFailure { get; set; } = true;

    /// <summary>The manifest written into the destination. Default: <c>.domino-download.json</c>.</summary>
    public string ManifestFileName { get; set; } = ".domino-download.json";

    /// <summary>Receives progress (files and bytes done of total) at a bounded rate.</summary>
    public IProgress<DominoDownloadProgress>? Progress { get; set; }

    /// <summary>
    /// Checks every value as the downloads do before they send anything; front ends call it to report a bad value
    /// before connecting. <see cref="RemotePath"/> and the glob patterns may use <c>\</c> or <c>/</c>. The exception's
    /// <see cref="ArgumentException.ParamName"/> is the name of the property at fault (for example <c>RemotePath</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    public void Validate()
    {
        if (MaxParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxParallelism), MaxParallelism, "MaxParallelism must be at least 1.");
        }

        Http.OutageBudget.Validate(MaxOutage, nameof(MaxOutage));
        var manifestName = ManifestFileName;
        if (string.IsNullOrWhiteSpace(manifestName) || manifestName is "." or ".."
            || manifestName.IndexOfAny(['/', '\\']) >= 0 || manifestName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"The manifest file name '{manifestName}' is not valid: give a plain file name, without folders.", nameof(ManifestFileName));
        }

        var remotePath = Downloading.DownloadPlanner.NormalizeRemotePath(RemotePath, nameof(RemotePath));
        if (StripRemotePath && remotePath is null)
        {
            throw new ArgumentException(
                "StripRemotePath is set but RemotePath is empty: give the remote folder to strip, for example 'results'.", nameof(StripRemotePath));
        }

        _ = new Downloading.GlobMatcher(Include, Exclude);
    }
}

/// <summary>Which files of a commit a download took.</summary>
public enum DominoDownloadSelection
{
    /// <summary>Every file of the commit (under the remote path, matching the globs).</summary>
    AllFiles,

    /// <summary>Only the files the run added or changed: new in its output commit, or with another content than in its input commit.</summary>
    AddedOrChangedByRun,
}

/// <summary>Download progress.</summary>
/// <param name="FilesDone">Files written or skipped so far.</param>
/// <param name="FilesTotal">Files to process.</param>
/// <param name="BytesDone">Bytes written so far.</param>
/// <param name="BytesTotal">Bytes to write.</param>
public sealed record DominoDownloadProgress(int FilesDone, int FilesTotal, long BytesDone, long BytesTotal);

/// <summary>A file the download wrote or skipped.</summary>
/// <param name="RemotePath">The path in the commit.</param>
/// <param name="LocalPath">The full local path.</param>
/// <param name="Key">The content key.</param>
/// <param name="Size">The size in bytes.</param>
public sealed record DominoDownloadedFile(string RemotePath, string LocalPath, string Key, long Size);

/// <summary>A file the download could not write.</summary>
/// <param name="RemotePath">The path in the commit.</param>
/// <param name="Error">Why.</param>
public sealed record DominoDownloadFailure(string RemotePath, string Error);

/// <summary>What a download did.</summary>
public sealed record DominoDownloadReport
{
    /// <summary>The commit the files came from.</summary>
    public required string CommitId { get; init; }

    /// <summary>The destination folder (full path).</summary>
    public required string Destination { get; init; }

    /// <summary>Which files of the commit were taken: all of them, or only those the run added or changed.</summary>
    public DominoDownloadSelection Selection { get; init; }

    /// <summary>
    /// With <see cref="DominoDownloadSelection.AddedOrChangedByRun"/>: how many files of the output commit (under the remote
    /// path, matching the globs) were left out because the run did not add or change them.
    /// </summary>
    public int NotChangedByRun { get; init; }

    /// <summary>Files downloaded.</summary>
    public required IReadOnlyList<DominoDownloadedFile> Written { get; init; }

    /// <summary>Files already present and unchanged.</summary>
    public required IReadOnlyList<DominoDownloadedFile> Skipped { get; init; }

    /// <summary>Files that failed.</summary>
    public required IReadOnlyList<DominoDownloadFailure> Failed { get; init; }

    /// <summary>Bytes written.</summary>
    public long BytesWritten { get; init; }

    /// <summary>How long it took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The manifest's full path.</summary>
    public required string ManifestPath { get; init; }
}
