using Cake.Domino.Internal;

namespace Cake.Domino;

/// <summary>A run that <c>DominoStartRun</c> started (or reattached to). Pass it to <c>DominoWaitForRun</c>.</summary>
public sealed class DominoStartedRun : DominoRunReference
{
    internal DominoStartedRun(string project, string runId, Uri runUrl, string? message, bool reattached, IReadOnlyList<string> command, DominoConnection connection)
        : base(project, runId, runUrl, connection)
    {
        Message = message;
        Reattached = reattached;
        Command = command;
    }

    /// <summary>The server's message, when it sent one.</summary>
    public string? Message { get; }

    /// <summary>True when no new run was started because a run with the same marker already existed.</summary>
    public bool Reattached { get; }

    /// <summary>The command that was asked for.</summary>
    public IReadOnlyList<string> Command { get; }
}
