using Domino.Client.Text;

namespace Domino.Client.Ci;

/// <summary>
/// GitHub Actions, after <c>@actions/core</c>: <c>::group::</c> folds, <c>::error</c> annotations, outputs as
/// <c>name&lt;&lt;delimiter</c> blocks appended to <c>GITHUB_OUTPUT</c>, Markdown appended to <c>GITHUB_STEP_SUMMARY</c>.
/// Inside a fold, workflow commands are stopped (<c>::stop-commands::&lt;token&gt;</c> ... <c>::&lt;token&gt;::</c>)
/// with a random token the run's output cannot know; outside, a line that would start a command is broken up.
/// </summary>
internal sealed class GitHubActionsWriter(IDominoLogger log, SecretScrubber scrubber, IDominoEnvironment environment, TimeProvider time)
    : CiWriter(log, scrubber, environment, time)
{
    /// <summary>The file of step outputs.</summary>
    public const string OutputVariable = "GITHUB_OUTPUT";

    /// <summary>The file of the job summary.</summary>
    public const string SummaryVariable = "GITHUB_STEP_SUMMARY";

    private int _stopped;

    public override DominoCiSystem System => DominoCiSystem.GitHubActions;

    public override IDisposable BeginFold(CiRunFacts run)
    {
        Command("::group::" + CiEscaping.GitHubData(run.Title));
        var token = NewToken();
        Command($"::stop-commands::{token}");
        Interlocked.Increment(ref _stopped);
        return new Fold(() =>
        {
            Interlocked.Decrement(ref _stopped);
            Command($"::{token}::");
            Command("::endgroup::");
        });
    }

    /// <summary>
    /// The runner acts on a line that starts with <c>::</c> after leading blanks. Inside a fold commands are stopped, so
    /// lines pass unchanged; elsewhere such a line gets a space between the colons.
    /// </summary>
    public override string Neutralise(string text) =>
        Volatile.Read(ref _stopped) > 0 ? text : PerLine(text, Break);

    public override void ReportFailure(CiRunFacts run, string status, IReadOnlyList<string> lastLines)
    {
        var title = $"Domino run {(string.IsNullOrEmpty(status) ? "(no status)" : status)}";
        var text = Scrubber.Scrub(FailureText(run, status, lastLines));
        Command($"::error title={CiEscaping.GitHubProperty(Scrubber.Scrub(title))}::{CiEscaping.GitHubData(text)}");
    }

    public override void SetOutputs(IReadOnlyList<KeyValuePair<CiOutput, string>> outputs)
    {
        var text = new System.Text.StringBuilder();
        foreach (var (output, value) in outputs)
        {
            text.Append(OutputBlock(output.GitHubName, Scrubber.Scrub(value), NewDelimiter()));
        }

        AppendToFile(OutputVariable, "step outputs", text.ToString());
    }

    public override void AddSummary(string name, string markdown) =>
        AppendToFile(SummaryVariable, "job summary", markdown);

    /// <summary>One output in the file format <c>@actions/core</c> writes: <c>name&lt;&lt;delimiter</c>, the value, the delimiter.</summary>
    internal static string OutputBlock(string name, string value, string delimiter)
    {
        if (name.Contains(delimiter, StringComparison.Ordinal) || value.Contains(delimiter, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The output '{name}' contains its delimiter; it cannot be written.");
        }

        return $"{name}<<{delimiter}\n{value}\n{delimiter}\n";
    }

    private static string Break(string line)
    {
        var start = 0;
        while (start < line.Length && char.IsWhiteSpace(line[start]))
        {
            start++;
        }

        return string.CompareOrdinal(line, start, "::", 0, 2) == 0 ? line[..(start + 1)] + " " + line[(start + 1)..] : line;
    }

    private static string NewToken() => Guid.NewGuid().ToString("N");

    private static string NewDelimiter() => "ghadelimiter_" + Guid.NewGuid().ToString("D");
}
