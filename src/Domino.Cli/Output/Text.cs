using System.Globalization;
using Domino.Client;

namespace Domino.Cli.Output;

/// <summary>The text shapes of results on stdout: one fact a line, columns separated by two spaces or more.</summary>
internal static class Text
{
    public static void Run(CliConsole console, DominoRun run, Uri url)
    {
        console.Result($"run:       {run.Id}");
        console.Result($"status:    {run.Status}");
        if (run.Title is { Length: > 0 } title)
        {
            console.Result($"title:     {title}");
        }

        console.Result($"queued:    {Time(run.Queued)}");
        console.Result($"started:   {Time(run.Started)}");
        console.Result($"completed: {Time(run.Completed)}");
        if (run.Duration is { } duration)
        {
            console.Result($"duration:  {Durations.Format(duration)}");
        }

        if (run.OutputCommitId is { } results)
        {
            console.Result($"results:   {results}");
        }

        console.Result($"url:       {url}");
    }

    public static void Runs(CliConsole console, IReadOnlyList<DominoRun> runs)
    {
        var statusWidth = Math.Max("STATUS".Length, runs.Select(r => r.Status.Length).DefaultIfEmpty(0).Max());
        console.Result($"{"RUN",-24}  {"STATUS".PadRight(statusWidth)}  {"QUEUED",-20}  TITLE");
        foreach (var run in runs)
        {
            console.Result($"{run.Id,-24}  {run.Status.PadRight(statusWidth)}  {Time(run.Queued),-20}  {run.Title}".TrimEnd());
        }
    }

    public static void Files(CliConsole console, IReadOnlyList<DominoFile> files)
    {
        foreach (var file in files)
        {
            console.Result(string.Create(CultureInfo.InvariantCulture, $"{file.Size,12}  {file.Path}"));
        }
    }

    /// <summary>Columns padded to their widest cell, two spaces apart, a header first.</summary>
    public static void Table(CliConsole console, IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header.ToArray()).ToList();
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            console.Result(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    private static string Time(DateTimeOffset? value) =>
        value is { } time ? time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
