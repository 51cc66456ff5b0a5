using System.Text.Json.Serialization;

namespace Domino.Client.Serialization;

// The v4 Jobs API's answers (domino-jobs-api.md), as tolerant as the v1 ones: every field optional, unknown fields ignored.

internal sealed class JobDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; init; }

    public int? Number { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? ProjectId { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Title { get; init; }

    public JobStatusesDto? Statuses { get; init; }

    public JobStageTimeDto? StageTime { get; init; }

    public JobUserDto? StartedBy { get; init; }

    public JobCommitDetailsDto? CommitDetails { get; init; }
}

internal sealed class JobStatusesDto
{
    public bool? IsCompleted { get; init; }

    public bool? IsArchived { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? ExecutionStatus { get; init; }
}

internal sealed class JobStageTimeDto
{
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? SubmissionTime { get; init; }

    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? RunStartTime { get; init; }

    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? CompletedTime { get; init; }
}

internal sealed class JobUserDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; init; }
}

internal sealed class JobCommitDetailsDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? InputCommitId { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? OutputCommitId { get; init; }
}

/// <summary><c>GET /v4/jobs</c>: <c>{"jobs": [...]}</c>.</summary>
internal sealed class JobListDto
{
    public List<JobDto?>? Jobs { get; init; }
}

/// <summary>An entry of <c>GET /v4/projects/{id}/hardwareTiers</c>: <c>{"hardwareTier": {...}}</c>, or the tier itself.</summary>
internal sealed class HardwareTierEntryDto
{
    public HardwareTierDto? HardwareTier { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Name { get; init; }

    public HardwareTierFlagsDto? HwtFlags { get; init; }
}

internal sealed class HardwareTierDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Name { get; init; }

    public HardwareTierFlagsDto? HwtFlags { get; init; }
}

internal sealed class HardwareTierFlagsDto
{
    public bool? IsDefault { get; init; }
}

internal sealed class EnvironmentDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Name { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Visibility { get; init; }

    public EnvironmentRevisionDto? LatestRevisionDetails { get; init; }
}

internal sealed class EnvironmentRevisionDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DockerImage { get; init; }
}

/// <summary><c>GET /v4/projects/{id}/useableEnvironments</c>: <c>{"environments": [...]}</c>.</summary>
internal sealed class UseableEnvironmentsDto
{
    public List<EnvironmentDto?>? Environments { get; init; }
}

/// <summary><c>GET /v4/jobs/{id}/runtimeExecutionDetails</c>.</summary>
internal sealed class RuntimeExecutionDetailsDto
{
    public HardwareTierDto? HardwareTier { get; init; }

    public NamedDto? Environment { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? EnvironmentId { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? EnvironmentName { get; init; }
}

internal sealed class NamedDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Name { get; init; }
}
