using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Domino.Emulator.Internal.Storage;

/// <summary>The projects of the data folder (<c>projects/{id}/project.json</c>): loading, finding and creating them.</summary>
internal sealed partial class ProjectCatalog
{
    private readonly Lock _gate = new();
    private readonly List<ProjectState> _projects = [];
    private readonly ILogger _logger;

    public ProjectCatalog(string folder, ILogger logger)
    {
        Folder = folder;
        _logger = logger;
    }

    /// <summary>The folder holding one folder per project.</summary>
    public string Folder { get; }

    public IReadOnlyList<ProjectState> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _projects];
            }
        }
    }

    /// <summary>Loads every readable project and its commits; unreadable ones are logged and skipped.</summary>
    public void Load()
    {
        Directory.CreateDirectory(Folder);
        foreach (string directory in Directory.EnumerateDirectories(Folder))
        {
            AtomicFile.RemoveStrayTempFiles(directory);
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
                AtomicFile.RemoveStrayTempFiles(project.CommitsDirectory);
                AtomicFile.RemoveStrayTempFiles(project.RunsDirectory);
                Commits.Load(project);
                lock (_gate)
                {
                    _projects.Add(project);
                }
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                LogUnreadable(_logger, file, ex.Message);
            }
        }
    }

    public ProjectState? Find(string owner, string name)
    {
        lock (_gate)
        {
            return _projects.Find(p => p.Owner.Equals(owner, StringComparison.OrdinalIgnoreCase) && p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        }
    }

    public ProjectState? FindById(string id)
    {
        lock (_gate)
        {
            return _projects.Find(p => p.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Finds the project, or creates it with a first commit holding <paramref name="files"/>.</summary>
    public ProjectState GetOrCreate(string owner, string name, SortedDictionary<string, ManifestEntry> files, string message)
    {
        lock (_gate)
        {
            ProjectState? existing = _projects.Find(p => p.Owner.Equals(owner, StringComparison.OrdinalIgnoreCase) && p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
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
                Created = Clock.NowMs(),
            };
            var project = new ProjectState(record, Path.Combine(Folder, record.Id));
            Directory.CreateDirectory(project.CommitsDirectory);
            Directory.CreateDirectory(project.RunsDirectory);
            Commits.Add(project, null, files, message);
            _projects.Add(project);
            return project;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping unreadable file {File}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string file, string reason);
}
