using System.Text.Json;

namespace Domino.Client.Tests.Jobs;

/// <summary>v4 answers shaped as domino-jobs-api.md shows them, and clients that speak v4 or decide for themselves.</summary>
internal static class Jobs
{
    public const string ProjectId = TestClient.ProjectId;
    public const string JobId = TestClient.RunId;
    public const string EnvironmentId = "5f7a8c2e4b0a1c3d5e6f7a8b";
    public const string VolumeId = "62a1c3e5b7d9f1a3c5e7b9d1";
    public const string Project = """{"id":"55221238e4b02f8c82189faa","name":"churn-model"}""";
    public const string NoJobs = """{"jobs":[]}""";

    public const string Tiers =
        """
        [{"hardwareTier":{"id":"small-k8s","name":"Small","hwtFlags":{"isDefault":true}}},
         {"hardwareTier":{"id":"large-k8s","name":"Large","hwtFlags":{"isDefault":false}}},
         {"hardwareTier":{"id":"gpu-a","name":"GPU","hwtFlags":{"isDefault":false}}},
         {"hardwareTier":{"id":"gpu-b","name":"GPU","hwtFlags":{"isDefault":false}}}]
        """;

    /// <summary>A client in V4 mode whose first two requests (project lookup, probe) are answered.</summary>
    public static TestClient V4()
    {
        var t = new TestClient(o => o.Api = DominoApiMode.V4);
        t.Handler.RespondJson(Project).RespondJson(NoJobs);
        return t;
    }

    /// <summary>A client in V4 mode whose first request (project lookup) is answered: for calls that need no probe.</summary>
    public static TestClient V4WithProject()
    {
        var t = new TestClient(o => o.Api = DominoApiMode.V4);
        t.Handler.RespondJson(Project);
        return t;
    }

    public static string Job(string status, bool completed, string? outputCommitId = null, string id = JobId, string? title = null, long? started = 1700000005000, long? completedAt = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id,
            ["number"] = 42,
            ["projectId"] = ProjectId,
            ["title"] = title,
            ["jobRunCommand"] = "main.py",
            ["statuses"] = new Dictionary<string, object?> { ["isCompleted"] = completed, ["isArchived"] = false, ["isScheduled"] = false, ["executionStatus"] = status },
            ["stageTime"] = new Dictionary<string, object?> { ["submissionTime"] = 1700000000000, ["runStartTime"] = started, ["completedTime"] = completedAt },
            ["startedBy"] = new Dictionary<string, object?> { ["id"] = "aabbccddeeff001122334456", ["username"] = "anyuser" },
            ["commitDetails"] = new Dictionary<string, object?> { ["inputCommitId"] = TestClient.CommitId, ["outputCommitId"] = outputCommitId },
        });

    public static string Started => Job("Queued", completed: false, started: null);

    /// <summary>Each request as <c>METHOD /path?query</c>.</summary>
    public static IReadOnlyList<string> Log(this FakeHandler handler) =>
        handler.Requests.Select(r => $"{r.Method} {r.Uri.PathAndQuery}").ToList();

    public static JsonElement Json(this RecordedRequest request) => JsonDocument.Parse(request.Body!).RootElement;
}
