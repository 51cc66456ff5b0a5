namespace Domino.Client.Http;

/// <summary>Checks a path inside a project and encodes it for a URL, segment by segment, keeping the <c>/</c>s.</summary>
internal static class RemotePath
{
    private const string Example = "for example 'results/report.html'";

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
    public static string Encode(string validatedPath) =>
        string.Join('/', validatedPath.Split('/').Select(Uri.EscapeDataString));

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

        if (path.Any(char.IsControl))
        {
            throw Invalid(original, "it contains control characters", parameterName);
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                throw Invalid(original, "it has an empty segment ('//')", parameterName);
            }

            if (segment is "." or "..")
            {
                throw Invalid(original, "it has a '.' or '..' segment", parameterName);
            }
        }
    }

    private static ArgumentException Invalid(string path, string why, string parameterName) =>
        new($"The remote path '{path}' is not valid: {why}. Give a path relative to the project root with '/' separators, {Example}.", parameterName);
}
