namespace Domino.Client.Tests.Jobs;

public class CommandLineTests
{
    [Theory]
    [InlineData("main.py", "main.py")]
    [InlineData("--epochs=3", "--epochs=3")]
    [InlineData("data/in.csv", "data/in.csv")]
    [InlineData("user@host:1,2+3%", "user@host:1,2+3%")]
    [InlineData("", "''")]
    [InlineData("two words", "'two words'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME", "'$HOME'")]
    [InlineData("a\\b", "'a\\b'")]
    [InlineData("\"quoted\"", "'\"quoted\"'")]
    [InlineData("*.csv", "'*.csv'")]
    [InlineData("line1\nline2", "'line1\nline2'")]
    [InlineData("café", "'café'")]
    public void Quote_leaves_safe_arguments_bare_and_single_quotes_the_rest(string argument, string expected) =>
        Assert.Equal(expected, DominoCommandLine.Quote(argument));

    [Fact]
    public void Join_quotes_each_argument_and_joins_with_one_space() =>
        Assert.Equal("main.py 'a b' 'it'\\''s' '$HOME'", DominoCommandLine.Join(["main.py", "a b", "it's", "$HOME"]));

    [Fact]
    public async Task Join_output_gives_the_arguments_back_through_a_real_POSIX_shell()
    {
        // Given hostile arguments
        string[] arguments = ["two words", "it's", "$HOME", "back\\slash", "\"dq\"", "`id`", "a;b", "*", "tab\there"];
        if (!File.Exists("/bin/sh"))
        {
            return;
        }

        // When sh parses the joined line and prints each argument on its own line
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", "for a in " + DominoCommandLine.Join(arguments) + "; do printf '%s\\n' \"$a\"; done"])
        {
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        // Then every argument comes back exactly
        Assert.Equal(arguments, output.TrimEnd('\n').Split('\n'));
    }
}
