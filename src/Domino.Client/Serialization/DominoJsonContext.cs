using System.Text.Json;
using System.Text.Json.Serialization;

namespace Domino.Client.Serialization;

/// <summary>
/// Source-generated (trimming-safe, no reflection) serialization of the wire types: camelCase, unknown fields
/// ignored, numbers accepted as strings, nulls left out of request bodies.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(StartRunBody))]
[JsonSerializable(typeof(StartRunResponse))]
[JsonSerializable(typeof(StopRunBody))]
[JsonSerializable(typeof(ProjectDto))]
[JsonSerializable(typeof(RunDto))]
[JsonSerializable(typeof(List<RunDto>))]
[JsonSerializable(typeof(ListEnvelope<RunDto>))]
[JsonSerializable(typeof(FileDto))]
[JsonSerializable(typeof(List<FileDto>))]
[JsonSerializable(typeof(ListEnvelope<FileDto>))]
[JsonSerializable(typeof(RunOutputDto))]
[JsonSerializable(typeof(LogsResponseDto))]
[JsonSerializable(typeof(VersionDto))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JobDto))]
[JsonSerializable(typeof(List<JobDto>))]
[JsonSerializable(typeof(ListEnvelope<JobDto>))]
[JsonSerializable(typeof(JobListDto))]
[JsonSerializable(typeof(List<HardwareTierEntryDto>))]
[JsonSerializable(typeof(ListEnvelope<HardwareTierEntryDto>))]
[JsonSerializable(typeof(List<EnvironmentDto>))]
[JsonSerializable(typeof(ListEnvelope<EnvironmentDto>))]
[JsonSerializable(typeof(UseableEnvironmentsDto))]
[JsonSerializable(typeof(RuntimeExecutionDetailsDto))]
internal sealed partial class DominoJsonContext : JsonSerializerContext;
