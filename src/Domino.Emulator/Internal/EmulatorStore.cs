using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Domino.Emulator.Internal;

/// <summary>A project held in memory, with its commits; persisted under <c>projects/{id}/</c>.</summary>
internal sealed class ProjectState
{
    public ProjectState(ProjectRecord record, string directory)
    {
        Record = record;
        Directory = directory;
    }

    public ProjectRecord Record { get; }

    public string Directory { get; }

    public string Id => Record.Id;

    public string Owner => Record.Owner;

    public string Name => Record.Name;

    /// <summary>Guards <see cref="Record"/>, <see cref="Commits"/> and <see cref="BlobKeys"/>.</summary>
    public Lock Gate { get; } = new();

    public Dictionary<string, CommitRecord> Commits { get; } = new(StringComparer.Ordinal);

    /// <summary>Every blob key referenced by one of the project's commits.</summary>
    public HashSet<string> BlobKeys { get; } = new(StringComparer.Ordinal);

    public string CommitsDirectory => Path.Combine(Directory, "commits");

    public string RunsDirectory => Path.Combine(Directory, "runs");
}

/// <summary>A run loaded from disk.</summary>
internal sealed record StoredRun(RunRecord Record, List<LogEntry> Log);

/// <summary>
/// The data folder: <c>blobs/</c> (content by SHA-1), <c>projects/{id}/</c> (project.json, commits/*.json, runs/*.json),
/// <c>work/</c> (run checkouts) and <c>tmp/</c>. Every file is written atomically; nothing is written outside the folder.
/// </summary>
internal sealed partial class EmulatorStore
{
    private readonly Lock gate = new();
    private readonly List<ProjectState> projects = [];
    private readonly ILogger logger;

