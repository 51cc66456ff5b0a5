using System.Text;

namespace Domino.Emulator.Internal;

/// <summary>
/// Formats run output the way Domino's v1 output endpoint does: one HTML <c>pre</c> block, text HTML-escaped,
/// stderr lines in a red <c>span</c>, each line followed by a line break (a plain newline, or <c>'\n'</c> and a newline).
/// </summary>
internal static class OutputFormatter
{
    public const string Prefix = "<pre style='white-space: pre-wrap; white-space: -moz-pre-wrap; white-space: -pre-wrap; white-space: -o-pre-wrap; word-wrap: break-word; word-wrap: break-all;'>";
    public const string Suffix = "</pre>";
    public const string StderrSpanStart = "<span style='color: #d9534f;'>";
    public const string SpanEnd = "</span>";

    public static string Format(IReadOnlyList<LogEntry> lines, bool quotedLineBreaks)
    {
        var text = new StringBuilder(Prefix);
        string lineBreak = quotedLineBreaks ? "'\\n'\n" : "\n";
        foreach (LogEntry line in lines)
        {
            if (line.LogType == LogTypes.Stderr)
            {
                text.Append(StderrSpanStart);
                AppendEscaped(text, line.Log);
                text.Append(SpanEnd);
            }
            else
            {
                AppendEscaped(text, line.Log);
            }

            text.Append(lineBreak);
        }

        return text.Append(Suffix).ToString();
    }

    public static void AppendEscaped(StringBuilder text, string value)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '&': text.Append("&amp;"); break;
                case '<': text.Append("&lt;"); break;
                case '>': text.Append("&gt;"); break;
                case '"': text.Append("&quot;"); break;
                case '\'': text.Append("&#39;"); break;
                default: text.Append(c); break;
            }
        }
    }
}
