using Cake.Core.Diagnostics;
using Domino.Client;

namespace Cake.Domino.Internal;

/// <summary>
/// Writes the client's messages to Cake's log: requests at Debug (diagnostic), polls at Verbose, milestones and
/// the run's output at Information, CI commands at every verbosity, warnings at Warning. Credentials are masked by the core before lines get here.
/// </summary>
internal sealed class CakeDominoLogger : IDominoLogger
{
    private readonly ICakeLog _log;
    private readonly object _gate = new();

    public CakeDominoLogger(ICakeLog log)
    {
        _log = log;
    }

    public static (Verbosity Verbosity, LogLevel Level) Map(DominoLogLevel level) => level switch
    {
        DominoLogLevel.Debug => (Verbosity.Diagnostic, LogLevel.Debug),
        DominoLogLevel.Verbose => (Verbosity.Verbose, LogLevel.Verbose),
        DominoLogLevel.Information => (Verbosity.Normal, LogLevel.Information),
        DominoLogLevel.RunOutput => (Verbosity.Normal, LogLevel.Information),
        DominoLogLevel.Warning => (Verbosity.Minimal, LogLevel.Warning),
        DominoLogLevel.CiCommand => (Verbosity.Quiet, LogLevel.Information),
        _ => (Verbosity.Normal, LogLevel.Information),
    };

    public void Log(DominoLogLevel level, string message)
    {
        var (verbosity, logLevel) = Map(level);
        Write(verbosity, logLevel, message);
    }

    /// <summary>Lines above the script's verbosity (requests below Diagnostic, polls below Verbose) are not even built.</summary>
    public bool IsEnabled(DominoLogLevel level) => _log.Verbosity >= Map(level).Verbosity;

    private void Write(Verbosity verbosity, LogLevel level, string message)
    {
        // The message is passed as an argument, never as the format: braces in run output must survive.
        lock (_gate)
        {
            _log.Write(verbosity, level, "{0}", message ?? string.Empty);
        }
    }
}

/// <summary>The add-in's own lines, written through the (credential-masking) logger of the client options.</summary>
internal static class DominoLoggerExtensions
{
    public static void Information(this IDominoLogger logger, string message) => logger.Log(DominoLogLevel.Information, message);

    public static void Verbose(this IDominoLogger logger, string message) => logger.Log(DominoLogLevel.Verbose, message);

    public static void Warning(this IDominoLogger logger, string message) => logger.Log(DominoLogLevel.Warning, message);
}
