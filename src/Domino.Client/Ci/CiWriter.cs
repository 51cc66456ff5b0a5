using System.Text;
using Domino.Client.Text;

namespace Domino.Client.Ci;

/// <summary>
/// Writes to one CI system: commands as log lines of their own (<see cref="DominoLogLevel.CiCommand"/>) and, where
/// the system reads them, files. Everything written is masked by the client's secret scrubber first.
/// </summary>
internal abstract class CiWriter
{
    /// <summary>A failure annotation carries at most this many characters of the run's last output lines.</summary>
    internal const int MaxFailureText = 4000;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    protected CiWriter(IDominoLogger log, SecretScrubber scrubber, IDominoEnvironment environment, TimeProvider time)
    {
        Log = log;
        Scrubber = scrubber;
        Environment = environment;
        Time = time;
    }

    /// <summary>The system written to.</summary>
    public abstract DominoCiSystem System { get; }

    protected IDominoLogger Log { get; }

    protected SecretScrubber Scrubber { get; }

    protected IDominoEnvironment Environment { get; }

    protected TimeProvider Time { get; }

    /// <summary>Creates the writer for <paramref name="system"/>; <see langword="null"/> for <see cref="DominoCiSystem.None"/>.</summary>
    public static CiWriter? For(DominoCiSystem system, IDominoLogger log, SecretScrubber scrubber, IDominoEnvironment environment, TimeProvider time) => system switch
    {
        DominoCiSystem.GitHubActions => new GitHubActionsWriter(log, scrubber, environment, time),
        DominoCiSystem.AzurePipelines => new AzurePipelinesWriter(log, scrubber, environment, time),
        DominoCiSystem.TeamCity => new TeamCityWriter(log, scrubber, environment, time),
        DominoCiSystem.GitLab => new GitLabWriter(log, scrubber, environment, time),
        _ => null,
    };

    /// <summary>Opens a fold around the run's streamed output; disposing the result closes it.</summary>
    public abstract IDisposable BeginFold(CiRunFacts run);

    /// <summary>
    /// Makes one line of text that is not a command of ours (run output, a log line quoting it, an error message)
    /// unable to act as a command of this system. Multi-line text is handled line by line.
    /// </summary>
    public virtual string Neutralise(string text) => text;

    /// <summary>Reports a run that ended without success: its status, URL and last output lines.</summary>
    public virtual void ReportFailure(CiRunFacts run, string status, IReadOnlyList<string> lastLines)
    {
    }

    /// <summary>Sets step outputs (values may span lines).</summary>
    public virtual void SetOutputs(IReadOnlyList<KeyValuePair<CiOutput, string>> outputs)
    {
    }

    /// <summary>Adds Markdown to the job summary; <paramref name="name"/> tells this piece apart from others (file names).</summary>
    public virtual void AddSummary(string name, string markdown)
    {
    }

    /// <summary>The failure text: what ended how, where to look, and the last lines of output.</summary>
    protected static string FailureText(CiRunFacts run, string status, IReadOnlyList<string> lastLines)
    {
        var text = $"Run {run.RunId} of {run.Project} ended {(string.IsNullOrEmpty(status) ? "(no status)" : status)}, not {DominoRunStatus.Succeeded}. See {run.Url}";
        if (lastLines.Count == 0)
        {
            return text;
        }

        var tail = string.Join("\n", lastLines);
        if (tail.Length > MaxFailureText)
        {
            tail = "..." + tail[^MaxFailureText..];
        }

        return text + $"\nLast {lastLines.Count} line(s) of its output:\n" + tail;
    }

    /// <summary>Writes one command line, masked.</summary>
    protected void Command(string line) => Log.Log(DominoLogLevel.CiCommand, Scrubber.Scrub(line));

    /// <summary>Appends masked text to a file the CI system reads; a failure is a warning naming the variable, never an error.</summary>
    protected void AppendToFile(string variable, string what, string text)
    {
        var path = Environment.GetVariable(variable);
        if (string.IsNullOrWhiteSpace(path))
        {
            Log.Log(DominoLogLevel.Verbose, $"{variable} is not set: no {what} written.");
            return;
        }

        WriteFile(path.Trim(), Scrubber.Scrub(text), append: true, $"{what} to {variable} ('{path.Trim()}')");
    }

    /// <summary>Writes a file, reporting a failure as a warning.</summary>
    protected bool WriteFile(string path, string text, bool append, string what)
    {
        try
        {
            if (append)
            {
                File.AppendAllText(path, text, Utf8NoBom);
            }
            else
            {
                File.WriteAllText(path, text, Utf8NoBom);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            Log.Log(DominoLogLevel.Warning, $"Could not write the {what}: {ex.Message} (turn the CI integration off to skip it).");
            return false;
        }
    }

    /// <summary>Applies <paramref name="line"/> to each line of <paramref name="text"/>, keeping the line breaks.</summary>
    protected static string PerLine(string text, Func<string, string> line)
    {
        if (text.IndexOf('\n', StringComparison.Ordinal) < 0 && text.IndexOf('\r', StringComparison.Ordinal) < 0)
        {
            return line(text);
        }

        var builder = new StringBuilder(text.Length + 8);
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\n' or '\r')
            {
                builder.Append(line(text[start..i])).Append(text[i]);
                start = i + 1;
            }
        }

        return builder.Append(line(text[start..])).ToString();
    }

    /// <summary>Closes a fold once.</summary>
    protected sealed class Fold(Action close) : IDisposable
    {
        private Action? _close = close;

        public void Dispose() => Interlocked.Exchange(ref _close, null)?.Invoke();
    }
}
