namespace Domino.Client;

/// <summary>A file of a commit, as listed by <c>GET .../files/{commitId}/{path}</c>.</summary>
public sealed record DominoFile
{
    /// <summary>The path relative to the project root, with <c>/</c> separators and no leading slash.</summary>
    public required string Path { get; init; }

    /// <summary>The content key; opaque (verify downloads by <see cref="Size"/>).</summary>
    public required string Key { get; init; }

    /// <summary>The size in bytes.</summary>
    public long Size { get; init; }

    /// <summary>When the file was last modified.</summary>
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>The blob URL the server gave, if any.</summary>
    public string? Url { get; init; }
}

/// <summary>The Domino server's version (<c>GET /version</c>).</summary>
public sealed record DominoServerVersion
{
    /// <summary>The product version, e.g. <c>5.11.0</c>.</summary>
    public string? Version { get; init; }

    /// <summary>The build id, as text.</summary>
    public string? BuildId { get; init; }

    /// <summary>The source commit of the server build.</summary>
    public string? CommitId { get; init; }

    /// <summary>The build timestamp, as text.</summary>
    public string? Timestamp { get; init; }
}

/// <summary>A run's output from <c>GET .../run/{runId}/stdout</c>, as plain text (HTML stripped, entities decoded).</summary>
/// <param name="Setup">The setup (environment preparation) output.</param>
/// <param name="Stdout">The run's own output.</param>
public sealed record DominoRunOutput(string Setup, string Stdout);

/// <summary>One entry of the incremental log endpoint (<c>/v4/jobs/{runId}/logsWithProblemSuggestions</c>).</summary>
/// <param name="TimestampNanos">Epoch nanoseconds; pass the last one back as <c>latestTimeNano</c> to get only newer entries.</param>
/// <param name="LogType">The stream, e.g. <c>stdout</c> or <c>stderr</c>.</param>
/// <param name="Text">The line, as plain text.</param>
public sealed record DominoLogEntry(long TimestampNanos, string LogType, string Text);

/// <summary>A batch of incremental log entries.</summary>
/// <param name="Entries">The entries, oldest first.</param>
/// <param name="IsComplete">True once the server has all of the run's logs.</param>
public sealed record DominoLogChunk(IReadOnlyList<DominoLogEntry> Entries, bool IsComplete);
