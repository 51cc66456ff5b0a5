using System.Text;

namespace Domino.Client;

/// <summary>
/// Turns a command given as separate arguments into the one command line the v4 Jobs API takes (<c>commandToRun</c>),
/// quoting for a POSIX shell so that every argument reaches the program exactly as given.
/// </summary>
/// <remarks>
/// The rule: an argument made only of ASCII letters, digits and <c>_ @ % + = : , . / -</c> is written as it is
/// (<c>main.py</c>, <c>--epochs=3</c>, <c>data/in.csv</c>). Any other argument, including an empty one, is wrapped in
/// single quotes, and each single quote inside it is written <c>'\''</c> (close, escaped quote, reopen). Inside single
/// quotes a POSIX shell expands nothing: spaces, double quotes, <c>$HOME</c>, backslashes, <c>*</c> and newlines stay
/// literal. Arguments are joined with one space. For example <c>["main.py", "a b", "it's", "$HOME"]</c> becomes
/// <c>main.py 'a b' 'it'\''s' '$HOME'</c>.
/// </remarks>
public static class DominoCommandLine
{
    /// <summary>Quotes each argument (see the remarks of <see cref="DominoCommandLine"/>) and joins them with spaces.</summary>
    public static string Join(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return string.Join(' ', arguments.Select(Quote));
    }

    /// <summary>One argument, bare when it holds only safe characters, else in single quotes.</summary>
    public static string Quote(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.Length > 0 && argument.All(IsSafe))
        {
            return argument;
        }

        var quoted = new StringBuilder(argument.Length + 2).Append('\'');
        foreach (var c in argument)
        {
            quoted.Append(c == '\'' ? "'\\''" : c.ToString());
        }

        return quoted.Append('\'').ToString();
    }

    private static bool IsSafe(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '@' or '%' or '+' or '=' or ':' or ',' or '.' or '/' or '-';
}
