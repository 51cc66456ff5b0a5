using System.Text.Json.Serialization;

namespace Domino.Client.Serialization;

// The v4 Jobs API's answers (domino-jobs-api.md), as tolerant as the v1 ones: every field optional, unknown fields ignored;
// plain setters, as in WireModels.cs.

internal sealed class JobDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; set; }

    public int? Number { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? ProjectId { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Title { get; set; }

    public JobStatusesDto? Statuses { get; set; }

    public JobStageTimeDto? StageTime { get; set; }

    public JobUserDto? StartedBy { get; set; }

    public JobCommitDetailsDto? CommitDetails { get; set; }
}

internal sealed class JobStatusesDto
{
    public bool? IsCompleted { get; set; }

    public bool? IsArchived { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? ExecutionStatus { get; set; }
}

internal sealed class JobStageTimeDto
{
    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? SubmissionTime { get; set; }

    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? RunStartTime { get; set; }

    [JsonConverter(typeof(EpochMillisecondsConverter))]
    public DateTimeOffset? CompletedTime { get; set; }
}

internal sealed class JobUserDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; set; }
}

internal sealed class JobCommitDetailsDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? InputCommitId { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? OutputCommitId { get; set; }
}

/// <summary><c>GET /v4/jobs</c>: <c>{"jobs": [...]}</c>.</summary>
internal sealed class JobListDto
{
    public List<JobDto?>? Jobs { get; set; }
}

/// <summary>An entry of <c>GET /v4/projects/{id}/hardwareTiers</c>: <c>{"hardwareTier": {...}}</c>, or the tier itself.</summary>
internal sealed class HardwareTierEntryDto
{
    public HardwareTierDto? HardwareTier { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Name { get; set; }

    public HardwareTierFlagsDto? HwtFlags { get; set; }
}

internal sealed class HardwareTierDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Name { get; set; }

    public HardwareTierFlagsDto? HwtFlags { get; set; }
}

internal sealed class HardwareTierFlagsDto
{
    public bool? IsDefault { get; set; }
}

internal sealed class EnvironmentDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Name { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Visibility { get; set; }

    public EnvironmentRevisionDto? LatestRevisionDetails { get; set; }
}

internal sealed class EnvironmentRevisionDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DockerImage { get; set; }
}

/// <summary><c>GET /v4/projects/{id}/useableEnvironments</c>: <c>{"environments": [...]}</c>.</summary>
internal sealed class UseableEnvironmentsDto
{
    public List<EnvironmentDto?>? Environments { get; set; }
}

/// <summary><c>GET /v4/jobs/{id}/runtimeExecutionDetails</c>.</summary>
internal sealed class RuntimeExecutionDetailsDto
{
    public HardwareTierDto? HardwareTier { get; set; }

    public NamedDto? Environment { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? EnvironmentId { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? EnvironmentName { get; set; }
}

internal sealed class NamedDto
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Name { get; set; }
}
