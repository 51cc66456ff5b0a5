using Domino.Client;

namespace Cake.Domino;

/// <summary>What a download of results fetches and how: shared by <see cref="DominoDownloadSettings"/> (<c>DominoDownloadResults</c>) and <see cref="DominoRunDownloadSettings"/> (<c>DominoRun</c>).</summary>
public interface IDominoDownloadSettings
{
    /// <summary>Only files under this remote folder, for example <c>results</c>. Default: the whole output commit.</summary>
    string? RemotePath { get; set; }

    /// <summary>Glob patterns (<c>*</c>, <c>?</c>, <c>**</c>, relative to the project root) a file must match one of. Default: all files.</summary>
    ICollection<string> Include { get; }

    /// <summary>Glob patterns that exclude a file. Default: none.</summary>
    ICollection<string> Exclude { get; }

    /// <summary>Drop <see cref="RemotePath"/> from the local paths (<c>results/a.png</c> lands as <c>a.png</c>). Default: false.</summary>
    bool StripRemotePath { get; set; }

    /// <summary>The most files downloaded at once (within it the download adapts to the throughput and backs off when Domino pushes back). Default: 32.</summary>
    int? MaxParallelism { get; set; }

    /// <summary>Skip a file already present with the same size and key (per the previous download's manifest). Default: true.</summary>
    bool SkipUnchanged { get; set; }

    /// <summary>
    /// Also download the files the run did not add or change (its inputs, such as <c>main.py</c>). By default only the
    /// files of its output commit that are new, or whose content differs from the run's input commit, are downloaded.
    /// Default: false.
    /// </summary>
    bool IncludeUnchanged { get; set; }

    /// <summary>
    /// How long the download tolerates a failing Domino (5xx, connection refused or reset, timeouts) before it fails,
    /// keeping the files already written. Default: 5 minutes.
    /// </summary>
    TimeSpan? MaxOutage { get; set; }

    /// <summary>Throw when any file fails (after the others finish). Default: true.</summary>
    bool ThrowOnFailure { get; set; }

    /// <summary>The manifest written into the destination. Default: <c>.domino-download.json</c>.</summary>
    string? ManifestFileName { get; set; }

    /// <summary>Called with progress (files and bytes done of total) at a bounded rate. Default: none.</summary>
    Action<DominoDownloadProgress>? OnProgress { get; set; }
}
