namespace Domino.Client.Ci;

/// <summary>What the CI reports say about one run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Project">Its project, <c>owner/name</c>.</param>
/// <param name="Url">Its web page.</param>
internal sealed record CiRunFacts(string RunId, string Project, Uri Url)
{
    /// <summary>The fold's title: <c>Domino run &lt;id&gt; (&lt;project&gt;)</c>.</summary>
    public string Title => $"Domino run {RunId} ({Project})";
}

/// <summary>The step outputs a run leaves, by their name in each CI system.</summary>
/// <param name="GitHubName">The name in GitHub Actions' <c>GITHUB_OUTPUT</c> file.</param>
/// <param name="AzureName">The name of the Azure Pipelines output variable.</param>
internal sealed record CiOutput(string GitHubName, string AzureName)
{
    public static readonly CiOutput RunId = new("domino-run-id", "DominoRunId");
    public static readonly CiOutput RunStatus = new("domino-run-status", "DominoRunStatus");
    public static readonly CiOutput RunUrl = new("domino-run-url", "DominoRunUrl");
    public static readonly CiOutput OutputCommit = new("domino-output-commit", "DominoOutputCommit");
    public static readonly CiOutput DownloadedCount = new("domino-downloaded-count", "DominoDownloadedCount");
}
