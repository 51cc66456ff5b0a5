using Domino.Client;

namespace Domino.Cli.Hosting;

/// <summary>
/// What <c>domino</c> takes from the process it runs in: its streams, its environment, its signals and how it makes a
/// client. Tests give their own (string writers, a dictionary, a signal they press, a client they control).
/// </summary>
internal sealed class CliHost
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required IDominoEnvironment Environment { get; init; }

    /// <summary>Whether stderr is a terminal (colour is only for terminals).</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>Ctrl-C and SIGTERM.</summary>
    public required IDominoCancelSignal CancelSignal { get; init; }

    /// <summary>Makes the client for the resolved options; the default is the core's own.</summary>
    public Func<DominoClientOptions, DominoClient> CreateClient { get; init; } = static options => new DominoClient(options);

    /// <summary>The folder relative paths are resolved against.</summary>
    public string CurrentDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>The real process: the console's streams (UTF-8), its variables, Ctrl-C and SIGTERM.</summary>
    public static CliHost FromProcess() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        Environment = ProcessDominoEnvironment.Instance,
        ErrorIsTerminal = !Console.IsErrorRedirected,
        CancelSignal = DominoProcessCancelSignal.CtrlCAndTerminate,
    };
}
