using Domino.Client.Ci;

namespace Domino.Client.Tests.Ci;

public class GitHubActionsWriterTests
{
    [Fact]
    public void A_fold_groups_the_output_and_stops_commands_with_a_token_until_it_closes()
    {
        using var f = new CiFixture(DominoCiSystem.GitHubActions);

        using (f.Writer.BeginFold(CiFixture.Run))
        {
            f.Logger.Log(DominoLogLevel.RunOutput, "inside");
        }

        var lines = f.Logger.Lines.Select(l => l.Message).ToList();
        Assert.Equal($"::group::Domino run {CiFixture.RunId} (alice/churn-model)", lines[0]);
        Assert.StartsWith("::stop-commands::", lines[1], StringComparison.Ordinal);
        var token = lines[1]["::stop-commands::".Length..];
        Assert.Matches("^[0-9a-f]{32}$", token);
        Assert.Equal(["inside", $"::{token}::", "::endgroup::"], lines.Skip(2));
    }

    [Fact]
    public void Each_fold_has_its_own_token()
    {
        using var f = new CiFixture(DominoCiSystem.GitHubActions);

        f.Writer.BeginFold(CiFixture.Run).Dispose();
        f.Writer.BeginFold(CiFixture.Run).Dispose();

        var tokens = f.Commands.Where(c => c.StartsWith("::stop-commands::", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, tokens.Distinct().Count());
    }

    [Fact]
    public void Inside_a_fold_run_output_passes_unchanged_and_outside_a_command_line_is_broken_up()
    {
        using var f = new CiFixture(DominoCiSystem.GitHubActions);

        string inside;
        using (f.Writer.BeginFold(CiFixture.Run))
        {
            inside = f.Writer.Neutralise("::error::pwned");
        }

        Assert.Equal("::error::pwned", inside);
        Assert.Equal(": :error::pwned", f.Writer.Neutralise("::error::pwned"));
        Assert.Equal("Run failed.\n  : :warning::x\nplain", f.Writer.Neutralise("Run failed.\n  ::warning::x\nplain"));
        Assert.Equal("a :: b", f.Writer.Neutralise("a :: b"));
    }

    [Fact]
    public void A_failure_is_one_error_annotation_with_status_url_and_last_lines_escaped_onto_one_line()
    {
        using var f = new CiFixture(DominoCiSystem.GitHubActions);

        f.Writer.ReportFailure(CiFixture.Run, "Failed", ["Traceback: 100% bad", "::error::pwned"]);

        var command = Assert.Single(f.Commands);
        Assert.DoesNotContain('\n', command);
        Assert.Equal(
            $"::error title=Domino run Failed::Run {CiFixture.RunId} of alice/churn-model ended Failed, not Succeeded. See {CiFixture.Run.Url}"
            + "%0ALast 2 line(s) of its output:%0ATraceback: 100%25 bad%0A::error::pwned",
            command);
    }

    [Fact]
    public void A_status_with_a_colon_or_comma_cannot_end_the_title_property()
    {
        using var f = new CiFixture(DominoCiSystem.GitHubActions);

        f.Writer.ReportFailure(CiFixture.Run, "Odd:status,x", []);

        Assert.StartsWith("::error title=Domino run Odd%3Astatus%2Cx::", Assert.Single(f.Commands), StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_read_back_exactly_with_the_runner_file_format_even_across_lines()
    {
        using var f = new CiFixture(DominoCiSystem.GitHubActions);
        const string multiLine = "line one\nline two with name<<EOF\n\nlast=1";

        f.Writer.SetOutputs([new(CiOutput.RunId, CiFixture.RunId), new(CiOutput.RunStatus, multiLine), new(CiOutput.OutputCommit, "")]);

        Assert.Equal(CiFixture.RunId, f.Outputs["domino-run-id"]);
        Assert.Equal(multiLine, f.Outputs["domino-run-status"]);
        Assert.Equal("", f.Outputs["domino-output-commit"]);
        Assert.Empty(f.Commands);
    }

    [Fact]
    public void Outputs_use_a_new_random_delimiter_for_each_value()
    {
        using var f = new CiFixture(DominoCiSystem.GitHubActions);

        f.Writer.SetOutputs([new(CiOutput.RunId, "a"), new(CiOutput.RunUrl, "b")]);

        var delimiters = File.ReadAllLines(f.OutputFile).Where(l => l.Contains("<<", StringComparison.Ordinal)).Select(l => l[(l.IndexOf("<<", StringComparison.Ordinal) + 2)..]).ToList();
        Assert.Equal(2, delimiters.Count);
        Assert.NotEqual(delimiters[0], delimiters[1]);
        Assert.All(delimiters, d => Assert.Matches("^ghadelimiter_[0-9a-f-]{36}$", d));
    }

    [Fact]
    public void Outputs_are_appended_to_what_earlier_steps_wrote()
    {
        using var f = new CiFixture(DominoCiSystem.GitHubActions);
        File.WriteAllText(f.OutputFile, "earlier=kept\n");

        f.Writer.SetOutputs([new(CiOutput.RunId, CiFixture.RunId)]);

        Assert.Equal("kept", f.Outputs["earlier"]);
        Assert.Equal(CiFixture.RunId, f.Outputs["domino-run-id"]);
    }

    [Fact]
    public void A_value_containing_the_delimiter_is_refused_rather_than_ending_the_block_early()
    {
        Assert.Throws<InvalidOperationException>(() => GitHubActionsWriter.OutputBlock("domino-run-status", "x\nghadelimiter_1\ny", "ghadelimiter_1"));
    }

    [Fact]
    public void Credentials_never_reach_the_outputs_the_summary_or_the_annotation()
    {
        using var f = new CiFixture(DominoCiSystem.GitHubActions);

        f.Writer.SetOutputs([new(CiOutput.RunStatus, "x " + CiFixture.Secret)]);
        f.Writer.AddSummary("run", "| " + CiFixture.Secret + " |");
        f.Writer.ReportFailure(CiFixture.Run, "Failed", ["token=" + CiFixture.Secret]);

        Assert.DoesNotContain(CiFixture.Secret, File.ReadAllText(f.OutputFile), StringComparison.Ordinal);
        Assert.DoesNotContain(CiFixture.Secret, f.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(CiFixture.Secret, Assert.Single(f.Commands), StringComparison.Ordinal);
        Assert.Equal("x ***", f.Outputs["domino-run-status"]);
    }

    [Fact]
    public void The_summary_is_appended_to_the_step_summary_file()
    {
        using var f = new CiFixture(DominoCiSystem.GitHubActions);
        File.WriteAllText(f.SummaryFile, "# Earlier step\n");

        f.Writer.AddSummary("run", "### Domino run x\n");

        Assert.Equal("# Earlier step\n### Domino run x\n", f.Summary);
    }

    [Fact]
    public void Without_the_output_file_variable_nothing_is_written_and_nothing_fails()
    {
        using var f = new CiFixture(DominoCiSystem.GitHubActions);
        f.Variables.Remove("GITHUB_OUTPUT");

        f.Writer.SetOutputs([new(CiOutput.RunId, CiFixture.RunId)]);

        Assert.Equal("", File.ReadAllText(f.OutputFile));
        Assert.Contains(f.Logger.Lines, l => l.Level == DominoLogLevel.Verbose && l.Message.Contains("GITHUB_OUTPUT is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unwritable_output_file_is_a_warning_naming_the_variable_not_a_failure()
    {
        using var f = new CiFixture(DominoCiSystem.GitHubActions);
        f.Variables["GITHUB_OUTPUT"] = Path.Combine(f.Folder, "missing-folder", "out");

        f.Writer.SetOutputs([new(CiOutput.RunId, CiFixture.RunId)]);

        var warning = Assert.Single(f.Logger.Lines, l => l.Level == DominoLogLevel.Warning).Message;
        Assert.Contains("step outputs to GITHUB_OUTPUT", warning, StringComparison.Ordinal);
    }
}
