using Domino.Client;

namespace Cake.Domino;

/// <summary>What <c>DominoDownloadResults</c> fetches and how.</summary>
public class DominoDownloadSettings : DominoSettings, IDominoDownloadSettings
{
    /// <inheritdoc />
    public string? RemotePath { get; set; }

    /// <inheritdoc />
    public ICollection<string> Include { get; } = new List<string>();

    /// <inheritdoc />
    public ICollection<string> Exclude { get; } = new List<string>();

    /// <inheritdoc />
    public bool StripRemotePath { get; set; }

    /// <inheritdoc />
    public int? MaxParallelism { get; set; }

    /// <inheritdoc />
    public bool SkipUnchanged { get; set; } = true;

    /// <inheritdoc />
    public bool IncludeUnchanged { get; set; }

    /// <inheritdoc />
    public TimeSpan? MaxOutage { get; set; }

    /// <inheritdoc />
    public bool ThrowOnFailure { get; set; } = true;

    /// <inheritdoc />
    public string? ManifestFileName { get; set; }

    /// <inheritdoc />
    public Action<DominoDownloadProgress>? OnProgress { get; set; }
}
