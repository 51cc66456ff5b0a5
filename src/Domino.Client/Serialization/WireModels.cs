using System.Text.Json.Serialization;

namespace Domino.Client.Serialization;

// The wire format, kept internal and tolerant: every field optional, unknown fields ignored. Mapped to the
// public models by WireReader. What the client reads has plain setters, not init: the JSON source generator builds
// an init-only type through an argument array (a boxed value per nullable field), once per listed file.

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
    public string? RunId { get; set; }

    public string? Message { get; set; }
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
    public string? Id { get; set; }
}

internal sealed class RunDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? ProjectId { get; set; }

    public int? Number { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? StartingUserId { get; set; }

    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? Queued { get; set; }

    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? Started { get; set; }

    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? Completed { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Status { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? CommitId { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? OutputCommitId { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Title { get; set; }

    public bool? IsArchived { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? HardwareTierId { get; set; }

    public bool? IsCompleted { get; set; }

    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? PostProcessedTimestamp { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Executor { get; set; }

    public DiagnosticStatisticsDto? DiagnosticStatistics { get; set; }
}

internal sealed class DiagnosticStatisticsDto
{
    public bool? IsError { get; set; }

    public List<DiagnosticEntryDto?>? Data { get; set; }
}

internal sealed class DiagnosticEntryDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Key { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Value { get; set; }
}

/// <summary>A list envelope: <c>{"objectType"/"object": "list", "uri"/"url": ..., "data": [...]}</c>; only <c>data</c> matters.</summary>
internal sealed class ListEnvelope<T>
{
    public List<T>? Data { get; set; }
}

internal sealed class FileDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Path { get; set; }

    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? LastModified { get; set; }

    public long? Size { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Key { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Url { get; set; }
}

internal sealed class RunOutputDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Setup { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Stdout { get; set; }
}

internal sealed class LogsResponseDto
{
    public LogSetDto? Logset { get; set; }
}

internal sealed class LogSetDto
{
    public List<LogContentDto?>? LogContent { get; set; }

    public bool? IsComplete { get; set; }
}

internal sealed class LogContentDto
{
    // Epoch nanoseconds, as a string or a number.
    public long? Timestamp { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? LogType { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Log { get; set; }

    public long? Size { get; set; }
}

internal sealed class VersionDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Version { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? BuildId { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? CommitId { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Timestamp { get; set; }
}
