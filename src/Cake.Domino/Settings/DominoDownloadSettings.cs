using Domino.Client;

namespace Cake.Domino;

/// <summary>What <c>DominoDownloadResults</c> fetches and how.</summary>
public class DominoDownloadSettings : DominoSettings
{
    /// <summary>Only files under this remote folder, for example <c>results</c>. Default: the whole output commit.</summary>
    public string? RemotePath { get; set; }

    /// <summary>Glob patterns (<c>*</c>, <c>?</c>, <c>**</c>, relative to the project root) a file must match one of. Default: all files.</summary>
    public ICollection<string> Include { get; } = new List<string>();

    /// <summary>Glob patterns that exclude a file. Default: none.</summary>
    public ICollection<string> Exclude { get; } = new List<string>();

    /// <summary>Drop <see cref="RemotePath"/> from the local paths (<c>results/a.png</c> lands as <c>a.png</c>). Default: false.</summary>
    public bool StripRemotePath { get; set; }

    /// <summary>How many files download at once. Default: 8.</summary>
    public int? MaxParallelism { get; set; }

    /// <summary>Skip a file already present with the same size and key (per the previous download's manifest). Default: true.</summary>
    public bool SkipUnchanged { get; set; } = true;

    /// <summary>Throw when any file fails (after the others finish). Default: true.</summary>
    public bool ThrowOnFailure { get; set; } = true;

    /// <summary>The manifest written into the destination. Default: <c>.domino-download.json</c>.</summary>
    public string? ManifestFileName { get; set; }

    /// <summary>Called with progress (files and bytes done of total) at a bounded rate. Default: none.</summary>
    public Action<DominoDownloadProgress>? OnProgress { get; set; }
}
