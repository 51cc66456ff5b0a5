using System.Globalization;

namespace Domino.Client.Text;

/// <summary>
/// The one way durations and sizes are written for people, in every line the core and the front ends log, so one
/// log never mixes styles. Invariant culture: a log reads the same on every machine.
/// </summary>
public static class DominoFormat
{
    /// <summary>A duration: <c>850 ms</c>, <c>12.5 s</c>, <c>3 min 5 s</c>, <c>2 h 5 min</c>. Negative values count as zero.</summary>
    /// <param name="value">The duration.</param>
    /// <returns>The duration for people.</returns>
    public static string Duration(TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)value.TotalMilliseconds)} ms");
        }

        if (value < TimeSpan.FromMinutes(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.#} s");
        }

        return value < TimeSpan.FromHours(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{value.Minutes} min {value.Seconds} s")
            : string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalHours} h {value.Minutes} min");
    }

    /// <summary>A size in bytes: <c>512 B</c>, <c>1.5 KB</c>, <c>12.0 MB</c>, <c>2.00 GB</c> (binary units).</summary>
    /// <param name="bytes">The size.</param>
    /// <returns>The size for people.</returns>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.00} GB"),
    };
}
