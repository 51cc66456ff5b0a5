using System.Text.Json.Nodes;
using Domino.Client;

namespace Domino.Cli.Output;

/// <summary>The JSON shapes of <c>--output json</c>. Field names are documented in docs/cli.md and never renamed.</summary>
internal static class Json
{
    /// <summary>Adds a run's fields (<c>runId</c>, <c>status</c>, ...) at the top level of <paramref name="target"/>.</summary>
    public static void AddRun(JsonObject target, DominoRun run, Uri url)
    {
        foreach (var (name, value) in Run(run, url).ToList())
        {
            target[name] = value?.DeepClone();
        }
    }

    public static JsonObject Run(DominoRun run, Uri url) => new()
    {
        ["runId"] = run.Id,
        ["runUrl"] = url.ToString(),
        ["number"] = run.Number,
        ["title"] = run.Title,
        ["status"] = run.Status,
        ["succeeded"] = run.IsSucceeded,
        ["finished"] = run.IsFinished,
        ["queued"] = run.Queued,
        ["started"] = run.Started,
        ["completed"] = run.Completed,
        ["durationSeconds"] = run.Duration?.TotalSeconds,
        ["commitId"] = run.CommitId,
        ["outputCommitId"] = run.OutputCommitId,
        ["hardwareTierId"] = run.HardwareTierId,
        ["hardwareTier"] = run.Execution?.HardwareTierName,
        ["environmentId"] = run.Execution?.EnvironmentId,
        ["environment"] = run.Execution?.EnvironmentName,
    };

    public static JsonObject Download(DominoDownloadReport report) => new()
    {
        ["destination"] = report.Destination,
        ["commitId"] = report.CommitId,
        ["files"] = new JsonArray(report.Written.Select(f => (JsonNode)File(f, skipped: false))
            .Concat(report.Skipped.Select(f => (JsonNode)File(f, skipped: true)))
            .OrderBy(f => (string?)f["remotePath"], StringComparer.Ordinal)
            .ToArray()),
        ["failed"] = new JsonArray(report.Failed.Select(f => (JsonNode)new JsonObject { ["remotePath"] = f.RemotePath, ["error"] = f.Error }).ToArray()),
        ["written"] = report.Written.Count,
        ["skipped"] = report.Skipped.Count,
        ["bytesWritten"] = report.BytesWritten,
        ["durationSeconds"] = report.Duration.TotalSeconds,
        ["manifestPath"] = report.ManifestPath,
    };

    public static JsonObject RemoteFile(DominoFile file) => new()
    {
        ["path"] = file.Path,
        ["key"] = file.Key,
        ["size"] = file.Size,
        ["lastModified"] = file.LastModified,
    };

    public static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static JsonObject File(DominoDownloadedFile file, bool skipped) => new()
    {
        ["remotePath"] = file.RemotePath,
        ["localPath"] = file.LocalPath,
        ["size"] = file.Size,
        ["key"] = file.Key,
        ["skipped"] = skipped,
    };
}
