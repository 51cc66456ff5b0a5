namespace Domino.Client.Downloading;

/// <summary>
/// Decides what a download writes, before anything is written: from the listing, the files under the remote path that
/// match the globs, each with a safe place inside the destination (paths that are unsafe or collide are refused), then
/// split into those unchanged since the previous download (per its manifest and the files on disk) and those to fetch.
/// </summary>
internal static class DownloadPlanner
{
    /// <summary>Normalises a remote folder or file path given by the caller: <c>\</c> to <c>/</c>, no leading or trailing <c>/</c>.</summary>
    internal static string? NormalizeRemotePath(string? value, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var path = value.Trim().Replace('\\', '/').Trim('/');
        if (path.Length == 0)
        {
            return null;
        }

        var error = SafePath.CheckRemotePath(path);
        return error is null ? path : throw new ArgumentException($"The remote path '{value}' is not valid: {error}.", parameterName);
    }

    /// <summary>
    /// Chooses the listed files to fetch and where each goes. Paths that are unsafe, or that would collide with another
    /// file, a folder of another file, or the manifest, are refused (added to <paramref name="refusals"/>) before anything
    /// is written.
    /// </summary>
    public static List<PlannedFile> Select(
        IReadOnlyList<DominoFile> listing,
        string? remotePrefix,
        GlobMatcher globs,
        bool stripRemotePath,
        string destination,
        string manifestName,
        List<DominoDownloadFailure> refusals)
    {
        var candidates = new List<PlannedFile>();
        foreach (var file in listing)
        {
            var path = file.Path ?? "";
            if (remotePrefix is not null
                && !(path == remotePrefix || path.StartsWith(remotePrefix + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            if (!globs.IsMatch(path))
            {
                continue;
            }

            var error = SafePath.CheckRemotePath(path);
            if (error is null && file.Size < 0)
            {
                error = $"the listed size {file.Size} is negative";
            }

            if (error is null && string.IsNullOrEmpty(file.Key))
            {
                error = "the listing gives no content key";
            }

            string? relative = null;
            string? fullPath = null;
            if (error is null)
            {
                relative = !stripRemotePath || remotePrefix is null ? path
                    : path == remotePrefix ? path[(path.LastIndexOf('/') + 1)..]
                    : path[(remotePrefix.Length + 1)..];
                fullPath = SafePath.Resolve(destination, relative);
                if (fullPath is null)
                {
                    error = "the path resolves outside the destination";
                }
            }

            if (error is not null)
            {
                refusals.Add(Refused(path, error));
                continue;
            }

            candidates.Add(new PlannedFile(file, relative!, fullPath!));
        }

        // Two files on one local path (or differing only in case where the file system ignores it), a file where
        // another needs a folder, or a file over the manifest: refuse all of them rather than pick one.
        var byLocal = candidates.ToLookup(f => f.RelativePath, SafePath.LocalComparer);
        var refused = new HashSet<PlannedFile>();
        foreach (var group in byLocal)
        {
            if (group.Count() > 1)
            {
                var others = string.Join(", ", group.Select(f => $"'{f.Remote.Path}'"));
                foreach (var file in group)
                {
                    refused.Add(file);
                    refusals.Add(Refused(file.Remote.Path, $"the files {others} would all be written to '{file.RelativePath}'"));
                }
            }

            if (SafePath.LocalComparer.Equals(group.Key, manifestName))
            {
                foreach (var file in group)
                {
                    refused.Add(file);
                    refusals.Add(Refused(file.Remote.Path, $"it would overwrite the download manifest '{manifestName}'"));
                }
            }
        }

        foreach (var file in candidates)
        {
            for (var cut = file.RelativePath.LastIndexOf('/'); cut > 0; cut = file.RelativePath.LastIndexOf('/', cut - 1))
            {
                var folder = file.RelativePath[..cut];
                var blocking = byLocal[folder].ToList();
                if (blocking.Count == 0 && !SafePath.LocalComparer.Equals(folder, manifestName))
                {
                    continue;
                }

                if (refused.Add(file))
                {
                    refusals.Add(Refused(file.Remote.Path, $"its folder '{folder}' is also the path of a file"));
                }

                foreach (var other in blocking.Where(refused.Add))
                {
                    refusals.Add(Refused(other.Remote.Path, $"it is also the folder of '{file.Remote.Path}'"));
                }

                break;
            }
        }

        return candidates.Where(f => !refused.Contains(f)).ToList();
    }

    /// <summary>
    /// Splits the selected files into those unchanged since the previous download (per the manifest at
    /// <paramref name="manifestPath"/>, when <paramref name="skipUnchanged"/>) and those to download.
    /// </summary>
    public static (List<PlannedFile> Skipped, List<PlannedFile> ToDownload) SplitUnchanged(
        List<PlannedFile> selected, bool skipUnchanged, string manifestPath, string destination, IDominoLogger logger)
    {
        var previous = skipUnchanged ? ReadPrevious(manifestPath, logger) : null;
        var skipped = new List<PlannedFile>();
        var toDownload = new List<PlannedFile>();
        foreach (var file in selected)
        {
            (IsUnchanged(file, previous, destination) ? skipped : toDownload).Add(file);
        }

        return (skipped, toDownload);
    }

    /// <summary>
    /// The files in the order they are fetched: one from each folder in turn. Creating and renaming a file takes its
    /// folder's lock in the kernel, so files in flight at once should sit in different folders: in listing order they
    /// all land in the same one, and the waiting threads spin on that lock.
    /// </summary>
    public static List<PlannedFile> InterleaveFolders(List<PlannedFile> files)
    {
        var byFolder = files.GroupBy(f => Path.GetDirectoryName(f.FullPath), SafePath.LocalComparer).Select(g => g.ToList()).ToList();
        if (byFolder.Count < 2)
        {
            return files;
        }

        var order = new List<PlannedFile>(files.Count);
        for (var i = 0; order.Count < files.Count; i++)
        {
            foreach (var folder in byFolder)
            {
                if (i < folder.Count)
                {
                    order.Add(folder[i]);
                }
            }
        }

        return order;
    }

    /// <summary>The failure recorded for a refused path.</summary>
    public static DominoDownloadFailure Refused(string remotePath, string reason) =>
        new(remotePath, $"Refused '{remotePath}': {reason}; nothing was written for it.");

    private static Dictionary<string, DownloadManifestEntry>? ReadPrevious(string manifestPath, IDominoLogger logger)
    {
        var manifest = DownloadManifest.TryRead(manifestPath, logger);
        if (manifest?.Files is null)
        {
            return null;
        }

        var entries = new Dictionary<string, DownloadManifestEntry>(SafePath.LocalComparer);
        foreach (var entry in manifest.Files)
        {
            if (entry?.LocalPath is { Length: > 0 } local && entry.Key is { Length: > 0 })
            {
                entries[local] = entry;
            }
        }

        return entries;
    }

    /// <summary>A file is unchanged when the previous manifest lists it with the same key and size and it is on disk with that size.</summary>
    private static bool IsUnchanged(PlannedFile file, Dictionary<string, DownloadManifestEntry>? previous, string destination)
    {
        if (previous is null
            || !previous.TryGetValue(file.RelativePath, out var entry)
            || !string.Equals(entry.Key, file.Remote.Key, StringComparison.Ordinal)
            || entry.Size != file.Remote.Size
            || SafePath.CheckNoLinks(destination, file.FullPath) is not null)
        {
            return false;
        }

        var local = new FileInfo(file.FullPath);
        return local.Exists && local.Length == file.Remote.Size;
    }
}

/// <summary>A listed file chosen for the download, with its place in the destination.</summary>
/// <param name="Remote">The listed file.</param>
/// <param name="RelativePath">Its path relative to the destination, with <c>/</c> separators.</param>
/// <param name="FullPath">Its full local path.</param>
internal sealed record PlannedFile(DominoFile Remote, string RelativePath, string FullPath);
