using System.Text;

namespace Domino.Client.Ci;

/// <summary>The escaping rules of each CI system's log commands, and of the Markdown of job summaries.</summary>
internal static class CiEscaping
{
    /// <summary>GitHub workflow command data (after the last <c>::</c>): <c>%</c>, <c>\r</c>, <c>\n</c>.</summary>
    public static string GitHubData(string value) => value
        .Replace("%", "%25", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal)
        .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>GitHub workflow command property values: the data rules, and <c>:</c> and <c>,</c>.</summary>
    public static string GitHubProperty(string value) => GitHubData(value)
        .Replace(":", "%3A", StringComparison.Ordinal)
        .Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>Azure Pipelines logging command messages: <c>%</c>, <c>\r</c>, <c>\n</c>.</summary>
    public static string AzureData(string value) => value
        .Replace("%", "%AZP25", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal)
        .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Azure Pipelines logging command properties: the message rules, and <c>]</c> and <c>;</c>.</summary>
    public static string AzureProperty(string value) => AzureData(value)
        .Replace("]", "%5D", StringComparison.Ordinal)
        .Replace(";", "%3B", StringComparison.Ordinal);

    /// <summary>TeamCity service message values: <c>|</c>, <c>'</c>, <c>[</c>, <c>]</c>, line breaks, each escaped with <c>|</c>.</summary>
    public static string TeamCity(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '|' => "||",
                '\'' => "|'",
                '[' => "|[",
                ']' => "|]",
                '\n' => "|n",
                '\r' => "|r",
                '\u0085' => "|x",
                '\u2028' => "|l",
                '\u2029' => "|p",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>Text for one Markdown table cell: no line break, no unescaped <c>|</c>, no HTML.</summary>
    public static string MarkdownCell(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '|' => "\\|",
                '\\' => "\\\\",
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '`' => "\\`",
                '*' => "\\*",
                '_' => "\\_",
                '[' => "\\[",
                ']' => "\\]",
                '\r' or '\n' => " ",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>A URL for a Markdown link target: characters that would end or break the link are percent-encoded.</summary>
    public static string MarkdownUrl(Uri url) => url.AbsoluteUri
        .Replace("(", "%28", StringComparison.Ordinal)
        .Replace(")", "%29", StringComparison.Ordinal)
        .Replace(" ", "%20", StringComparison.Ordinal)
        .Replace("<", "%3C", StringComparison.Ordinal)
        .Replace(">", "%3E", StringComparison.Ordinal)
        .Replace("|", "%7C", StringComparison.Ordinal);
}
