namespace Cake.Domino;

/// <summary>How <c>DominoStopRun</c> stops a run.</summary>
public class DominoStopRunSettings : DominoSettings
{
    /// <summary>Keep the files the run has written so far as its results. Default: true.</summary>
    public bool CommitResults { get; set; } = true;
}
