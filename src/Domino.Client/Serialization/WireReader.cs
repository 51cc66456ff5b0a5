using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Domino.Client.Text;

namespace Domino.Client.Serialization;

/// <summary>A response body that parsed as JSON but lacks what the client needs.</summary>
internal sealed class WireFormatException(string message) : Exception(message);

/// <summary>Reads response bodies into the public models. Throws <see cref="JsonException"/> or <see cref="WireFormatException"/>.</summary>
internal static class WireReader
{
    private static DominoJsonContext Json => DominoJsonContext.Default;

    public static T Read<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(body, type) ?? throw new WireFormatException("the body is JSON null.");

    /// <summary>A list, bare or in an envelope under <c>data</c>; null entries are skipped.</summary>
    public static List<T> ReadList<T>(ReadOnlySpan<byte> body, JsonTypeInfo<List<T>> bare, JsonTypeInfo<ListEnvelope<T>> envelope)
        where T : class
    {
        var items = body.TrimStart(" \t\r\n"u8).StartsWith("["u8)
            ? Read(body, bare)
            : Read(body, envelope).Data ?? [];
        // Entries may be JSON null whatever the annotations say.
        return items.Where(item => item is not null).ToList();
    }

    public static DominoRun ReadRun(ReadOnlySpan<byte> body) => ToRun(Read(body, Json.RunDto));

    public static IReadOnlyList<DominoRun> ReadRuns(ReadOnlySpan<byte> body) =>
        ReadList(body, Json.ListRunDto, Json.ListEnvelopeRunDto).Select(ToRun).ToList();

    public static IReadOnlyList<DominoFile> ReadFiles(ReadOnlySpan<byte> body) =>
        ReadList(body, Json.ListFileDto, Json.ListEnvelopeFileDto).Select(ToFile).ToList();

    public static DominoFile ReadFile(ReadOnlySpan<byte> body) => ToFile(Read(body, Json.FileDto));

    public static DominoServerVersion ReadVersion(ReadOnlySpan<byte> body)
    {
        var dto = Read(body, Json.VersionDto);
        return new DominoServerVersion { Version = dto.Version, BuildId = dto.BuildId, CommitId = dto.CommitId, Timestamp = dto.Timestamp };
    }

    public static DominoRunOutput ReadRunOutput(ReadOnlySpan<byte> body)
    {
        var dto = Read(body, Json.RunOutputDto);
        return new DominoRunOutput(HtmlText.OutputToText(dto.Setup), HtmlText.OutputToText(dto.Stdout));
    }

    /// <summary>Log entries oldest first, each line reduced to text, only those after <paramref name="afterNanos"/>
    /// (the server may repeat the entry at <c>latestTimeNano</c>, which a tailing caller has already shown).</summary>
    public static DominoLogChunk ReadLogs(ReadOnlySpan<byte> body, long afterNanos)
    {
        var set = Read(body, Json.LogsResponseDto).Logset;
        var entries = (set?.LogContent ?? [])
            .Where(entry => entry is not null && (afterNanos == 0 || (entry.Timestamp ?? 0) > afterNanos))
            .Select(entry => new DominoLogEntry(entry!.Timestamp ?? 0, entry.LogType ?? string.Empty, HtmlText.OutputToText(entry.Log)))
            .OrderBy(entry => entry.TimestampNanos)
            .ToList();
        return new DominoLogChunk(entries, set?.IsComplete ?? false);
    }

    public static StartRunResponse ReadStartRun(ReadOnlySpan<byte> body)
    {
        var dto = Read(body, Json.StartRunResponse);
        if (string.IsNullOrWhiteSpace(dto.RunId))
        {
            throw new WireFormatException("it has no 'runId'.");
        }

        // Every later call needs a valid id; say so here rather than fail later with an argument error.
        return DominoIds.IsObjectId(dto.RunId) ? dto
            : throw new WireFormatException($"its 'runId' '{HtmlText.Truncate(dto.RunId, 40)}' is not a run id (24 hexadecimal characters).");
    }

    public static string ReadProjectId(ReadOnlySpan<byte> body)
    {
        var id = Read(body, Json.ProjectDto).Id;
        return string.IsNullOrWhiteSpace(id) ? throw new WireFormatException("it has no project 'id'.") : id;
    }

    /// <summary>Commit ids, newest first: strings, or objects with an <c>id</c>, bare or under <c>data</c>.</summary>
    public static IReadOnlyList<string> ReadCommits(ReadOnlySpan<byte> body)
    {
        var root = Read(body, Json.JsonElement);
        var items = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) ? data : root;
        if (items.ValueKind != JsonValueKind.Array)
        {
            throw new WireFormatException("it is not a list of commits.");
        }

        var commits = new List<string>();
        foreach (var item in items.EnumerateArray())
        {
            var id = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Object when item.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.String => value.GetString(),
                JsonValueKind.Null => null,
                _ => throw new WireFormatException("a commit is neither an id nor an object with an 'id'."),
            };
            if (!string.IsNullOrEmpty(id))
            {
                commits.Add(id);
            }
        }

        return commits;
    }

    private static DominoRun ToRun(RunDto dto) => new()
    {
        Id = string.IsNullOrWhiteSpace(dto.Id) ? throw new WireFormatException("a run has no 'id'.") : dto.Id,
        ProjectId = dto.ProjectId,
        Number = dto.Number,
        StartingUserId = dto.StartingUserId,
        Queued = dto.Queued,
        Started = dto.Started,
        Completed = dto.Completed,
        Status = dto.Status ?? string.Empty,
        CommitId = dto.CommitId,
        OutputCommitId = string.IsNullOrEmpty(dto.OutputCommitId) ? null : dto.OutputCommitId,
        Title = dto.Title,
        IsArchived = dto.IsArchived ?? false,
        HardwareTierId = dto.HardwareTierId,
        IsCompleted = dto.IsCompleted,
        PostProcessed = dto.PostProcessedTimestamp,
        Executor = dto.Executor,
        DiagnosticIsError = dto.DiagnosticStatistics?.IsError,
        Diagnostics = ToDiagnostics(dto.DiagnosticStatistics),
    };

    private static Dictionary<string, string> ToDiagnostics(DiagnosticStatisticsDto? statistics)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in statistics?.Data ?? [])
        {
            if (entry?.Key is { } key)
            {
                result[key] = entry.Value ?? string.Empty;
            }
        }

        return result;
    }

    private static DominoFile ToFile(FileDto dto)
    {
        if (string.IsNullOrEmpty(dto.Path))
        {
            throw new WireFormatException("a file has no 'path'.");
        }

        return new DominoFile
        {
            Path = dto.Path.TrimStart('/'),
            Key = string.IsNullOrEmpty(dto.Key) ? throw new WireFormatException($"the file '{dto.Path}' has no 'key'.") : dto.Key,
            Size = dto.Size ?? throw new WireFormatException($"the file '{dto.Path}' has no 'size'."),
            LastModified = dto.LastModified,
            Url = dto.Url,
        };
    }
}
