using Cake.Core.Diagnostics;
using Cake.Domino.Internal;

namespace Cake.Domino.Tests;

/// <summary>
/// docs/cake.md's Logging table, held by the lines the core really logs through the add-in's logger: each row is
/// quoted as the docs word it, and the line it names must come at the level and verbosity the row gives.
/// </summary>
public sealed class LoggingDocsTests : IDisposable
{
    private readonly RecordingCakeLog _log = new();
    private readonly ScriptedDomino _domino;

    public LoggingDocsTests()
    {
        _domino = new ScriptedDomino(new CakeDominoLogger(_log));
    }

    public void Dispose() => _domino.Dispose();

    /// <summary>The rows of docs/cake.md's Logging table: what, Cake level, shown at.</summary>
    private static IReadOnlyDictionary<string, (string Level, string ShownAt)> DocumentedRows()
    {
        var section = RepoFiles.Section("docs/cake.md", "## Logging");
        return section.Split('\n')
            .Where(line => line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("| what ", StringComparison.Ordinal))
            .Select(line => line.Trim().Trim('|').Split(" | "))
            .ToDictionary(cells => cells[0].Trim(), cells => (cells[1].Trim(), cells[2].Trim().Trim('`')));
    }

    /// <summary>A run that prints one line, whose status polls then get a 502 page three times, then that stays quiet for 6 min, then succeeds.</summary>
    private void WaitThroughEverything() =>
        _domino.Status("Running").BadGateway(3).Status("Running", 36).Status("Succeeded").Wait();

    private void AssertRow(string documented, Func<LogLine, bool> isTheLine)
    {
        var rows = DocumentedRows();
        Assert.True(rows.TryGetValue(documented, out var row), $"docs/cake.md's Logging table has no row '{documented}': {string.Join(" / ", rows.Keys)}");
        var lines = _log.Lines.Where(isTheLine).ToList();
        Assert.True(lines.Count > 0, $"No line for '{documented}' in:\n{_log.AllText}");
        Assert.All(lines, line =>
        {
            Assert.Equal(row.Level, line.Level.ToString());
            Assert.Equal(row.ShownAt, line.Verbosity.ToString().ToLowerInvariant());
        });
    }

    [Fact]
    public void Milestones_are_at_the_level_the_docs_give()
    {
        WaitThroughEverything();

        AssertRow("milestones: started (with URL), status changes, finished, files downloaded", line =>
            line.Text.StartsWith($"Waiting for run {ScriptedDomino.RunId}: https://", StringComparison.Ordinal)
            || line.Text == $"Run {ScriptedDomino.RunId}: Running (0 ms)"
            || line.Text == $"Run {ScriptedDomino.RunId}: Running -> Succeeded"
            || line.Text == $"Run {ScriptedDomino.RunId} succeeded (3.4 s).");
    }

    [Fact]
    public void The_quiet_run_line_is_at_the_level_the_docs_give()
    {
        WaitThroughEverything();

        AssertRow("\"still Running after ...; last output ... ago\", every 5 min while a run logs nothing", line =>
            line.Text.StartsWith($"Run {ScriptedDomino.RunId}: still Running after 5 min ", StringComparison.Ordinal) && line.Text.Contains("; last output ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_outage_warning_is_at_the_level_the_docs_give()
    {
        WaitThroughEverything();

        AssertRow("Domino failing: the first failed poll, then at most once a minute", line =>
            line.Text.StartsWith($"Domino answers 502 Bad Gateway (nginx) for run {ScriptedDomino.RunId}; still waiting, giving up in ", StringComparison.Ordinal));
        Assert.Single(_log.Lines, line => line.Text.StartsWith("Domino answers 502", StringComparison.Ordinal));
    }

    [Fact]
    public void The_runs_output_lines_are_at_the_level_the_docs_give()
    {
        WaitThroughEverything();

        AssertRow("the run's output lines, as they come", line => line.Text == ScriptedDomino.OutputLine);
    }

    [Fact]
    public void Polls_are_at_the_level_the_docs_give()
    {
        WaitThroughEverything();

        AssertRow("each poll of the run's status", line => line.Text.StartsWith($"Run {ScriptedDomino.RunId}: status poll ", StringComparison.Ordinal)
            || line.Text.StartsWith($"Run {ScriptedDomino.RunId}: Running (poll ", StringComparison.Ordinal));
    }

    [Fact]
    public void Requests_are_at_the_level_the_docs_give()
    {
        WaitThroughEverything();

        AssertRow("each HTTP request and retry", line => line.Text.StartsWith($"GET /v1/projects/alice/quick/runs/{ScriptedDomino.RunId} -> ", StringComparison.Ordinal));
    }

}
