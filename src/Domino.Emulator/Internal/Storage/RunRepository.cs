using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Domino.Emulator.Internal.Storage;

/// <summary>A run loaded from disk.</summary>
internal sealed record StoredRun(RunRecord Record, List<LogEntry> Log);

/// <summary>Runs on disk: <c>projects/{id}/runs/{runId}.json</c> and its captured output <c>{runId}.log.json</c>.</summary>
internal sealed partial class RunRepository
{
    private readonly ILogger _logger;

    public RunRepository(ILogger logger)
    {
        _logger = logger;
    }

    public static void Save(ProjectState project, RunRecord record) =>
        AtomicFile.WriteJson(Path.Combine(project.RunsDirectory, record.Id + ".json"), record, Json.Context.RunRecord);

    public static void SaveLog(ProjectState project, string runId, List<LogEntry> log) =>
        AtomicFile.WriteJson(Path.Combine(project.RunsDirectory, runId + ".log.json"), log, Json.Context.ListLogEntry);

    /// <summary>Loads the stored runs of a project; unreadable ones are logged and skipped.</summary>
    public List<StoredRun> Load(ProjectState project)
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
                LogUnreadable(_logger, file, ex.Message);
            }
        }

        return runs;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping unreadable file {File}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string file, string reason);
}
