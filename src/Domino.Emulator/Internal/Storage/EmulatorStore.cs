using Microsoft.Extensions.Logging;

namespace Domino.Emulator.Internal.Storage;

/// <summary>
/// The data folder: <c>blobs/</c> (content by SHA-1), <c>projects/{id}/</c> (project.json, commits/*.json, runs/*.json),
/// <c>work/</c> (run checkouts) and <c>tmp/</c>. Every file is written atomically; nothing is written outside the folder.
/// </summary>
internal sealed class EmulatorStore
{
    public EmulatorStore(string root, ILogger logger)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        TempDirectory = Path.Combine(Root, "tmp");
        Blobs = new BlobStore(Path.Combine(Root, "blobs"), TempDirectory);
        Files = new ProjectFiles(Blobs);
        Git = new GitSource(Blobs);
        Projects = new ProjectCatalog(Path.Combine(Root, "projects"), logger);
        Runs = new RunRepository(logger);
        WorkFolders = new WorkFolders(Path.Combine(Root, "work"), logger);
    }

    public string Root { get; }

    public string TempDirectory { get; }

    public BlobStore Blobs { get; }

    public ProjectFiles Files { get; }

    public GitSource Git { get; }

    public ProjectCatalog Projects { get; }

    public RunRepository Runs { get; }

    public WorkFolders WorkFolders { get; }

    /// <summary>Creates the folders, clears leftovers of a previous process, and loads the projects and their commits.</summary>
    public void Initialize()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Blobs.Folder);
        WorkFolders.Reset();
        AtomicFile.ResetDirectory(TempDirectory);
        Projects.Load();
    }

    /// <summary>Imports a folder into a project, creating the project when missing: its files become a new commit when they differ from the head (none when no folder is given).</summary>
    public async Task<ProjectState> ImportProjectAsync(string owner, string name, string? folder, CancellationToken cancellationToken)
    {
        SortedDictionary<string, ManifestEntry> files = string.IsNullOrEmpty(folder)
            ? new SortedDictionary<string, ManifestEntry>(StringComparer.Ordinal)
            : await Files.SnapshotAsync(folder, Root, cancellationToken).ConfigureAwait(false);
        string message = string.IsNullOrEmpty(folder) ? "Project created" : "Imported from " + Path.GetFullPath(folder);
        ProjectState project = Projects.Find(owner, name) ?? Projects.GetOrCreate(owner, name, files, message);
        if (!string.IsNullOrEmpty(folder))
        {
            lock (project.Gate)
            {
                CommitRecord snapshot = Commits.HeadWith(project, files, message);
                project.Record.SourceFolder = Path.GetFullPath(folder);
                project.Record.SourceCommitId = snapshot.Id;
                project.Save();
            }
        }

        return project;
    }

    /// <summary>
    /// Reads the project's source folder again (at each run start) and records what changed since it was last read:
    /// a commit holding exactly the folder's files, on top of the head; when runs or uploads added commits since the
    /// last reading, a second commit applies the folder's changes on top of those, so their files stay. Nothing when
    /// the folder did not change, or the project has no folder.
    /// </summary>
    public async Task SnapshotSourceAsync(ProjectState project, CancellationToken cancellationToken)
    {
        string? folder;
        lock (project.Gate)
        {
            folder = project.Record.SourceFolder;
        }

        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            return;
        }

        SortedDictionary<string, ManifestEntry> files = await Files.SnapshotAsync(folder, Root, cancellationToken).ConfigureAwait(false);
        lock (project.Gate)
        {
            CommitRecord? last = project.Record.SourceCommitId is { } id ? project.Commits.GetValueOrDefault(id) : null;
            if (last is not null && Manifests.SameContent(last.Files, files))
            {
                return;
            }

            CommitRecord head = Commits.Head(project);
            string message = "Project folder " + folder + " changed";
            CommitRecord snapshot = Commits.HeadWith(project, files, message);
            if (last is not null && head.Id != last.Id && snapshot.Id != head.Id)
            {
                Commits.Add(project, snapshot.Id, Manifests.ApplyChanges(head.Files, last.Files, files), message + ", on top of commit " + head.Id);
            }

            project.Record.SourceCommitId = snapshot.Id;
            project.Save();
        }
    }

    /// <summary>
    /// The commit holding the project's files at a git ref of its source folder: the head when it holds the same
    /// files, else a new commit on top of it. Null and the reason when the project is not git-based or the ref names nothing.
    /// </summary>
    public async Task<(CommitRecord? Commit, string? Description, string? Error)> CommitForGitRefAsync(ProjectState project, GitRef gitRef, CancellationToken cancellationToken)
    {
        string? folder;
        lock (project.Gate)
        {
            folder = project.Record.SourceFolder;
        }

        if (!GitSource.IsRepository(folder))
        {
            return (null, null, $"Project {project.Owner}/{project.Name} is not git-based (its folder is not a git repository), so mainRepoGitRef cannot be used; leave it null to run the project's files.");
        }

        string? sha = await GitSource.ResolveAsync(folder!, gitRef, cancellationToken).ConfigureAwait(false);
        if (sha is null)
        {
            return (null, null, $"The project's git repository has no {gitRef.Type} '{gitRef.Value}'.");
        }

        SortedDictionary<string, ManifestEntry> files = await Git.ArchiveAsync(folder!, sha, cancellationToken).ConfigureAwait(false);
        string description = $"{gitRef} ({sha})";
        CommitRecord commit = Commits.HeadWith(project, files, "Git " + description);
        return (commit, description, null);
    }

    /// <summary>Whether the blob belongs to one of the project's commits and is on disk.</summary>
    public bool HasBlob(ProjectState project, string key) => Commits.References(project, key) && Blobs.Exists(key);
}
