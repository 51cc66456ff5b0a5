using System.Text;

namespace Domino.Emulator.Internal.Runs;

/// <summary>
/// Splits a command line into arguments the way a POSIX shell splits words, without any expansion: blanks separate
/// words; <c>'...'</c> keeps everything literally; <c>"..."</c> keeps everything literally except that a backslash
/// escapes <c>"</c>, <c>\</c>, <c>$</c> and <c>`</c> (and removes a following newline); outside quotes a backslash
/// keeps the next character literally (and removes a following newline). <c>$</c>, <c>*</c>, <c>~</c>, <c>;</c>,
/// <c>|</c>, <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> and the rest are ordinary characters: nothing is expanded,
/// redirected or chained, because no shell runs the command.
/// </summary>
internal static class ShellWords
{
    /// <summary>Splits <paramref name="commandLine"/>; null and the reason when a quote is not closed or the line ends in a lone backslash.</summary>
    public static (List<string>? Words, string? Error) Split(string commandLine)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        int i = 0;
        while (i < commandLine.Length)
        {
            char c = commandLine[i];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                i++;
                continue;
            }

            inWord = true;
            switch (c)
            {
                case '\'':
                    {
                        int close = commandLine.IndexOf('\'', i + 1);
                        if (close < 0)
                        {
                            return (null, $"The single quote at position {i + 1} is never closed.");
                        }

                        word.Append(commandLine, i + 1, close - i - 1);
                        i = close + 1;
                        break;
                    }

                case '"':
                    {
                        int start = i;
                        i++;
                        while (true)
                        {
                            if (i >= commandLine.Length)
                            {
                                return (null, $"The double quote at position {start + 1} is never closed.");
                            }

                            char d = commandLine[i];
                            if (d == '"')
                            {
                                i++;
                                break;
                            }

                            if (d == '\\' && i + 1 < commandLine.Length && commandLine[i + 1] is '"' or '\\' or '$' or '`' or '\n')
                            {
                                if (commandLine[i + 1] != '\n')
                                {
                                    word.Append(commandLine[i + 1]);
                                }

                                i += 2;
                                continue;
                            }

                            word.Append(d);
                            i++;
                        }

                        break;
                    }

                case '\\':
                    if (i + 1 >= commandLine.Length)
                    {
                        return (null, "The command ends with a lone backslash; write \\\\ for a literal backslash.");
                    }

                    if (commandLine[i + 1] == '\n')
                    {
                        // A line continuation: removed, and it does not start a word by itself.
                        inWord = word.Length > 0 || (i > 0 && !char.IsWhiteSpace(commandLine[i - 1]));
                    }
                    else
                    {
                        word.Append(commandLine[i + 1]);
                    }

                    i += 2;
                    break;

                default:
                    word.Append(c);
                    i++;
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return (words, null);
    }

    /// <summary>
    /// Joins arguments into one command line that <see cref="Split"/> (and a POSIX shell) turns back into the same
    /// arguments: a plain argument stays as it is, any other goes between single quotes (a <c>'</c> inside as <c>'\''</c>).
    /// </summary>
    public static string Join(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(Quote));

    /// <summary>The argument as a shell word: unchanged when it holds only letters, digits and <c>@%_+=:,./-</c>, else single-quoted.</summary>
    public static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "@%_+=:,./-".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
