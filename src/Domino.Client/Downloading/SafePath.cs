namespace Domino.Client.Downloading;

/// <summary>
/// Keeps every file a download writes inside its destination: remote paths are checked by their form before
/// anything starts, and the local folders they go through are checked for links right before writing.
/// </summary>
internal static class SafePath
{
    /// <summary>The longest file or folder name common file systems accept (255 bytes on Linux and macOS).</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>How local paths compare: case-insensitively where the usual file systems are (Windows, macOS).</summary>
    public static StringComparer LocalComparer { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    public static StringComparison LocalComparison { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>
    /// Checks the form of a path from a listing. Returns <see langword="null"/> when it is a plain relative path
    /// (segments separated by single <c>/</c>, none empty, <c>.</c> or <c>..</c>), else why it is refused.
    /// </summary>
    public static string? CheckRemotePath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "the path is empty";
        }

        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                return c == '\0' ? "the path contains a NUL character" : "the path contains a control character";
            }
        }

        if (path[0] == '/')
        {
            return "the path is absolute";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return "the path contains a backslash";
        }

        if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':')
        {
            return "the path starts with a drive letter";
        }

        // Segment by segment without splitting: a listing of thousands of files checks each path.
        for (var rest = path.AsSpan(); ;)
        {
            var end = rest.IndexOf('/');
            var segment = end < 0 ? rest : rest[..end];
            if (CheckSegment(segment) is { } refused)
            {
                return refused;
            }

            if (end < 0)
            {
                break;
            }

            rest = rest[(end + 1)..];
        }

        return null;
    }

    private static string? CheckSegment(ReadOnlySpan<char> segment)
    {
        switch (segment)
        {
            case "":
                return "the path has an empty segment";
            case ".":
                return "the path has a '.' segment";
            case "..":
                return "the path has a '..' segment";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
        {
            return $"a path segment is longer than {MaxSegmentBytes} bytes, more than file systems allow";
        }

        if (segment.Length >= 2 && char.IsAsciiLetter(segment[0]) && segment[1] == ':')
        {
            return "the path has a drive letter in a segment";
        }

        if (OperatingSystem.IsWindows())
        {
            // Windows drops trailing dots and spaces ('.. ' becomes '..') and reads ':' as a stream name.
            if (segment is [.., '.' or ' '])
            {
                return "the path has a segment ending in a dot or a space";
            }

            if (segment.Contains(':'))
            {
                return "the path has a ':' in a segment";
            }
        }

        return null;
    }

    /// <summary>
    /// The full local path of <paramref name="relativePath"/> (already checked by <see cref="CheckRemotePath"/>)
    /// under <paramref name="destination"/> (a full path), or <see langword="null"/> when it would resolve outside.
    /// </summary>
    public static string? Resolve(string destination, string relativePath)
    {
        var root = Path.TrimEndingDirectorySeparator(destination);
        var full = Path.GetFullPath(Path.Combine(root, relativePath.Replace('/', Path.DirectorySeparatorChar)));
        return full.StartsWith(root + Path.DirectorySeparatorChar, LocalComparison) ? full : null;
    }

    /// <summary>
    /// Returns why writing <paramref name="fullPath"/> is refused when a folder between <paramref name="destination"/>
    /// (excluded) and the file, or the file itself, is a symbolic link or another reparse point (which could lead
    /// outside the destination); otherwise <see langword="null"/>. Folders that do not exist yet are fine. With
    /// <paramref name="checkedFolder"/> (a folder of the path already known free of links), the walk stops there.
    /// </summary>
    public static string? CheckNoLinks(string destination, string fullPath, string? checkedFolder = null)
    {
        var root = Path.TrimEndingDirectorySeparator(destination);
        var stop = checkedFolder is null ? root : Path.TrimEndingDirectorySeparator(checkedFolder);
        for (var current = fullPath;
             current.Length > stop.Length && current.StartsWith(stop, LocalComparison);
             current = Path.GetDirectoryName(current) ?? root)
        {
            // LinkTarget reads the link itself (lstat), so a dangling link or a link to outside is caught too.
            // Elsewhere than on Windows every link is a symbolic link, which LinkTarget sees: one readlink per
            // segment instead of five calls (the download of many small files spent a fifth of its CPU here).
            var info = new FileInfo(current);
            var isLink = info.LinkTarget is not null
                || (OperatingSystem.IsWindows() && (File.Exists(current) || Directory.Exists(current)) && info.Attributes.HasFlag(FileAttributes.ReparsePoint));
            if (isLink)
            {
                var relative = Path.GetRelativePath(root, current).Replace(Path.DirectorySeparatorChar, '/');
                return $"'{relative}' in the destination is a link (to '{info.LinkTarget ?? "?"}'), which could lead outside the destination";
            }
        }

        return null;
    }
}
