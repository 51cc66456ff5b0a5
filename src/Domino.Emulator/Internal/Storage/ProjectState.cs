namespace Domino.Emulator.Internal.Storage;

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

    public string RecordFile => Path.Combine(Directory, "project.json");

    /// <summary>Writes <c>project.json</c>.</summary>
    public void Save()
    {
        lock (Gate)
        {
            AtomicFile.WriteJson(RecordFile, Record, Json.Context.ProjectRecord);
        }
    }

    /// <summary>Reserves the next run number of the project.</summary>
    public int NextRunNumber()
    {
        lock (Gate)
        {
            Record.RunCount++;
            Save();
            return Record.RunCount;
        }
    }
}
