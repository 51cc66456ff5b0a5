namespace Domino.Emulator.Internal;

/// <summary>Rules for project names and for the relative file paths that clients send.</summary>
internal static class PathRules
{
    /// <summary>The longest relative path accepted in an upload.</summary>
    public const int MaxPathLength = 1024;

    /// <summary>Whether <paramref name="value"/> can be a project owner or name: letters, digits, '.', '_' and '-', not '.' or '..'.</summary>
    public static bool IsValidNamePart(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 100 || value is "." or "..")
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Splits <c>owner/name</c>; false unless both parts are valid.</summary>
    public static bool TryParseProject(string? value, out string owner, out string name)
    {
        owner = name = "";
        if (value is null)
        {
            return false;
        }

        int slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash != value.LastIndexOf('/'))
        {
            return false;
        }

        owner = value[..slash];
        name = value[(slash + 1)..];
        return IsValidNamePart(owner) && IsValidNamePart(name);
    }

    /// <summary>Checks a relative file path given by a client: null when valid, else the reason.</summary>
    public static string? ValidateRelativeFilePath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "A file path is required.";
        }

        if (path.Length > MaxPathLength)
        {
            return $"The path is longer than {MaxPathLength} characters.";
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return $"The path '{path}' contains a backslash; use '/' between folders.";
        }

        if (path.Contains("%2F", StringComparison.OrdinalIgnoreCase) || path.Contains("%5C", StringComparison.OrdinalIgnoreCase))
        {
            return $"The path '{path}' contains an encoded path separator.";
        }

        if (path.StartsWith('/') || (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':'))
        {
            return $"The path '{path}' is absolute; give a path relative to the project root.";
        }

        foreach (char c in path)
        {
            if (char.IsControl(c))
            {
                return "The path contains a control character.";
            }
        }

        foreach (string segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                return $"The path '{path}' has an empty folder name.";
            }

            if (segment is "." or "..")
            {
                return $"The path '{path}' contains '{segment}'; only plain relative paths are accepted.";
            }
        }

        return null;
    }

    /// <summary>Combines a root folder and a validated relative path, and refuses any result outside the root.</summary>
    public static string CombineUnder(string root, string relativePath)
    {
        string fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        string full = Path.GetFullPath(Path.Combine(fullRoot, relativePath));
        if (!full.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The path '{relativePath}' would land outside '{fullRoot}'.");
        }

        return full;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> itself or inside it.</summary>
    public static bool IsSameOrUnder(string path, string folder)
    {
        string p = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        string f = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return p.Equals(f, StringComparison.Ordinal) || p.StartsWith(f + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
