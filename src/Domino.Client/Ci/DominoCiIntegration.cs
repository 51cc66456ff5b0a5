namespace Domino.Client.Ci;

/// <summary>Whether the client reports to the CI system it runs in (folds, annotations, step outputs, job summary).</summary>
public enum DominoCiIntegration
{
    /// <summary>Report to the CI system that is detected (or that the host names in <see cref="DominoClientOptions.CiSystem"/>); plain lines elsewhere.</summary>
    Auto,

    /// <summary>Never report to a CI system: plain log lines only, no files written.</summary>
    Off,
}

/// <summary>A CI system the client knows how to report to.</summary>
public enum DominoCiSystem
{
    /// <summary>No CI system (or one the client does not know): plain log lines.</summary>
    None,

    /// <summary>GitHub Actions (<c>GITHUB_ACTIONS=true</c>).</summary>
    GitHubActions,

    /// <summary>Azure Pipelines (<c>TF_BUILD=True</c>).</summary>
    AzurePipelines,

    /// <summary>TeamCity (<c>TEAMCITY_VERSION</c> set).</summary>
    TeamCity,

    /// <summary>GitLab CI (<c>GITLAB_CI</c> set).</summary>
    GitLab,
}

/// <summary>Finds out which CI system the process runs in, from the environment variables each one sets.</summary>
public static class DominoCiDetection
{
    /// <summary>
    /// Every environment variable the CI reporting reads: those that name the system, and the files and folders it
    /// writes to (<c>GITHUB_OUTPUT</c>, <c>GITHUB_STEP_SUMMARY</c>, <c>AGENT_TEMPDIRECTORY</c>). A host that hands the
    /// client a captured environment (<see cref="DictionaryDominoEnvironment"/>) captures these too.
    /// </summary>
    public static IReadOnlyList<string> Variables { get; } =
    [
        "GITHUB_ACTIONS", "TF_BUILD", "TEAMCITY_VERSION", "GITLAB_CI",
        GitHubActionsWriter.OutputVariable, GitHubActionsWriter.SummaryVariable, AzurePipelinesWriter.TempVariable,
    ];

    /// <summary>
    /// The CI system named by <paramref name="environment"/>: GitHub Actions (<c>GITHUB_ACTIONS=true</c>), Azure Pipelines
    /// (<c>TF_BUILD=True</c>), TeamCity (<c>TEAMCITY_VERSION</c>), GitLab (<c>GITLAB_CI</c>), else <see cref="DominoCiSystem.None"/>.
    /// </summary>
    public static DominoCiSystem Detect(IDominoEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (IsTrue(environment.GetVariable("GITHUB_ACTIONS")))
        {
            return DominoCiSystem.GitHubActions;
        }

        if (IsTrue(environment.GetVariable("TF_BUILD")))
        {
            return DominoCiSystem.AzurePipelines;
        }

        if (!string.IsNullOrWhiteSpace(environment.GetVariable("TEAMCITY_VERSION")))
        {
            return DominoCiSystem.TeamCity;
        }

        return !string.IsNullOrWhiteSpace(environment.GetVariable("GITLAB_CI")) ? DominoCiSystem.GitLab : DominoCiSystem.None;
    }

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
