using System.Globalization;
using Domino.Client;
using Domino.Client.Ci;
using Microsoft.Build.Framework;

namespace Domino.MSBuild;

/// <summary>
/// Parses the tasks' text parameters. Booleans, numbers and durations are taken as text so that a malformed value
/// is a coded error (DOM002) naming the parameter, not an MSBuild conversion error.
/// </summary>
internal static class TaskParameters
{
    public static bool ParseBool(string? value, string name, bool defaultValue)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return defaultValue;
        }

        switch (value.Trim().ToUpperInvariant())
        {
            case "TRUE":
            case "YES":
            case "ON":
                return true;
            case "FALSE":
            case "NO":
            case "OFF":
                return false;
            default:
                throw DominoTaskException.Parameter($"{name} '{value}' is not a boolean: use true or false.");
        }
    }

    public static DominoCiIntegration ParseCiIntegration(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DominoCiIntegration.Auto;
        }

        return value.Trim().ToUpperInvariant() switch
        {
            "AUTO" => DominoCiIntegration.Auto,
            "OFF" => DominoCiIntegration.Off,
            _ => throw DominoTaskException.Parameter($"{name} '{value}' is not valid: use Auto (report to the CI system the build runs in) or Off (the property DominoCiIntegration sets it for the DominoRun target)."),
        };
    }

    /// <summary>Where the API mode comes from, for messages about it.</summary>
    public const string ApiModeSource =
        $"The API mode is the task's Api parameter (the DominoApi property for the DominoRun target), else the environment variable {DominoEnvironmentVariables.ApiMode}, else Auto.";

    /// <summary><c>Auto</c>, <c>V4</c> or <c>V1</c> in any case; empty means unset (the environment decides).</summary>
    public static DominoApiMode? ParseApiMode(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return value.Trim().ToUpperInvariant() switch
        {
            "AUTO" => DominoApiMode.Auto,
            "V4" => DominoApiMode.V4,
            "V1" => DominoApiMode.V1,
            _ => throw new DominoTaskException(
                DominoErrorCodes.InvalidApiMode,
                $"{name} '{value}' is not an API mode: give Auto (the v4 Jobs API where the server has it, else v1), V4 or V1, for example {name}=\"V1\" "
                + $"(-p:DominoApi=V1 for the DominoRun target). It wins over the environment variable {DominoEnvironmentVariables.ApiMode}."),
        };
    }

    public static int? ParsePositiveInt(string? value, string name, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) && result >= 1 && result <= max)
        {
            return result;
        }

        throw DominoTaskException.Parameter($"{name} '{value}' is not valid: give a whole number from 1 to {max}.");
    }

    /// <summary>A duration: a number of seconds (<c>90</c>, <c>1.5</c>) or a time span (<c>00:30:00</c>, <c>1.02:00:00</c>).</summary>
    public static TimeSpan? ParseDuration(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        TimeSpan result;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (double.IsFinite(seconds) && seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }
        else if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out result) && result > TimeSpan.Zero)
        {
            return result;
        }

        throw DominoTaskException.Parameter(
            $"{name} '{value}' is not a positive duration: give seconds (for example 1800) or hours:minutes:seconds (for example 00:30:00).");
    }

    /// <summary>A <c>;</c>-separated list, empty entries dropped, each entry trimmed.</summary>
    public static IReadOnlyList<string> SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value)
            ? Array.Empty<string>()
            : value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static string RequireRunId(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw DominoTaskException.Parameter(
                $"{name} is empty: pass the RunId output of DominoStartRun, for example {name}=\"$(RunId)\".");
        }

        var runId = value.Trim();
        if (!DominoIds.IsObjectId(runId))
        {
            throw DominoTaskException.Parameter(
                $"{name} '{value}' is not a Domino run id: a run id is 24 lower-case hex characters, for example 553af271e4b0364c0f717b24.");
        }

        return runId;
    }

    public static string? OptionalCommitId(string? value, string name)
    {
        var commitId = Trimmed(value);
        if (commitId is not null && !DominoIds.IsSha1(commitId))
        {
            throw DominoTaskException.Parameter(
                $"{name} '{value}' is not a Domino commit id: a commit id is 40 lower-case hex characters (a SHA-1).");
        }

        return commitId;
    }

    /// <summary>
    /// Runs a check of the core and turns its <see cref="ArgumentException"/> into a coded parameter error naming the
    /// task's parameter: <paramref name="parameterOf"/> maps the core's property name to it.
    /// </summary>
    public static void Check(Action check, Func<string, string?> parameterOf)
    {
        try
        {
            check();
        }
        catch (ArgumentException exception)
        {
            var parameter = exception.ParamName is { } name ? parameterOf(name) : null;
            var reason = FirstLine(exception.Message);
            throw DominoTaskException.Parameter(parameter is null ? reason : $"{parameter} is not valid: {char.ToLowerInvariant(reason[0])}{reason[1..]}");
        }
    }

    public static IReadOnlyList<string> ItemSpecs(ITaskItem[]? items) =>
        items is null ? Array.Empty<string>() : items.Select(static item => item.ItemSpec).ToArray();

    /// <summary>The message without the "(Parameter 'x')" and "Actual value" lines .NET appends.</summary>
    public static string FirstLine(string message)
    {
        var end = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        var line = end < 0 ? message : message[..end];
        var newline = line.IndexOfAny(['\r', '\n']);
        return newline < 0 ? line : line[..newline];
    }
}
