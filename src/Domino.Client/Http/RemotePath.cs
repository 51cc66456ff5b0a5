using System.Buffers;

namespace Domino.Client.Http;

/// <summary>Checks a path inside a project and encodes it for a URL, segment by segment, keeping the <c>/</c>s.</summary>
internal static class RemotePath
{
    private const string Example = "for example 'results/report.html'";

    // What Uri.EscapeDataString leaves as it is (RFC 3986 unreserved), and the separator.
    private static readonly SearchValues<char> LeftAsIs =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/");

    /// <summary>A file path: relative, <c>/</c>-separated, no empty, <c>.</c> or <c>..</c> segment.</summary>
    public static string RequireFile(string? path, string parameterName)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ArgumentException($"The remote path is empty: give a path relative to the project root, {Example}.", parameterName);
        }

        if (path.EndsWith('/'))
        {
            throw Invalid(path, "it ends with '/', so it names a folder, not a file", parameterName);
        }

        Check(path, parameterName);
        return path;
    }

    /// <summary>A folder to list: <see langword="null"/>, empty or <c>/</c> is the root (returned as empty); one trailing <c>/</c> is allowed.</summary>
    public static string RequireFolder(string? path, string parameterName)
    {
        if (string.IsNullOrEmpty(path) || path == "/")
        {
            return string.Empty;
        }

        var folder = path.EndsWith('/') ? path[..^1] : path;
        Check(folder, parameterName, original: path);
        return folder;
    }

    /// <summary>Each segment escaped with <see cref="Uri.EscapeDataString(string)"/>, joined by <c>/</c>.</summary>
    /// <remarks>A path with nothing to escape is its own encoding (most are; a download encodes one per file).</remarks>
    public static string Encode(string validatedPath) =>
        validatedPath.AsSpan().ContainsAnyExcept(LeftAsIs)
            ? string.Join('/', validatedPath.Split('/').Select(Uri.EscapeDataString))
            : validatedPath;

    private static void Check(string path, string parameterName, string? original = null)
    {
        original ??= path;
        if (path.StartsWith('/'))
        {
            throw Invalid(original, "it starts with '/'; paths are relative to the project root", parameterName);
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            throw Invalid(original, "it contains '\\'; separate folders with '/'", parameterName);
        }

        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                throw Invalid(original, "it contains control characters", parameterName);
            }
        }

        // Segment by segment without splitting: a download checks one path per file.
        for (var rest = path.AsSpan(); ;)
        {
            var end = rest.IndexOf('/');
            var segment = end < 0 ? rest : rest[..end];
            if (segment.IsEmpty)
            {
                throw Invalid(original, "it has an empty segment ('//')", parameterName);
            }

            if (segment is "." or "..")
            {
                throw Invalid(original, "it has a '.' or '..' segment", parameterName);
            }

            if (end < 0)
            {
                break;
            }

            rest = rest[(end + 1)..];
        }
    }

    private static ArgumentException Invalid(string path, string why, string parameterName) =>
        new($"The remote path '{path}' is not valid: {why}. Give a path relative to the project root with '/' separators, {Example}.", parameterName);
}
