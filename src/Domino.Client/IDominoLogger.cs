namespace Domino.Client;

/// <summary>How important a log line is. Each front end maps these onto its own log.</summary>
public enum DominoLogLevel
{
    /// <summary>Each HTTP request and retry (Cake: Debug; MSBuild: low importance).</summary>
    Debug,

    /// <summary>Each poll of a run's status (Cake: Verbose; MSBuild: low importance).</summary>
    Verbose,

    /// <summary>Milestones: run started, status changed, finished, files downloaded.</summary>
    Information,

    /// <summary>A line of the run's own output, streamed while waiting.</summary>
    RunOutput,

    /// <summary>Something the user should look at that does not fail the operation.</summary>
    Warning,

    /// <summary>
    /// A command for the CI system the build runs in (a fold, an annotation, a step output): write it unchanged, as a
    /// line of its own, whatever the verbosity (Cake: Quiet; MSBuild: high importance). See <see cref="Ci.DominoCiIntegration"/>.
    /// </summary>
    CiCommand,
}

/// <summary>
/// The one channel through which the core reports progress. The core never writes to the console;
/// messages never contain credentials.
/// </summary>
public interface IDominoLogger
{
    /// <summary>Writes one message.</summary>
    void Log(DominoLogLevel level, string message);

    /// <summary>
    /// Whether messages of <paramref name="level"/> are written anywhere. The core asks before building the lines it
    /// writes per request and per file (thousands in a download), so a log that hides them costs nothing. Defaults to
    /// <see langword="true"/>.
    /// </summary>
    bool IsEnabled(DominoLogLevel level) => true;
}

/// <summary>A logger that discards everything.</summary>
public sealed class NullDominoLogger : IDominoLogger
{
    /// <summary>The shared instance.</summary>
    public static NullDominoLogger Instance { get; } = new();

    /// <inheritdoc />
    public void Log(DominoLogLevel level, string message)
    {
    }

    /// <inheritdoc />
    public bool IsEnabled(DominoLogLevel level) => false;
}
