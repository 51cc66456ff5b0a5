using System.Globalization;
using System.Text;
using Domino.Client.Text;

namespace Domino.Client.Ci;

/// <summary>The Markdown of the job summaries: a table for a run, and a table of the files downloaded from it.</summary>
internal static class CiSummary
{
    /// <summary>At most this many files are listed; the rest are counted in an "and N more" row.</summary>
    public const int MaxFileRows = 50;

    /// <summary>A run: project, run link, status word, duration, and hardware tier when known.</summary>
    public static string Run(CiRunFacts facts, DominoRun run)
    {
        var tier = string.IsNullOrWhiteSpace(run.HardwareTierId) ? null : run.HardwareTierId;
        var builder = new StringBuilder();
        builder.Append("### Domino run ").Append(CiEscaping.MarkdownCell(facts.RunId)).Append("\n\n");
        builder.Append("| Project | Run | Status | Duration |").Append(tier is null ? "" : " Hardware tier |").Append('\n');
        builder.Append("| --- | --- | --- | --- |").Append(tier is null ? "" : " --- |").Append('\n');
        builder.Append("| ").Append(CiEscaping.MarkdownCell(facts.Project))
            .Append(" | ").Append(Link(facts))
            .Append(" | ").Append(CiEscaping.MarkdownCell(string.IsNullOrEmpty(run.Status) ? "(no status)" : run.Status))
            .Append(" | ").Append(run.Duration is { } duration ? DominoFormat.Duration(duration) : "unknown")
            .Append(" |");
        if (tier is not null)
        {
            builder.Append(' ').Append(CiEscaping.MarkdownCell(tier)).Append(" |");
        }

        return builder.Append("\n\n").ToString();
    }

    /// <summary>
    /// The files a download wrote or found unchanged, with their sizes; at most <see cref="MaxFileRows"/> rows. Headed
    /// by a link to the run when known (<paramref name="run"/>), else by the commit.
    /// </summary>
    public static string Files(CiRunFacts? run, string project, DominoDownloadReport report)
    {
        var files = report.Written.Select(f => (File: f, Unchanged: false))
            .Concat(report.Skipped.Select(f => (File: f, Unchanged: true)))
            .OrderBy(f => f.File.RemotePath, StringComparer.Ordinal)
            .ToList();
        var builder = new StringBuilder();
        builder.Append("#### Files downloaded from ")
            .Append(run is null ? "commit " + CiEscaping.MarkdownCell(report.CommitId) : "run " + Link(run))
            .Append(" (").Append(CiEscaping.MarkdownCell(project)).Append(")\n\n");
        if (files.Count == 0)
        {
            builder.Append("No files matched.\n");
        }
        else
        {
            builder.Append("| File | Size |\n| --- | --- |\n");
            foreach (var (file, unchanged) in files.Take(MaxFileRows))
            {
                builder.Append("| ").Append(CiEscaping.MarkdownCell(file.RemotePath)).Append(unchanged ? " (unchanged)" : "")
                    .Append(" | ").Append(DominoFormat.Size(file.Size)).Append(" |\n");
            }

            if (files.Count > MaxFileRows)
            {
                builder.Append("| and ").Append((files.Count - MaxFileRows).ToString(CultureInfo.InvariantCulture)).Append(" more | |\n");
            }
        }

        if (report.Failed.Count > 0)
        {
            builder.Append('\n').Append(report.Failed.Count.ToString(CultureInfo.InvariantCulture)).Append(" file(s) failed to download.\n");
        }

        return builder.Append('\n').ToString();
    }

    private static string Link(CiRunFacts facts) => $"[{CiEscaping.MarkdownCell(facts.RunId)}]({CiEscaping.MarkdownUrl(facts.Url)})";
}
