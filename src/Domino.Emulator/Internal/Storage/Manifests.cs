namespace Domino.Emulator.Internal.Storage;

/// <summary>Comparing and combining commit manifests (relative path to file entry).</summary>
internal static class Manifests
{
    /// <summary>Whether both manifests hold the same paths with the same content and execute bit.</summary>
    public static bool SameContent(SortedDictionary<string, ManifestEntry> a, SortedDictionary<string, ManifestEntry> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (KeyValuePair<string, ManifestEntry> file in a)
        {
            if (!b.TryGetValue(file.Key, out ManifestEntry? other) || other.Key != file.Value.Key || other.Executable != file.Value.Executable)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Why <paramref name="path"/> cannot be added as a file (a folder of that name, or a file where a folder is needed); null when it can.</summary>
    public static string? FindConflict(SortedDictionary<string, ManifestEntry> files, string path)
    {
        string folderPrefix = path + "/";
        foreach (string existing in files.Keys)
        {
            if (existing.StartsWith(folderPrefix, StringComparison.Ordinal))
            {
                return $"'{path}' is a folder in the project.";
            }

            if (path.StartsWith(existing + "/", StringComparison.Ordinal))
            {
                return $"'{existing}' is a file in the project, so it cannot be a folder.";
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="target"/> with the changes that turned <paramref name="before"/> into <paramref name="after"/>:
    /// files added or changed win over the target's (and over conflicting files or folders), files removed are removed.
    /// </summary>
    public static SortedDictionary<string, ManifestEntry> ApplyChanges(
        SortedDictionary<string, ManifestEntry> target,
        SortedDictionary<string, ManifestEntry> before,
        SortedDictionary<string, ManifestEntry> after)
    {
        var merged = new SortedDictionary<string, ManifestEntry>(target, StringComparer.Ordinal);
        foreach (KeyValuePair<string, ManifestEntry> file in after)
        {
            if (!before.TryGetValue(file.Key, out ManifestEntry? previous) || previous.Key != file.Value.Key)
            {
                RemoveConflicting(merged, file.Key);
                merged[file.Key] = file.Value;
            }
        }

        foreach (string path in before.Keys)
        {
            if (!after.ContainsKey(path))
            {
                merged.Remove(path);
            }
        }

        return merged;
    }

    private static void RemoveConflicting(SortedDictionary<string, ManifestEntry> files, string path)
    {
        string folderPrefix = path + "/";
        foreach (string existing in files.Keys.ToList())
        {
            if (existing.StartsWith(folderPrefix, StringComparison.Ordinal) || path.StartsWith(existing + "/", StringComparison.Ordinal))
            {
                files.Remove(existing);
            }
        }
    }
}
