using System.Text.Json.Serialization;

namespace Domino.Emulator.Internal;

internal sealed record MessageResponse(string Message);

internal sealed record StartRunResponse(string RunId, string Message);

internal sealed record KeyValueEntry(string Key, string Value);

internal sealed record DiagnosticStatistics(bool IsError, IReadOnlyList<KeyValueEntry> Data);

internal sealed record RunStatusResponse(
    string Id,
    string ProjectId,
    int Number,
    string StartingUserId,
    long Queued,
    long? Started,
    long? Completed,
    string Status,
    string CommitId,
    string? OutputCommitId,
    string? Title,
    bool IsArchived,
    string HardwareTierId,
    bool IsCompleted,
    long? PostProcessedTimestamp,
    string Executor,
    DiagnosticStatistics? DiagnosticStatistics);

internal sealed record RunListResponse(string ObjectType, string Uri, IReadOnlyList<RunStatusResponse> Data);

internal sealed record FileEntryResponse(string Path, long LastModified, long Size, string Key, string Url);

internal sealed record FileListResponse(string Object, string Url, IReadOnlyList<FileEntryResponse> Data);

internal sealed record RunOutputResponse(string Setup, string Stdout);

internal sealed record VersionResponse(string Version, string BuildId, string CommitId, long Timestamp);

internal sealed record ProjectResponse(string Id, string Name, string OwnerId, string OwnerUsername, string Visibility);

internal sealed record StopRunResponse(string JobId, string Status, string Message);

internal sealed record LogContentEntry(string Timestamp, string LogType, string Log, long Size);

internal sealed record LogSet(IReadOnlyList<LogContentEntry> LogContent, bool IsComplete);

internal sealed record LogsResponse(LogSet Logset, IReadOnlyList<string> ProblemSuggestions);

internal sealed record JobStatuses(bool IsCompleted, bool IsArchived, bool IsScheduled, string ExecutionStatus);

internal sealed record JobStageTime(long SubmissionTime, long? RunStartTime, long? CompletedTime);

internal sealed record JobUser(string Id, string Username);

internal sealed record JobCommitDetails(string InputCommitId, string? OutputCommitId);

internal sealed record QueuedJobHistoryDetails(string ExpectedWait, string Explanation, string? HelpText);

internal sealed record JobResponse(
    string Id,
    int Number,
    string ProjectId,
    string? Title,
    string JobRunCommand,
    JobStatuses Statuses,
    JobStageTime StageTime,
    JobUser StartedBy,
    JobCommitDetails CommitDetails,
    QueuedJobHistoryDetails QueuedJobHistoryDetails);

internal sealed record JobListResponse(IReadOnlyList<JobResponse> Jobs);

internal sealed record HardwareTierFlags(bool IsDefault);

internal sealed record HardwareTierDetails(string Id, string Name, HardwareTierFlags HwtFlags);

internal sealed record HardwareTierEntry(HardwareTierDetails HardwareTier);

internal sealed record TierReference(string Id, string Name);

internal sealed record EnvironmentRevisionDetails(string DockerImage);

internal sealed record EnvironmentResponse(string Id, string Name, string Visibility, bool IsDefault, EnvironmentRevisionDetails LatestRevisionDetails);

internal sealed record UseableEnvironmentsResponse(IReadOnlyList<EnvironmentResponse> Environments);

internal sealed record EnvironmentListResponse(string ObjectType, IReadOnlyList<EnvironmentResponse> Data);

internal sealed record RuntimeExecutionDetailsResponse(TierReference HardwareTier, EnvironmentResponse Environment);

internal sealed record FaultDescription(string Method, string Route, string Kind, int? Status, double? RetryAfterSeconds, double? DelayMs, int? Bytes, int? Remaining, bool Forever);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(StartRunResponse))]
[JsonSerializable(typeof(RunStatusResponse))]
[JsonSerializable(typeof(RunListResponse))]
[JsonSerializable(typeof(FileListResponse))]
[JsonSerializable(typeof(FileEntryResponse))]
[JsonSerializable(typeof(RunOutputResponse))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(ProjectResponse))]
[JsonSerializable(typeof(StopRunResponse))]
[JsonSerializable(typeof(LogsResponse))]
[JsonSerializable(typeof(JobResponse))]
[JsonSerializable(typeof(JobListResponse))]
[JsonSerializable(typeof(List<HardwareTierEntry>))]
[JsonSerializable(typeof(UseableEnvironmentsResponse))]
[JsonSerializable(typeof(EnvironmentListResponse))]
[JsonSerializable(typeof(RuntimeExecutionDetailsResponse))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<FaultDescription>))]
[JsonSerializable(typeof(SortedDictionary<string, int>))]
[JsonSerializable(typeof(CommitRecord))]
[JsonSerializable(typeof(ProjectRecord))]
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(List<LogEntry>))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;

/// <summary>The JSON settings of every response and stored file: camelCase, nulls written, no HTML-escaping of text (responses are JSON, never embedded in a page).</summary>
internal static class Json
{
    public static EmulatorJsonContext Context { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
