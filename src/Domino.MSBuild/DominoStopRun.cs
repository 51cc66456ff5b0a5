using Domino.Client;

namespace Domino.MSBuild;

/// <summary>Asks Domino to stop a run.</summary>
/// <example>
/// <code><![CDATA[
/// <DominoStopRun Project="alice/quick" RunId="$(RunId)" CommitResults="false" />
/// ]]></code>
/// </example>
public sealed class DominoStopRun : DominoTaskBase
{
    private string _runId = string.Empty;
    private bool _commitResults;

    /// <summary>The run's id. Required.</summary>
    public string? RunId { get; set; }

    /// <summary>Keep the files the run has written so far as its results. Default: true.</summary>
    public string? CommitResults { get; set; }

    private protected override string DescribeOperation() => $"stopping run {_runId}";

    private protected override void PrepareParameters()
    {
        _runId = TaskParameters.RequireRunId(RunId, nameof(RunId));
        _commitResults = TaskParameters.ParseBool(CommitResults, nameof(CommitResults), true);
    }

    private protected override async Task ExecuteCoreAsync(DominoProjectClient project, CancellationToken cancellationToken)
    {
        await project.StopRunAsync(_runId, _commitResults, cancellationToken).ConfigureAwait(false);
        LogMilestone($"Domino: asked to stop run {_runId}: {project.GetRunUrl(_runId)}");
    }
}
