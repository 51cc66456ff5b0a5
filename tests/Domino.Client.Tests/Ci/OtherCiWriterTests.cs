using Domino.Client.Ci;

namespace Domino.Client.Tests.Ci;

public class OtherCiWriterTests
{
    [Fact]
    public void Azure_folds_with_group_and_endgroup()
    {
        using var f = new CiFixture(DominoCiSystem.AzurePipelines);

        f.Writer.BeginFold(CiFixture.Run).Dispose();

        Assert.Equal([$"##[group]Domino run {CiFixture.RunId} (alice/churn-model)", "##[endgroup]"], f.Commands);
    }

    [Theory]
    [InlineData("##vso[task.setvariable variable=X]1", "# #vso[task.setvariable variable=X]1")]
    [InlineData("text ##vso[task.complete result=Failed]", "text # #vso[task.complete result=Failed]")]
    [InlineData("##VSO[task.logissue type=error]x", "# #VSO[task.logissue type=error]x")]
    [InlineData("##[error]fake", "# #[error]fake")]
    [InlineData("a\n##vso[x]", "a\n# #vso[x]")]
    [InlineData("### heading and #hash", "### heading and #hash")]
    public void Azure_never_lets_a_logging_command_through_unchanged(string line, string expected)
    {
        using var f = new CiFixture(DominoCiSystem.AzurePipelines);

        Assert.Equal(expected, f.Writer.Neutralise(line));
    }

    [Fact]
    public void Azure_failure_is_one_logissue_error_whose_quoted_output_carries_no_command()
    {
        using var f = new CiFixture(DominoCiSystem.AzurePipelines);

        f.Writer.ReportFailure(CiFixture.Run, "Failed", ["50% done", "##vso[task.setvariable variable=X]1"]);

        var command = Assert.Single(f.Commands);
        Assert.StartsWith("##vso[task.logissue type=error]Run " + CiFixture.RunId, command, StringComparison.Ordinal);
        Assert.EndsWith("%0A50%AZP25 done%0A# #vso[task.setvariable variable=X]1", command, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(command, "##vso["));
    }

    [Fact]
    public void Azure_outputs_are_output_variables_with_escaped_values()
    {
        using var f = new CiFixture(DominoCiSystem.AzurePipelines);

        f.Writer.SetOutputs([new(CiOutput.RunId, CiFixture.RunId), new(CiOutput.RunStatus, "a\nb%")]);

        Assert.Equal(
            [
                $"##vso[task.setvariable variable=DominoRunId;isOutput=true]{CiFixture.RunId}",
                "##vso[task.setvariable variable=DominoRunStatus;isOutput=true]a%0Ab%AZP25",
            ],
            f.Commands);
    }

    [Fact]
    public void Azure_summary_is_a_Markdown_file_in_the_agent_temp_folder_uploaded_with_uploadsummary()
    {
        using var f = new CiFixture(DominoCiSystem.AzurePipelines);

        f.Writer.AddSummary("run-" + CiFixture.RunId, "### Domino run " + CiFixture.Secret + "\n");

        var command = Assert.Single(f.Commands);
        Assert.StartsWith("##vso[task.uploadsummary]", command, StringComparison.Ordinal);
        var path = command["##vso[task.uploadsummary]".Length..];
        Assert.Equal(f.Folder, Path.GetDirectoryName(path));
        Assert.EndsWith(".md", path, StringComparison.Ordinal);
        Assert.Equal("### Domino run ***\n", File.ReadAllText(path));
    }

    [Fact]
    public void TeamCity_opens_and_closes_a_block_and_reports_a_build_problem_with_escaped_values()
    {
        using var f = new CiFixture(DominoCiSystem.TeamCity);

        f.Writer.BeginFold(CiFixture.Run).Dispose();
        f.Writer.ReportFailure(CiFixture.Run, "Failed", ["it's [bad] | ##teamcity[buildStatus status='SUCCESS']"]);

        var commands = f.Commands;
        Assert.Equal($"##teamcity[blockOpened name='Domino run {CiFixture.RunId} (alice/churn-model)']", commands[0]);
        Assert.Equal($"##teamcity[blockClosed name='Domino run {CiFixture.RunId} (alice/churn-model)']", commands[1]);
        Assert.StartsWith("##teamcity[buildProblem description='Run ", commands[2], StringComparison.Ordinal);
        Assert.Contains("|nit|'s |[bad|] || # #teamcity|[buildStatus status=|'SUCCESS|'|]' identity='domino-run-" + CiFixture.RunId + "']", commands[2], StringComparison.Ordinal);
        Assert.Equal("# #teamcity[message text='x']", f.Writer.Neutralise("##teamcity[message text='x']"));
    }

    [Fact]
    public void GitLab_folds_in_a_collapsed_section_and_output_cannot_forge_a_section_marker()
    {
        using var f = new CiFixture(DominoCiSystem.GitLab);

        f.Writer.BeginFold(CiFixture.Run).Dispose();

        var stamp = f.Time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(
            [
                $"\u001b[0Ksection_start:{stamp}:domino_run_{CiFixture.RunId}[collapsed=true]\r\u001b[0KDomino run {CiFixture.RunId} (alice/churn-model)",
                $"\u001b[0Ksection_end:{stamp}:domino_run_{CiFixture.RunId}\r\u001b[0K",
            ],
            f.Commands);
        Assert.Equal("\u001b[0K section_end:1:x", f.Writer.Neutralise("\u001b[0Ksection_end:1:x"));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
