namespace Domino.Client.Tests.Ci;

/// <summary>
/// Reads a GitHub Actions <c>GITHUB_OUTPUT</c> (or <c>GITHUB_ENV</c>) file the way the runner does: <c>name=value</c>
/// lines, and <c>name&lt;&lt;delimiter</c> blocks whose value is every line up to a line equal to the delimiter, joined
/// with <c>\n</c>. Malformed content throws, as the runner fails the step.
/// </summary>
public static class GitHubOutputFile
{
    /// <summary>Every assignment in file order (a name may repeat; the runner keeps the last).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var result = new List<KeyValuePair<string, string>>();
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i++];
            if (line.Length == 0)
            {
                continue;
            }

            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (heredoc > 0 && (equals < 0 || heredoc < equals))
            {
                var name = line[..heredoc];
                var delimiter = line[(heredoc + 2)..];
                if (delimiter.Length == 0)
                {
                    throw new FormatException($"Line {i}: an empty delimiter.");
                }

                var value = new List<string>();
                while (true)
                {
                    if (i >= lines.Length)
                    {
                        throw new FormatException($"The delimiter '{delimiter}' of '{name}' is never closed.");
                    }

                    var next = lines[i++];
                    if (next == delimiter)
                    {
                        break;
                    }

                    value.Add(next);
                }

                result.Add(new(name, string.Join("\n", value)));
            }
            else if (equals > 0)
            {
                result.Add(new(line[..equals], line[(equals + 1)..]));
            }
            else
            {
                throw new FormatException($"Line {i} is neither 'name=value' nor 'name<<delimiter': '{line}'.");
            }
        }

        return result;
    }

    /// <summary>The values as the runner exposes them: the last assignment of each name wins.</summary>
    public static IReadOnlyDictionary<string, string> Read(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in Parse(text))
        {
            values[name] = value;
        }

        return values;
    }
}