    public EmulatorStore(string root, ILogger logger)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        this.logger = logger;
    }

    public string Root { get; }

    public string BlobsDirectory => Path.Combine(Root, "blobs");

    public string ProjectsDirectory => Path.Combine(Root, "projects");

    public string WorkDirectory => Path.Combine(Root, "work");

    public string TempDirectory => Path.Combine(Root, "tmp");

    /// <summary>Creates the folders, clears leftovers of a previous process, and loads the projects and their commits.</summary>
    public void Initialize()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(BlobsDirectory);
        Directory.CreateDirectory(ProjectsDirectory);
        ResetDirectory(WorkDirectory);
        ResetDirectory(TempDirectory);

        foreach (string directory in Directory.EnumerateDirectories(ProjectsDirectory))
        {
            RemoveStrayTempFiles(directory);
            string file = Path.Combine(directory, "project.json");
            if (!File.Exists(file))
            {
                continue;
            }

            try
            {
                ProjectRecord? record = AtomicFile.ReadJson(file, Json.Context.ProjectRecord);
                if (record is null || !Ids.IsObjectId(record.Id))
                {
                    continue;
                }

                var project = new ProjectState(record, directory);
                RemoveStrayTempFiles(project.CommitsDirectory);
                RemoveStrayTempFiles(project.RunsDirectory);
                foreach (string commitId in record.Commits)
                {
                    CommitRecord? commit = AtomicFile.ReadJson(Path.Combine(project.CommitsDirectory, commitId + ".json"), Json.Context.CommitRecord);
                    if (commit is not null)
                    {
                        AddLoadedCommit(project, commit);
                    }
                }

                record.Commits.RemoveAll(id => !project.Commits.ContainsKey(id));
                projects.Add(project);
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                LogUnreadable(logger, file, ex.Message);
            }
        }
    }

    public IReadOnlyList<ProjectState> Projects
    {
        get
        {
            lock (gate)
            {
                return [.. projects];
            }
        }
    }

    public ProjectState? FindProject(string owner, string name)
    {
        lock (gate)
        {
            return projects.Find(p => p.Owner.Equals(owner, StringComparison.OrdinalIgnoreCase) && p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        }
    }

    public ProjectState? FindProjectById(string id)
    {
        lock (gate)
        {
            return projects.Find(p => p.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Imports a folder into a project, creating the project when missing: its first commit holds the folder's files (none when no folder is given).</summary>
    public ProjectState ImportProject(string owner, string name, string? folder)
    {
        ProjectState? existing = FindProject(owner, name);
        if (existing is not null)
        {
            if (!string.IsNullOrEmpty(folder))
            {
                ImportFolder(existing, folder);
            }

            return existing;
        }

        SortedDictionary<string, ManifestEntry> files = string.IsNullOrEmpty(folder)
            ? new SortedDictionary<string, ManifestEntry>(StringComparer.Ordinal)
            : SnapshotFolder(folder, Root, CancellationToken.None);
        return GetOrCreateProject(owner, name, files, string.IsNullOrEmpty(folder) ? "Project created" : "Imported from " + Path.GetFullPath(folder));
    }

    /// <summary>Finds the project, or creates it with a first commit holding <paramref name="files"/>.</summary>
    public ProjectState GetOrCreateProject(string owner, string name, SortedDictionary<string, ManifestEntry> files, string message)
    {
        lock (gate)
        {
            ProjectState? existing = projects.Find(p => p.Owner.Equals(owner, StringComparison.OrdinalIgnoreCase) && p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (existing is not null)
            {
                return existing;
            }

            var record = new ProjectRecord
            {
                Id = Ids.NewObjectId(),
                Owner = owner,
                Name = name,
                OwnerId = Ids.UserIdFor(owner),
                Created = NowMs(),
            };
            var project = new ProjectState(record, Path.Combine(ProjectsDirectory, record.Id));
            Directory.CreateDirectory(project.CommitsDirectory);
            Directory.CreateDirectory(project.RunsDirectory);
            AddCommit(project, null, files, message);
            projects.Add(project);
            return project;
        }
    }

    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    // ---- blobs -------------------------------------------------------------------------------

    public string BlobPath(string key) => Path.Combine(BlobsDirectory, key[..2], key);

    /// <summary>Stores content by its SHA-1 (streamed to a temporary file while hashing, then moved into place).</summary>
    public async Task<(string Key, long Size)> StoreBlobAsync(Stream content, CancellationToken cancellationToken)
    {
        string temp = Path.Combine(TempDirectory, Guid.NewGuid().ToString("N") + AtomicFile.TempSuffix);
        try
        {
            long size = 0;
            using var hash = Ids.NewSha1();
            var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (target.ConfigureAwait(false))
            {
                byte[] buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    size += read;
                }
            }

            string key = Convert.ToHexStringLower(hash.GetHashAndReset());
            MoveIntoBlobs(temp, key);
            return (key, size);
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }
    }

    /// <summary>Stores a local file's content by its SHA-1.</summary>
    public (string Key, long Size) StoreBlobFromFile(string path)
    {
        string temp = Path.Combine(TempDirectory, Guid.NewGuid().ToString("N") + AtomicFile.TempSuffix);
        try
        {
            long size = 0;
            using var hash = Ids.NewSha1();
            using (var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                byte[] buffer = new byte[81920];
                int read;
                while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    target.Write(buffer, 0, read);
                    size += read;
                }
            }

            string key = Convert.ToHexStringLower(hash.GetHashAndReset());
            MoveIntoBlobs(temp, key);
            return (key, size);
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }
    }

    private void MoveIntoBlobs(string temp, string key)
    {
        string destination = BlobPath(key);
        if (File.Exists(destination))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        try
        {
            File.Move(temp, destination, overwrite: false);
        }
        catch (IOException) when (File.Exists(destination))
        {
            // Another writer stored the same content first: same bytes, nothing to do.
        }
    }

    // ---- commits -----------------------------------------------------------------------------

    public static CommitRecord? GetCommit(ProjectState project, string commitId)
    {
        lock (project.Gate)
        {
            return project.Commits.GetValueOrDefault(commitId.ToLowerInvariant());
        }
    }

    public static CommitRecord GetHead(ProjectState project)
    {
        lock (project.Gate)
        {
            return project.Commits[project.Record.Commits[^1]];
        }
    }

    /// <summary>Commit ids, newest first.</summary>
    public static List<string> CommitIdsNewestFirst(ProjectState project)
    {
        lock (project.Gate)
        {
            var ids = new List<string>(project.Record.Commits);
            ids.Reverse();
            return ids;
        }
    }

    /// <summary>Whether the blob belongs to one of the project's commits and is on disk.</summary>
    public bool HasBlob(ProjectState project, string key)
    {
        lock (project.Gate)
        {
            if (!project.BlobKeys.Contains(key))
            {
                return false;
            }
        }

        return File.Exists(BlobPath(key));
    }

    /// <summary>Imports a local folder as a new commit; null when its content equals the head's.</summary>
    public CommitRecord? ImportFolder(ProjectState project, string folder)
    {
        SortedDictionary<string, ManifestEntry> files = SnapshotFolder(folder, Root, CancellationToken.None);
        lock (project.Gate)
        {
            CommitRecord head = GetHead(project);
            if (SameContent(head.Files, files))
            {
                return null;
            }

            return AddCommit(project, head.Id, files, "Imported from " + Path.GetFullPath(folder));
        }
    }

    /// <summary>Adds or replaces one file on top of the head. Returns null and a reason if the path conflicts with a folder or file.</summary>
    public static CommitRecord? AddFile(ProjectState project, string path, ManifestEntry entry, out string? conflict)
    {
        lock (project.Gate)
        {
            CommitRecord head = GetHead(project);
            conflict = FindConflict(head.Files, path);
            if (conflict is not null)
            {
                return null;
            }

            var files = new SortedDictionary<string, ManifestEntry>(head.Files, StringComparer.Ordinal)
            {
                [path] = entry,
            };
            return AddCommit(project, head.Id, files, "Upload " + path);
        }
    }

    /// <summary>
    /// Commits a run's work folder: the output commit holds the whole folder, child of the run's input commit.
    /// When the head moved meanwhile, a merge commit applies the run's changes on top of it and becomes the head.
    /// </summary>
    public CommitRecord CommitRunOutput(ProjectState project, string inputCommitId, string folder, int runNumber, CancellationToken cancellationToken)
    {
        SortedDictionary<string, ManifestEntry> files = SnapshotFolder(folder, null, cancellationToken);
        lock (project.Gate)
        {
            CommitRecord input = project.Commits[inputCommitId];
            string headBefore = project.Record.Commits[^1];
            CommitRecord output = AddCommit(project, inputCommitId, files, $"Results of run #{runNumber}");
            if (!headBefore.Equals(inputCommitId, StringComparison.Ordinal))
            {
                var merged = new SortedDictionary<string, ManifestEntry>(project.Commits[headBefore].Files, StringComparer.Ordinal);
                foreach (KeyValuePair<string, ManifestEntry> file in files)
                {
                    if (!input.Files.TryGetValue(file.Key, out ManifestEntry? before) || before.Key != file.Value.Key)
                    {
                        RemoveConflicting(merged, file.Key);
                        merged[file.Key] = file.Value;
                    }
                }

                foreach (string path in input.Files.Keys)
                {
                    if (!files.ContainsKey(path))
                    {
                        merged.Remove(path);
                    }
                }

                AddCommit(project, headBefore, merged, $"Merge results of run #{runNumber}");
            }

            return output;
        }
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
            string source = BlobPath(file.Value.Key);
            File.Copy(source, destination, overwrite: true);
            File.SetLastWriteTimeUtc(destination, DateTimeOffset.FromUnixTimeMilliseconds(file.Value.LastModified).UtcDateTime);
            if (!OperatingSystem.IsWindows() && (file.Value.Executable || StartsWithShebang(source)))
            {
                UnixFileMode mode = File.GetUnixFileMode(destination);
                File.SetUnixFileMode(destination, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }
    }

    /// <summary>Hashes every file under a folder into the blob store. Skips <c>.git</c> folders, symbolic links to folders, and <paramref name="exclude"/>.</summary>
    public SortedDictionary<string, ManifestEntry> SnapshotFolder(string folder, string? exclude, CancellationToken cancellationToken)
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
                (string key, long size) = StoreBlobFromFile(info.FullName);
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

    private static CommitRecord AddCommit(ProjectState project, string? parentId, SortedDictionary<string, ManifestEntry> files, string message)
    {
        lock (project.Gate)
        {
            var commit = new CommitRecord
            {
                ProjectId = project.Id,
                ParentId = parentId,
                Created = NowMs(),
                Message = message,
                Files = files,
            };
            do
            {
                commit.Id = Ids.NewCommitId(project.Id + "\n" + parentId + "\n" + message);
            }
            while (project.Commits.ContainsKey(commit.Id));

            AtomicFile.WriteJson(Path.Combine(project.CommitsDirectory, commit.Id + ".json"), commit, Json.Context.CommitRecord);
            project.Record.Commits.Add(commit.Id);
            SaveProject(project);
            AddLoadedCommit(project, commit);
            return commit;
        }
    }

    private static void AddLoadedCommit(ProjectState project, CommitRecord commit)
    {
        project.Commits[commit.Id] = commit;
        foreach (ManifestEntry entry in commit.Files.Values)
        {
            project.BlobKeys.Add(entry.Key);
        }
    }

    public static void SaveProject(ProjectState project)
    {
        lock (project.Gate)
        {
            AtomicFile.WriteJson(Path.Combine(project.Directory, "project.json"), project.Record, Json.Context.ProjectRecord);
        }
    }

    /// <summary>Reserves the next run number of the project.</summary>
    public static int NextRunNumber(ProjectState project)
    {
        lock (project.Gate)
        {
            project.Record.RunCount++;
            SaveProject(project);
            return project.Record.RunCount;
        }
    }

    private static bool SameContent(SortedDictionary<string, ManifestEntry> a, SortedDictionary<string, ManifestEntry> b)
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

    private static string? FindConflict(SortedDictionary<string, ManifestEntry> files, string path)
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

    private static bool StartsWithShebang(string path)
    {
        Span<byte> head = stackalloc byte[2];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return stream.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && head[0] == (byte)'#' && head[1] == (byte)'!';
    }

    // ---- runs --------------------------------------------------------------------------------

    public static void SaveRun(ProjectState project, RunRecord record) =>
        AtomicFile.WriteJson(Path.Combine(project.RunsDirectory, record.Id + ".json"), record, Json.Context.RunRecord);

    public static void SaveRunLog(ProjectState project, string runId, List<LogEntry> log) =>
        AtomicFile.WriteJson(Path.Combine(project.RunsDirectory, runId + ".log.json"), log, Json.Context.ListLogEntry);

    /// <summary>Loads the stored runs of a project.</summary>
    public List<StoredRun> LoadRuns(ProjectState project)
    {
        var runs = new List<StoredRun>();
        if (!Directory.Exists(project.RunsDirectory))
        {
            return runs;
        }

        foreach (string file in Directory.EnumerateFiles(project.RunsDirectory, "*.json"))
        {
            string name = Path.GetFileName(file);
            if (name.EndsWith(".log.json", StringComparison.Ordinal) || name.StartsWith('.'))
            {
                continue;
            }

            try
            {
                RunRecord? record = AtomicFile.ReadJson(file, Json.Context.RunRecord);
                if (record is null || !Ids.IsObjectId(record.Id))
                {
                    continue;
                }

                string logFile = Path.Combine(project.RunsDirectory, record.Id + ".log.json");
                List<LogEntry> log = File.Exists(logFile)
                    ? AtomicFile.ReadJson(logFile, Json.Context.ListLogEntry) ?? []
                    : [];
                runs.Add(new StoredRun(record, log));
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                LogUnreadable(logger, file, ex.Message);
            }
        }

        return runs;
    }

    /// <summary>A fresh, empty work folder for a run.</summary>
    public string CreateWorkFolder(string runId)
    {
        string folder = PathRules.CombineUnder(WorkDirectory, runId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        return folder;
    }

    public void DeleteWorkFolder(string folder)
    {
        try
        {
            if (PathRules.IsSameOrUnder(folder, WorkDirectory) && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogCleanupFailed(logger, folder, ex.Message);
        }
    }

    private static void ResetDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
    }

    private static void RemoveStrayTempFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (string file in Directory.EnumerateFiles(directory, "." + "*" + AtomicFile.TempSuffix))
        {
            AtomicFile.TryDelete(file);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping unreadable file {File}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string file, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove work folder {Folder}: {Reason}")]
    private static partial void LogCleanupFailed(ILogger logger, string folder, string reason);
}
