namespace Domino.Emulator.Internal;

/// <summary>One file of a commit: its blob key, size, modification time (epoch ms) and whether it is executable.</summary>
internal sealed class ManifestEntry
{
    public string Key { get; set; } = "";

    public long Size { get; set; }

    public long LastModified { get; set; }

    public bool Executable { get; set; }
}

/// <summary>A project revision: a manifest of relative path to blob, stored as <c>projects/{id}/commits/{commitId}.json</c>.</summary>
internal sealed class CommitRecord
{
    public string Id { get; set; } = "";

    public string ProjectId { get; set; } = "";

    public string? ParentId { get; set; }

    public long Created { get; set; }

    public string Message { get; set; } = "";

    public SortedDictionary<string, ManifestEntry> Files { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A project, stored as <c>projects/{id}/project.json</c>. <see cref="Commits"/> is oldest first; the last one is the head.</summary>
internal sealed class ProjectRecord
{
    public string Id { get; set; } = "";

    public string Owner { get; set; } = "";

    public string Name { get; set; } = "";

    public string OwnerId { get; set; } = "";

    public long Created { get; set; }

    public int RunCount { get; set; }

    public List<string> Commits { get; set; } = [];

    /// <summary>The local folder the project was imported from, if any.</summary>
    public string? SourceFolder { get; set; }

    /// <summary>The commit holding exactly the files of <see cref="SourceFolder"/> when it was last read.</summary>
    public string? SourceCommitId { get; set; }
}

/// <summary>A run, stored as <c>projects/{id}/runs/{runId}.json</c>.</summary>
internal sealed class RunRecord
{
    public string Id { get; set; } = "";

    public string ProjectId { get; set; } = "";

    public int Number { get; set; }

    public string StartingUserId { get; set; } = "";

    public long Queued { get; set; }

    public long? Started { get; set; }

    public long? Completed { get; set; }

    public string Status { get; set; } = RunStatuses.Queued;

    public string CommitId { get; set; } = "";

    public string? OutputCommitId { get; set; }

    public string? Title { get; set; }

    public bool IsArchived { get; set; }

    public string HardwareTierId { get; set; } = "";

    public string HardwareTierName { get; set; } = "";

    /// <summary>Empty for runs recorded before environments existed: they ran in the default one.</summary>
    public string EnvironmentId { get; set; } = "";

    public string? EnvironmentName { get; set; }

    /// <summary>The command as one string, as the v4 API shows it (<c>jobRunCommand</c>).</summary>
    public string? JobRunCommand { get; set; }

    /// <summary>The git ref the job ran from (<c>branches main</c>, with the commit it resolved to), when one was asked for.</summary>
    public string? GitRef { get; set; }

    public long? PostProcessedTimestamp { get; set; }

    public string Executor { get; set; } = "";

    public int? ExitCode { get; set; }

    public List<string> Command { get; set; } = [];

    public bool IsDirect { get; set; }

    public bool PublishApiEndpoint { get; set; }
}

/// <summary>One captured line of a run's output.</summary>
internal sealed class LogEntry
{
    /// <summary>Epoch nanoseconds, strictly increasing within a run.</summary>
    public long TimestampNs { get; set; }

    /// <summary><c>stdout</c>, <c>stderr</c> or <c>prepareoutput</c>.</summary>
    public string LogType { get; set; } = LogTypes.Stdout;

    public string Log { get; set; } = "";
}

/// <summary>The log types a run's lines carry.</summary>
internal static class LogTypes
{
    public const string Stdout = "stdout";
    public const string Stderr = "stderr";
    public const string Prepare = "prepareoutput";
}

/// <summary>The run statuses the emulator uses.</summary>
internal static class RunStatuses
{
    public const string Queued = "Queued";
    public const string Preparing = "Preparing";
    public const string Running = "Running";
    public const string StopRequested = "StopRequested";
    public const string Finishing = "Finishing";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Stopped = "Stopped";
    public const string Error = "Error";

    public static bool IsTerminal(string status) =>
        status is Succeeded or Failed or Stopped or Error;
}
