using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Domino.Client.Text;

/// <summary>Turns the HTML Domino sends (run output, proxy error pages) into plain text.</summary>
internal static partial class HtmlText
{
    /// <summary>
    /// Run output keeps its lines: tags (the <c>&lt;pre&gt;</c> wrapper, <c>&lt;span&gt;</c>s) are removed, the
    /// <c>'\n'</c>+newline break form becomes one newline, <c>&lt;br&gt;</c> a newline, entities are decoded.
    /// </summary>
    public static string OutputToText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return string.Empty;
        }

        // Only the markup Domino wraps output in is removed: a run's own "<module>" (every Python traceback) or
        // "List<int>" is text, whether the server escaped it (v1) or not (the incremental log endpoint).
        var text = BreakTag().Replace(html, "\n");
        text = WebUtility.HtmlDecode(OutputMarkupTag().Replace(text, string.Empty));

        // After decoding, so the form is found whether or not its quotes came as entities.
        return text.Replace("'\\n'\r\n", "\n", StringComparison.Ordinal).Replace("'\\n'\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>An error body reduced to one line: scripts and styles dropped, tags to spaces, entities decoded, whitespace collapsed.</summary>
    public static string ToSingleLine(string html)
    {
        var text = RemoveScriptsAndStyles(html);
        text = Tag().Replace(text, " ");
        text = WebUtility.HtmlDecode(text);
        return CollapseWhitespace(text);
    }

    public static string CollapseWhitespace(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>Cuts <paramref name="text"/> to about <paramref name="max"/> characters, marking the cut.</summary>
    public static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max).TrimEnd(), "...");

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BreakTag();

    // A tag starts with a letter (or '/', '!' for closing tags and comments/doctype), so "a < b" survives.
    [GeneratedRegex(@"<[/!]?[a-zA-Z][^<>]*>|<!--.*?-->", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"</?(?:pre|span|br|div|p|a|b|i|u|em|strong|font|code|tt|samp|kbd)\b[^<>]*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex OutputMarkupTag();

    /// <summary>
    /// Drops <c>&lt;script&gt;</c> and <c>&lt;style&gt;</c> elements (an unclosed one runs to the end) in one pass: a regex
    /// with a lazy match and a back-reference took seconds on a page of unclosed tags, which any server can send.
    /// </summary>
    private static string RemoveScriptsAndStyles(string html)
    {
        var result = new StringBuilder(html.Length);
        int nextScript = -2, nextStyle = -2;
        var i = 0;
        while (i < html.Length)
        {
            if (nextScript != -1 && nextScript < i)
            {
                nextScript = FindOpening(html, "<script", i);
            }

            if (nextStyle != -1 && nextStyle < i)
            {
                nextStyle = FindOpening(html, "<style", i);
            }

            var open = nextScript < 0 ? nextStyle : nextStyle < 0 ? nextScript : Math.Min(nextScript, nextStyle);
            if (open < 0)
            {
                result.Append(html, i, html.Length - i);
                break;
            }

            result.Append(html, i, open - i).Append(' ');
            var close = html.IndexOf(open == nextScript ? "</script" : "</style", open, StringComparison.OrdinalIgnoreCase);
            var end = close < 0 ? -1 : html.IndexOf('>', close);
            if (end < 0)
            {
                break;
            }

            i = end + 1;
        }

        return result.ToString();
    }

    /// <summary>The next <paramref name="tag"/> (e.g. <c>&lt;script</c>) from <paramref name="start"/> that is a whole tag name, or -1.</summary>
    private static int FindOpening(string html, string tag, int start)
    {
        for (var at = html.IndexOf(tag, start, StringComparison.OrdinalIgnoreCase); at >= 0; at = html.IndexOf(tag, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var after = at + tag.Length;
            if (after == html.Length || !(char.IsLetterOrDigit(html[after]) || html[after] is '_' or '-'))
            {
                return at;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
