using System.Text.Json.Serialization;

namespace Domino.Client.Serialization;

// The wire format, kept internal and tolerant: every field optional, unknown fields ignored. Mapped to the
// public models by WireMapper.

internal sealed class StartRunBody
{
    public required IReadOnlyList<string> Command { get; init; }

    // Always sent: the server requires it.
    public bool IsDirect { get; init; }

    public string? Title { get; init; }

    public string? Tier { get; init; }

    public string? CommitId { get; init; }

    public bool PublishApiEndpoint { get; init; }
}

internal sealed class StartRunResponse
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? RunId { get; init; }

    public string? Message { get; init; }
}

internal sealed class StopRunBody
{
    public required string ProjectId { get; init; }

    public required string JobId { get; init; }

    public bool CommitResults { get; init; }
}

internal sealed class ProjectDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; init; }
}

internal sealed class RunDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? ProjectId { get; init; }

    public int? Number { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? StartingUserId { get; init; }

    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? Queued { get; init; }

    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? Started { get; init; }

    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? Completed { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Status { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? CommitId { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? OutputCommitId { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Title { get; init; }

    public bool? IsArchived { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? HardwareTierId { get; init; }

    public bool? IsCompleted { get; init; }

    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? PostProcessedTimestamp { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Executor { get; init; }

    public DiagnosticStatisticsDto? DiagnosticStatistics { get; init; }
}

internal sealed class DiagnosticStatisticsDto
{
    public bool? IsError { get; init; }

    public List<DiagnosticEntryDto?>? Data { get; init; }
}

internal sealed class DiagnosticEntryDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Key { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Value { get; init; }
}

/// <summary>A list envelope: <c>{"objectType"/"object": "list", "uri"/"url": ..., "data": [...]}</c>; only <c>data</c> matters.</summary>
internal sealed class ListEnvelope<T>
{
    public List<T>? Data { get; init; }
}

internal sealed class FileDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Path { get; init; }

    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? LastModified { get; init; }

    public long? Size { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Key { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Url { get; init; }
}

internal sealed class RunOutputDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Setup { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Stdout { get; init; }
}

internal sealed class LogsResponseDto
{
    public LogSetDto? Logset { get; init; }
}

internal sealed class LogSetDto
{
    public List<LogContentDto?>? LogContent { get; init; }

    public bool? IsComplete { get; init; }
}

internal sealed class LogContentDto
{
    // Epoch nanoseconds, as a string or a number.
    public long? Timestamp { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? LogType { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Log { get; init; }

    public long? Size { get; init; }
}

internal sealed class VersionDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Version { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? BuildId { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? CommitId { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Timestamp { get; init; }
}
