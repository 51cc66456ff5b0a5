using Domino.Client;

namespace Cake.Domino;

/// <summary>What <c>DominoRun</c> downloads: the values of <see cref="DominoDownloadSettings"/> without the connection ones (<c>DominoRun</c> uses its own connection for every step).</summary>
public class DominoRunDownloadSettings : IDominoDownloadSettings
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
