using Domino.Client;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Domino.MSBuild;

/// <summary>
/// Carries the core's log lines into the MSBuild log: requests, retries and polls as low-importance messages,
/// milestones as normal ones, the run's own output and CI commands as high-importance messages, warnings with code DOM020.
/// Serialised, because the core may log from several threads (parallel downloads). The core masks credentials.
/// </summary>
internal sealed class TaskLogger : IDominoLogger
{
    private readonly TaskLoggingHelper _log;
    private readonly object _gate = new();

    // Whether the build's loggers take low-importance messages (a binary log does; the console at normal verbosity
    // does not): asked once, the engine's answer holds for the build.
    private readonly Lazy<bool> _logsLowImportance;

    public TaskLogger(TaskLoggingHelper log)
    {
        _log = log;
        _logsLowImportance = new Lazy<bool>(() => log.LogsMessagesOfImportance(MessageImportance.Low));
    }

    /// <summary>Requests and polls (low importance) are not even built when no logger of the build takes them.</summary>
    public bool IsEnabled(DominoLogLevel level) =>
        level is not (DominoLogLevel.Debug or DominoLogLevel.Verbose) || _logsLowImportance.Value;

    public void Log(DominoLogLevel level, string message)
    {
        var text = message ?? string.Empty;
        lock (_gate)
        {
            switch (level)
            {
                case DominoLogLevel.Debug:
                case DominoLogLevel.Verbose:
                    _log.LogMessage(MessageImportance.Low, text);
                    break;
                case DominoLogLevel.RunOutput:
                case DominoLogLevel.CiCommand:
                    _log.LogMessage(MessageImportance.High, text);
                    break;
                case DominoLogLevel.Warning:
                    _log.LogWarning(
                        "Domino", DominoErrorCodes.ClientWarning, null, DominoErrorCodes.HelpLink(DominoErrorCodes.ClientWarning),
                        null, 0, 0, 0, 0, text);
                    break;
                default:
                    _log.LogMessage(MessageImportance.Normal, text);
                    break;
            }
        }
    }
}
