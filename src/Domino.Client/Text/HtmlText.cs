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

    /// <summary>
    /// An HTML page (a proxy's error page, a login page) reduced to a short phrase: its <c>&lt;title&gt;</c>, else its first
    /// <c>&lt;h1&gt;</c>, with the rest of its text in parentheses when that is short (a proxy's signature such as
    /// <c>nginx</c>); <c>502 Bad Gateway (nginx)</c>. A page with neither gives the start of its text.
    /// </summary>
    public static string Summarize(string html)
    {
        var text = ToSingleLine(html);
        var heading = FirstElementText(html, "title") ?? FirstElementText(html, "h1");
        if (heading is null)
        {
            return Truncate(text, MaxSummaryRest);
        }

        // The rest: the text without the heading, nor the first h1 when the title already says it (nginx repeats it).
        var rest = RemoveFirst(text, heading);
        if (FirstElementText(html, "h1") is { } h1 && heading.Contains(h1, StringComparison.OrdinalIgnoreCase))
        {
            rest = RemoveFirst(rest, h1);
        }

        rest = CollapseWhitespace(rest);
        return rest.Length == 0 ? heading : $"{heading} ({Truncate(rest, MaxSummaryRest)})";
    }

    /// <summary>How much of a page's text beyond its heading <see cref="Summarize"/> keeps.</summary>
    internal const int MaxSummaryRest = 100;

    public static string CollapseWhitespace(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>Cuts <paramref name="text"/> to about <paramref name="max"/> characters, marking the cut.</summary>
    public static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max).TrimEnd(), "...");

    /// <summary>The text of the first <paramref name="tag"/> element (e.g. <c>title</c>), found in one pass; <see langword="null"/> when none or empty.</summary>
    private static string? FirstElementText(string html, string tag)
    {
        var open = FindOpening(html, "<" + tag, 0);
        var contentStart = open < 0 ? -1 : html.IndexOf('>', open);
        var close = contentStart < 0 ? -1 : html.IndexOf("</" + tag, contentStart, StringComparison.OrdinalIgnoreCase);
        if (close < 0)
        {
            return null;
        }

        var inner = html.Substring(contentStart + 1, close - contentStart - 1);
        var text = CollapseWhitespace(WebUtility.HtmlDecode(Tag().Replace(inner, " ")));
        return text.Length == 0 ? null : Truncate(text, MaxSummaryRest);
    }

    private static string RemoveFirst(string text, string part)
    {
        var at = text.IndexOf(part, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), " ", text.AsSpan(at + part.Length));
    }

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
