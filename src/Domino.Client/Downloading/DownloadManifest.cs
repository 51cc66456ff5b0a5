using System.Text.Json;
using System.Text.Json.Serialization;

namespace Domino.Client.Downloading;

/// <summary>
/// The JSON manifest a download leaves in its destination: which commit, and for each file present its remote path,
/// local path (relative to the destination, <c>/</c> separators), content key and size. The next download reads it
/// to skip files that have not changed.
/// </summary>
internal sealed class DownloadManifest
{
    /// <summary>The manifest format's version.</summary>
    public int Version { get; set; } = 1;

    /// <summary>The commit the files came from.</summary>
    public string? CommitId { get; set; }

    /// <summary>The files present after the download (written or skipped as unchanged).</summary>
    public List<DownloadManifestEntry> Files { get; set; } = [];

    /// <summary>
    /// Reads a manifest; <see langword="null"/> when there is none or it cannot be read (then nothing is skipped).
    /// </summary>
    public static DownloadManifest? TryRead(string path, IDominoLogger logger)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return JsonSerializer.Deserialize(stream, DownloadJsonContext.Default.DownloadManifest);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            logger.Log(DominoLogLevel.Warning, $"Ignoring the download manifest '{path}', which could not be read ({ex.Message}): every file is downloaded again.");
            return null;
        }
    }

    /// <summary>Writes the manifest atomically: to a temporary file next to it, then moved over the old one.</summary>
    public void Write(string path)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, this, DownloadJsonContext.Default.DownloadManifest);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original error matters more.
        }
    }
}

/// <summary>One file in a <see cref="DownloadManifest"/>.</summary>
internal sealed class DownloadManifestEntry
{
    /// <summary>The path in the commit.</summary>
    public string RemotePath { get; set; } = "";

    /// <summary>The path relative to the destination, with <c>/</c> separators.</summary>
    public string LocalPath { get; set; } = "";

    /// <summary>The content key.</summary>
    public string Key { get; set; } = "";

    /// <summary>The size in bytes.</summary>
    public long Size { get; set; }
}

/// <summary>Source-generated JSON for the manifest (the library is trimmable: no reflection).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DownloadManifest))]
internal sealed partial class DownloadJsonContext : JsonSerializerContext;
