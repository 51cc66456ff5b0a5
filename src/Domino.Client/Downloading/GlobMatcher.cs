using System.Text;
using System.Text.RegularExpressions;

namespace Domino.Client.Downloading;

/// <summary>
/// Include/exclude glob filter on remote paths (relative to the project root, <c>/</c> separators), compiled once.
/// <c>*</c> matches within one segment, <c>?</c> one character other than <c>/</c>, <c>**</c> any number of
/// whole segments (zero included): <c>results/**/*.png</c> matches <c>results/a.png</c> and <c>results/x/y/a.png</c>.
/// Matching is case-sensitive, like the paths on the server. Every other character is literal.
/// </summary>
internal sealed class GlobMatcher
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex[] _include;
    private readonly Regex[] _exclude;

    public GlobMatcher(IEnumerable<string> include, IEnumerable<string> exclude)
    {
        _include = include.Select(p => Compile(p, "Include")).ToArray();
        _exclude = exclude.Select(p => Compile(p, "Exclude")).ToArray();
    }

    /// <summary>True when the path matches an include pattern (or there are none) and no exclude pattern.</summary>
    public bool IsMatch(string path) =>
        (_include.Length == 0 || AnyMatches(_include, path)) && !AnyMatches(_exclude, path);

    // A loop, not Any with a lambda: called once per listed file, and the closure was allocated for each.
    private static bool AnyMatches(Regex[] patterns, string path)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Turns one glob into an anchored regular expression (non-backtracking: paths come from the server).</summary>
    internal static Regex Compile(string glob, string optionName)
    {
        if (string.IsNullOrWhiteSpace(glob))
        {
            throw new ArgumentException($"An {optionName} glob pattern is empty.", optionName);
        }

        // Patterns are written by users, possibly with Windows separators; remote paths never have a leading slash.
        var pattern = glob.Trim().Replace('\\', '/').TrimStart('/');
        var segments = pattern.Split('/');
        var regex = new StringBuilder("^");
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment == "**")
            {
                // Zero or more whole segments. As the last segment it needs at least one (a file under the folder).
                regex.Append(last ? "[^/]+(/[^/]+)*" : "([^/]+/)*");
                continue;
            }

            AppendSegment(regex, segment);
            if (!last)
            {
                regex.Append('/');
            }
        }

        regex.Append('$');
        return new Regex(
            regex.ToString(),
            RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking,
            MatchTimeout);
    }

    private static void AppendSegment(StringBuilder regex, string segment)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            switch (c)
            {
                case '*':
                    // '**' inside a segment ('a**b') is the same as '*'.
                    while (i + 1 < segment.Length && segment[i + 1] == '*')
                    {
                        i++;
                    }

                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
    }
}
