using Domino.Client.Ci;

namespace Domino.Client.Tests.Ci;

public class CiDetectionAndEscapingTests
{
    [Theory]
    [InlineData("GITHUB_ACTIONS", "true", DominoCiSystem.GitHubActions)]
    [InlineData("TF_BUILD", "True", DominoCiSystem.AzurePipelines)]
    [InlineData("TEAMCITY_VERSION", "2025.07 (build 190000)", DominoCiSystem.TeamCity)]
    [InlineData("GITLAB_CI", "true", DominoCiSystem.GitLab)]
    [InlineData("GITHUB_ACTIONS", "false", DominoCiSystem.None)]
    [InlineData("TF_BUILD", "", DominoCiSystem.None)]
    [InlineData("CI", "true", DominoCiSystem.None)]
    public void Detect_names_the_CI_system_from_its_own_variable(string name, string value, DominoCiSystem expected)
    {
        var environment = new DictionaryDominoEnvironment(new Dictionary<string, string?> { [name] = value });

        Assert.Equal(expected, DominoCiDetection.Detect(environment));
    }

    [Fact]
    public void GitHub_data_escapes_percent_and_line_breaks_and_properties_also_colon_and_comma()
    {
        Assert.Equal("100%25 done%0D%0Anext: a, b", CiEscaping.GitHubData("100% done\r\nnext: a, b"));
        Assert.Equal("100%25 done%0Anext%3A a%2C b", CiEscaping.GitHubProperty("100% done\nnext: a, b"));
    }

    [Fact]
    public void GitHub_escaping_is_not_undone_twice_by_an_already_escaped_sequence()
    {
        // "%0A" in the text must reach the log as the text "%0A", not as a line break.
        Assert.Equal("literal %250A", CiEscaping.GitHubData("literal %0A"));
    }

    [Fact]
    public void Azure_messages_escape_percent_and_line_breaks_and_properties_also_semicolon_and_bracket()
    {
        Assert.Equal("50%AZP25%0D%0A;]", CiEscaping.AzureData("50%\r\n;]"));
        Assert.Equal("50%AZP25%0A%3B%5D", CiEscaping.AzureProperty("50%\n;]"));
    }

    [Fact]
    public void TeamCity_values_escape_bar_quote_brackets_and_line_breaks_with_a_bar()
    {
        Assert.Equal("a||b |'c|' |[d|] |n|r", CiEscaping.TeamCity("a|b 'c' [d] \n\r"));
    }

    [Fact]
    public void A_Markdown_cell_cannot_end_the_cell_break_the_row_or_carry_HTML()
    {
        Assert.Equal("a\\|b c &lt;script&gt;", CiEscaping.MarkdownCell("a|b\nc <script>"));
    }
}
