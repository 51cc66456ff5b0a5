using System.Text.Json;
using Domino.Client.Text;

namespace Domino.Client.Serialization;

/// <summary>Reads the v4 Jobs API's answers into the public models (one <see cref="DominoRun"/> whichever API started a run).</summary>
internal static class JobWireReader
{
    private static DominoJsonContext Json => DominoJsonContext.Default;

    /// <summary>A job object (<c>POST /v4/jobs/start</c>, <c>GET /v4/jobs/{id}</c>).</summary>
    public static DominoRun ReadJob(ReadOnlySpan<byte> body) => ToRun(WireReader.Read(body, Json.JobDto));

    /// <summary>The started job: its id must be a run id, since every later call uses it.</summary>
    public static DominoRun ReadStartedJob(ReadOnlySpan<byte> body)
    {
        var dto = WireReader.Read(body, Json.JobDto);
        if (string.IsNullOrWhiteSpace(dto.Id))
        {
            throw new WireFormatException("it has no job 'id'.");
        }

        return DominoIds.IsObjectId(dto.Id) ? ToRun(dto)
            : throw new WireFormatException($"its job 'id' '{HtmlText.Truncate(dto.Id, 40)}' is not a job id (24 hexadecimal characters).");
    }

    /// <summary><c>{"jobs": [...]}</c>, or a bare list, or a list under <c>data</c>.</summary>
    public static IReadOnlyList<DominoRun> ReadJobs(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (trimmed.StartsWith("["u8))
        {
            return WireReader.ReadList(body, Json.ListJobDto, Json.ListEnvelopeJobDto).Select(ToRun).ToList();
        }

        var root = WireReader.Read(body, Json.JsonElement);
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out _) && !root.TryGetProperty("jobs", out _))
        {
            return WireReader.ReadList(body, Json.ListJobDto, Json.ListEnvelopeJobDto).Select(ToRun).ToList();
        }

        var jobs = WireReader.Read(body, Json.JobListDto).Jobs ?? throw new WireFormatException("it has no 'jobs' list.");
        return jobs.Where(job => job is not null).Select(job => ToRun(job!)).ToList();
    }

    public static IReadOnlyList<DominoHardwareTier> ReadHardwareTiers(ReadOnlySpan<byte> body) =>
        WireReader.ReadList(body, Json.ListHardwareTierEntryDto, Json.ListEnvelopeHardwareTierEntryDto)
            .Select(entry =>
            {
                var id = entry.HardwareTier?.Id ?? entry.Id;
                var name = entry.HardwareTier?.Name ?? entry.Name;
                if (string.IsNullOrEmpty(id))
                {
                    throw new WireFormatException("a hardware tier has no 'id'.");
                }

                return new DominoHardwareTier(id, name ?? id, (entry.HardwareTier?.HwtFlags ?? entry.HwtFlags)?.IsDefault ?? false);
            })
            .ToList();

    /// <summary><c>{"environments": [...]}</c> (useableEnvironments), a bare list, or <c>{"objectType": "list", "data": [...]}</c> (<c>/v1/environments</c>).</summary>
    public static IReadOnlyList<DominoEnvironment> ReadEnvironments(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        List<EnvironmentDto?> items;
        if (!trimmed.StartsWith("["u8) && WireReader.Read(body, Json.JsonElement) is { ValueKind: JsonValueKind.Object } root
            && root.TryGetProperty("environments", out _))
        {
            items = WireReader.Read(body, Json.UseableEnvironmentsDto).Environments ?? [];
        }
        else
        {
            items = [.. WireReader.ReadList(body, Json.ListEnvironmentDto, Json.ListEnvelopeEnvironmentDto)];
        }

        return items
            .Where(item => item is not null)
            .Select(item => string.IsNullOrEmpty(item!.Id)
                ? throw new WireFormatException("an environment has no 'id'.")
                : new DominoEnvironment(item.Id, item.Name ?? item.Id, item.Visibility, item.LatestRevisionDetails?.DockerImage))
            .ToList();
    }

    public static DominoRunExecutionDetails ReadExecutionDetails(ReadOnlySpan<byte> body)
    {
        var dto = WireReader.Read(body, Json.RuntimeExecutionDetailsDto);
        return new DominoRunExecutionDetails(
            dto.HardwareTier?.Id,
            dto.HardwareTier?.Name,
            dto.Environment?.Id ?? dto.EnvironmentId,
            dto.Environment?.Name ?? dto.EnvironmentName);
    }

    private static DominoRun ToRun(JobDto dto) => new()
    {
        Id = string.IsNullOrWhiteSpace(dto.Id) ? throw new WireFormatException("a job has no 'id'.") : dto.Id,
        ProjectId = dto.ProjectId,
        Number = dto.Number,
        StartingUserId = dto.StartedBy?.Id,
        Queued = dto.StageTime?.SubmissionTime,
        Started = dto.StageTime?.RunStartTime,
        Completed = dto.StageTime?.CompletedTime,
        Status = dto.Statuses?.ExecutionStatus ?? string.Empty,
        CommitId = dto.CommitDetails?.InputCommitId,
        OutputCommitId = string.IsNullOrEmpty(dto.CommitDetails?.OutputCommitId) ? null : dto.CommitDetails.OutputCommitId,
        Title = dto.Title,
        IsArchived = dto.Statuses?.IsArchived ?? false,
        IsCompleted = dto.Statuses?.IsCompleted,
    };
}
