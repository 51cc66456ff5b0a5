using Cake.Core.Diagnostics;
using Domino.Client;

namespace Cake.Domino.Internal;

/// <summary>
/// Writes the client's messages to Cake's log: requests at Debug (diagnostic), polls at Verbose, milestones and
/// the run's output at Information, warnings at Warning. Any credential that reaches a message is masked.
/// </summary>
internal sealed class CakeDominoLogger : IDominoLogger
{
    private const string Mask = "***";
    private readonly ICakeLog _log;
    private readonly string[] _secrets;
    private readonly object _gate = new();

    public CakeDominoLogger(ICakeLog log, IEnumerable<string?> secrets)
    {
        _log = log;
        _secrets = secrets
            .Where(s => !string.IsNullOrWhiteSpace(s) && s!.Trim().Length >= 4)
            .Select(s => s!.Trim())
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    public static (Verbosity Verbosity, LogLevel Level) Map(DominoLogLevel level) => level switch
    {
        DominoLogLevel.Debug => (Verbosity.Diagnostic, LogLevel.Debug),
        DominoLogLevel.Verbose => (Verbosity.Verbose, LogLevel.Verbose),
        DominoLogLevel.Information => (Verbosity.Normal, LogLevel.Information),
        DominoLogLevel.RunOutput => (Verbosity.Normal, LogLevel.Information),
        DominoLogLevel.Warning => (Verbosity.Minimal, LogLevel.Warning),
        _ => (Verbosity.Normal, LogLevel.Information),
    };

    public void Log(DominoLogLevel level, string message)
    {
        var (verbosity, logLevel) = Map(level);
        Write(verbosity, logLevel, message);
    }

    public void Information(string message) => Write(Verbosity.Normal, LogLevel.Information, message);

    public void Verbose(string message) => Write(Verbosity.Verbose, LogLevel.Verbose, message);

    public void Warning(string message) => Write(Verbosity.Minimal, LogLevel.Warning, message);

    /// <summary>Masks every known credential in <paramref name="text"/>.</summary>
    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    private void Write(Verbosity verbosity, LogLevel level, string message)
    {
        // The message is passed as an argument, never as the format: braces in run output must survive.
        var text = Redact(message ?? string.Empty);
        lock (_gate)
        {
            _log.Write(verbosity, level, "{0}", text);
        }
    }
}
