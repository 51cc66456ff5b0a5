using Domino.Emulator.Internal.Runs;

namespace Domino.Emulator.Tests;

/// <summary>How a v4 <c>commandToRun</c> becomes arguments: POSIX shell word splitting, without any expansion.</summary>
public sealed class ShellWordsTests
{
    public static TheoryData<string, string[]> Splits => new()
    {
        { "main.py foo 1", ["main.py", "foo", "1"] },
        { "  main.py\t foo  ", ["main.py", "foo"] },
        { "main.py 'two words'", ["main.py", "two words"] },
        { "main.py \"two words\"", ["main.py", "two words"] },
        { "main.py 'it'\\''s'", ["main.py", "it's"] },
        { "main.py \"say \\\"hi\\\"\"", ["main.py", "say \"hi\""] },
        { "main.py '$HOME' \"$HOME\" $HOME \\$HOME", ["main.py", "$HOME", "$HOME", "$HOME", "$HOME"] },
        { "main.py a\\ b", ["main.py", "a b"] },
        { "main.py '' \"\"", ["main.py", "", ""] },
        { "main.py \"back\\\\slash\" 'back\\slash'", ["main.py", "back\\slash", "back\\slash"] },
        { "main.py \"keep \\n and \\x\"", ["main.py", "keep \\n and \\x"] },
        { "main.py a;b|c>d *.txt ~", ["main.py", "a;b|c>d", "*.txt", "~"] },
        { "main.py joined'single'\"double\"", ["main.py", "joinedsingledouble"] },
        { "main.py a\\\nb", ["main.py", "ab"] },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void Split_turns_a_command_line_into_the_arguments_a_POSIX_shell_would_pass(string commandLine, string[] expected)
    {
        (List<string>? words, string? error) = ShellWords.Split(commandLine);

        Assert.Null(error);
        Assert.Equal(expected, words);
    }

    [Theory]
    [InlineData("main.py 'open", "single quote at position 9")]
    [InlineData("main.py \"open", "double quote at position 9")]
    [InlineData("main.py end\\", "lone backslash")]
    public void Split_refuses_an_unclosed_quote_or_a_trailing_backslash_and_says_where(string commandLine, string expected)
    {
        (List<string>? words, string? error) = ShellWords.Split(commandLine);

        Assert.Null(words);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Join_quotes_hostile_arguments_so_that_Split_gives_them_back_unchanged()
    {
        string[] arguments = ["main.py", "two words", "it's", "\"quoted\"", "$HOME", "back\\slash", "", "a;b", "plain-1.0"];

        string line = ShellWords.Join(arguments);
        (List<string>? words, _) = ShellWords.Split(line);

        Assert.Equal(arguments, words);
        Assert.StartsWith("main.py 'two words' 'it'\\''s'", line);
        Assert.EndsWith(" plain-1.0", line);
    }
}
