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
        Projects = new ProjectCatalog(Path.Combine(Root, "projects"), logger);
        Runs = new RunRepository(logger);
        WorkFolders = new WorkFolders(Path.Combine(Root, "work"), logger);
    }

    public string Root { get; }

    public string TempDirectory { get; }

    public BlobStore Blobs { get; }

    public ProjectFiles Files { get; }

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
        ProjectState? existing = Projects.Find(owner, name);
        if (existing is null)
        {
            return Projects.GetOrCreate(owner, name, files, message);
        }

        if (!string.IsNullOrEmpty(folder))
        {
            Commits.AddIfChanged(existing, files, message);
        }

        return existing;
    }

    /// <summary>Whether the blob belongs to one of the project's commits and is on disk.</summary>
    public bool HasBlob(ProjectState project, string key) => Commits.References(project, key) && Blobs.Exists(key);
}
