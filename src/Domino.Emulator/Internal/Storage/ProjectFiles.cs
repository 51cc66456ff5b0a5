namespace Domino.Emulator.Internal.Storage;

/// <summary>Moves files between local folders and the blob store: a folder becomes a manifest, a commit becomes a folder.</summary>
internal sealed class ProjectFiles
{
    private readonly BlobStore _blobs;

    public ProjectFiles(BlobStore blobs)
    {
        _blobs = blobs;
    }

    /// <summary>Hashes every file under a folder into the blob store. Skips <c>.git</c> folders, symbolic links to folders, and <paramref name="exclude"/>.</summary>
    public async Task<SortedDictionary<string, ManifestEntry>> SnapshotAsync(string folder, string? exclude, CancellationToken cancellationToken)
    {
        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var files = new SortedDictionary<string, ManifestEntry>(StringComparer.Ordinal);
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        while (pending.Count > 0)
        {
            DirectoryInfo directory = pending.Pop();
            foreach (FileSystemInfo item in directory.EnumerateFileSystemInfos())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (item is DirectoryInfo child)
                {
                    if (child.LinkTarget is null && child.Name != ".git" && (exclude is null || !PathRules.IsSameOrUnder(child.FullName, exclude)))
                    {
                        pending.Push(child);
                    }

                    continue;
                }

                var info = (FileInfo)item;
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo { Exists: true })
                {
                    continue;
                }

                string relative = Path.GetRelativePath(root, info.FullName).Replace('\\', '/');
                (string key, long size) = await _blobs.StoreFileAsync(info.FullName, cancellationToken).ConfigureAwait(false);
                bool executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(info.FullName) & UnixFileMode.UserExecute) != 0;
                files[relative] = new ManifestEntry
                {
                    Key = key,
                    Size = size,
                    LastModified = new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds(),
                    Executable = executable,
                };
            }
        }

        return files;
    }

    /// <summary>Writes a commit's files into an empty folder, with their modification times; shebang scripts and executables get the execute bit.</summary>
    public void Checkout(CommitRecord commit, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        foreach (KeyValuePair<string, ManifestEntry> file in commit.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string destination = PathRules.CombineUnder(folder, file.Key);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            string source = _blobs.PathOf(file.Value.Key);
            File.Copy(source, destination, overwrite: true);
            File.SetLastWriteTimeUtc(destination, DateTimeOffset.FromUnixTimeMilliseconds(file.Value.LastModified).UtcDateTime);
            if (!OperatingSystem.IsWindows() && (file.Value.Executable || StartsWithShebang(source)))
            {
                UnixFileMode mode = File.GetUnixFileMode(destination);
                File.SetUnixFileMode(destination, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }
    }

    private static bool StartsWithShebang(string path)
    {
        Span<byte> head = stackalloc byte[2];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return stream.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && head[0] == (byte)'#' && head[1] == (byte)'!';
    }
}
