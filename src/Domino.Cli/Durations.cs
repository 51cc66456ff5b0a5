using System.Globalization;
using System.Text.RegularExpressions;

namespace Domino.Cli;

/// <summary>Durations as people type them on a command line: <c>90s</c>, <c>45m</c>, <c>2h</c>, <c>1h30m</c>, or <c>01:30:00</c>.</summary>
internal static partial class Durations
{
    public const string Example = "for example 90s, 45m, 2h, 1h30m or 01:30:00";

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParseExact(text, ["c", @"h\:mm\:ss", @"hh\:mm\:ss", @"m\:ss"], CultureInfo.InvariantCulture, out value) && value > TimeSpan.Zero;
        }

        var match = Units().Match(text);
        if (!match.Success)
        {
            return false;
        }

        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitAt = part.Value.IndexOfAny(['d', 'h', 'm', 's']);
            var number = double.Parse(part.Value[..unitAt], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            value += part.Value[unitAt..] switch
            {
                "d" => TimeSpan.FromDays(number),
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "ms" => TimeSpan.FromMilliseconds(number),
                _ => TimeSpan.FromSeconds(number),
            };
        }

        return value > TimeSpan.Zero;
    }

    /// <summary>A duration the way <see cref="TryParse"/> reads it back: <c>1h30m</c>, <c>90s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value.TotalSeconds < 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)value.TotalMilliseconds}ms");
        }

        var text = string.Empty;
        if ((int)value.TotalHours > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"{(int)value.TotalHours}h");
        }

        if (value.Minutes > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"{value.Minutes}m");
        }

        if (value.Seconds > 0 || text.Length == 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"{value.Seconds}s");
        }

        return text;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|d|h|m|s))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Units();
}
