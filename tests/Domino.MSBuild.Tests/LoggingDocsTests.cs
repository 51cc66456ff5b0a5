using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Domino.MSBuild.Tests;

/// <summary>
/// docs/msbuild.md's "Logging" list, held by the lines the core really logs through the tasks' logger: each
/// statement is quoted as the docs word it, and the line it names must come with the importance (or as the
/// warning) it gives.
/// </summary>
public sealed class LoggingDocsTests : IDisposable
{
    private readonly TestEngine _engine = new();
    private readonly ScriptedDomino _domino;

    public LoggingDocsTests()
    {
        _domino = new ScriptedDomino(new TaskLogger(new TaskLoggingHelper(_engine.Mock.Object, "DominoWaitForRun")));
    }

    public void Dispose() => _domino.Dispose();

    /// <summary>docs/msbuild.md, its lines joined (a statement may wrap).</summary>
    private static string Docs() =>
        string.Join(' ', File.ReadAllText(RepoFiles.PathOf("docs/msbuild.md")).Split('\n').Select(line => line.Trim()));

    /// <summary>A run that prints one line, whose status polls then get a 502 page three times, then that stays quiet for 6 min, then succeeds.</summary>
    private void WaitThroughEverything() =>
        _domino.Status("Running").BadGateway(3).Status("Running", 36).Status("Succeeded").Wait();

    private MessageImportance ImportanceOf(Func<string, bool> isTheLine)
    {
        var messages = _engine.Messages.Where(m => isTheLine(m.Message ?? string.Empty)).ToList();
        Assert.True(messages.Count > 0, "No such message in:\n" + string.Join('\n', _engine.AllText));
        return Assert.Single(messages.Select(m => m.Importance).Distinct());
    }

    [Fact]
    public void The_runs_output_lines_are_high_importance_as_the_docs_say()
    {
        Assert.Contains("the run's own output lines are high-importance messages too, so they show at the default verbosity", Docs(), StringComparison.Ordinal);

        WaitThroughEverything();

        Assert.Equal(MessageImportance.High, ImportanceOf(text => text == ScriptedDomino.OutputLine));
    }

    [Fact]
    public void The_quiet_run_line_is_normal_importance_as_the_docs_say()
    {
        Assert.Contains(
            "\"still Running after ...; last output ... ago\" (every 5 minutes while a run logs nothing) are normal-importance messages, shown from `-v:normal` on.",
            Docs(), StringComparison.Ordinal);

        WaitThroughEverything();

        Assert.Equal(MessageImportance.Normal, ImportanceOf(text =>
            text.StartsWith($"Run {ScriptedDomino.RunId}: still Running after 5 min ", StringComparison.Ordinal) && text.Contains("; last output ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_failing_Domino_is_warning_DOM020_at_its_first_failed_poll_as_the_docs_say()
    {
        Assert.Contains("A failing Domino is warning `DOM020` at its first failed poll, repeated at most once a minute", Docs(), StringComparison.Ordinal);

        WaitThroughEverything();

        var warning = Assert.Single(_engine.Warnings);
        Assert.Equal("DOM020", warning.Code);
        Assert.StartsWith($"Domino answers 502 Bad Gateway (nginx) for run {ScriptedDomino.RunId}; still waiting, giving up in ", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requests_and_polls_are_low_importance_as_the_docs_say()
    {
        Assert.Contains("Requests and polls are low-importance messages (`-v:detailed`), retries included", Docs(), StringComparison.Ordinal);

        WaitThroughEverything();

        Assert.Equal(MessageImportance.Low, ImportanceOf(text => text.StartsWith($"GET /v1/projects/alice/quick/runs/{ScriptedDomino.RunId} -> ", StringComparison.Ordinal)));
        Assert.Equal(MessageImportance.Low, ImportanceOf(text =>
            text.StartsWith($"Run {ScriptedDomino.RunId}: Running (poll ", StringComparison.Ordinal) || text.StartsWith($"Run {ScriptedDomino.RunId}: status poll ", StringComparison.Ordinal)));
    }

}
