using Domino.Client;

namespace Domino.Cli.Output;

/// <summary>
/// The core's log on the console: requests at diagnostic, polls at detailed, milestones and the run's output at
/// normal, warnings and CI commands always. Credentials are masked by the core before lines get here.
/// </summary>
internal sealed class ConsoleDominoLogger(CliConsole console) : IDominoLogger
{
    /// <summary>Requests (below diagnostic) and polls (below detailed) are not even built.</summary>
    public bool IsEnabled(DominoLogLevel level) => level switch
    {
        DominoLogLevel.Debug => console.Verbosity >= Verbosity.Diagnostic,
        DominoLogLevel.Verbose => console.Verbosity >= Verbosity.Detailed,
        _ => true,
    };

    public void Log(DominoLogLevel level, string message)
    {
        message ??= string.Empty;
        switch (level)
        {
            case DominoLogLevel.Debug:
                console.Diagnostic(message);
                break;
            case DominoLogLevel.Verbose:
                console.Detail(message);
                break;
            case DominoLogLevel.RunOutput:
                console.RunOutput(message);
                break;
            case DominoLogLevel.CiCommand:
                console.CiCommand(message);
                break;
            case DominoLogLevel.Warning:
                console.Warning(message);
                break;
            default:
                console.Information(message);
                break;
        }
    }
}
