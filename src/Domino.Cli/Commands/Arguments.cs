using System.CommandLine;
using System.CommandLine.Parsing;
using Domino.Client;

namespace Domino.Cli.Commands;

/// <summary>Arguments and options several commands share, each checked while parsing so a bad value sends nothing.</summary>
internal static class Arguments
{
    private const string RunIdExample = "553af271e4b0364c0f717b24";
    private const string CommitExample = "a4dc3ec5b22e8e2a0cd1bbdcc8e1c4de8c6a2f3e";

    public static Argument<string> RunId()
    {
        var argument = new Argument<string>("RUN_ID") { Description = "The run's id: 24 lower-case hex characters, as printed by 'domino run'." };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!DominoIds.IsObjectId(value))
            {
                result.AddError($"RUN_ID '{value}' is not a run id: a Domino run id is 24 lower-case hex characters, for example {RunIdExample}.");
            }
        });
        return argument;
    }

    public static Argument<string> RunIdOrCommit()
    {
        var argument = new Argument<string>("RUN_ID|COMMIT") { Description = "A run's id (its results: the output commit) or a commit id (40 hex characters)." };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!DominoIds.IsObjectId(value) && !DominoIds.IsSha1(value))
            {
                result.AddError($"'{value}' is neither a run id (24 lower-case hex characters, for example {RunIdExample}) nor a commit id (40, for example {CommitExample}).");
            }
        });
        return argument;
    }

    public static Option<TimeSpan?> Timeout(string description) => Duration("--timeout", description);

    public static Option<TimeSpan?> MaxOutage() => Duration(
        "--max-outage", "How long a failing server (5xx, refused or reset connections) is tolerated while starting, waiting or downloading before giving up (exit code 5). Default: 5m.");

    private static Option<TimeSpan?> Duration(string name, string description)
    {
        return new Option<TimeSpan?>(name)
        {
            Description = description,
            HelpName = "DURATION",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (Durations.TryParse(text, out var value))
                {
                    return value;
                }

                result.AddError($"{name} '{text}' is not a duration: give a positive one, {Durations.Example}.");
                return null;
            },
        };
    }
}

/// <summary>What to download (<c>run --download</c>, <c>download</c>): the core's download options as flags.</summary>
internal sealed class DownloadOptions
{
    public Option<string?> RemotePath { get; } = new("--remote-path")
    {
        Description = "Only files under this folder of the project, for example results.",
        HelpName = "PATH",
    };

    public Option<string[]> Include { get; } = new("--include")
    {
        Description = "Only files matching one of these globs (*, ?, **; relative to the project root). Repeatable.",
        HelpName = "GLOB",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Exclude { get; } = new("--exclude")
    {
        Description = "Leave out files matching one of these globs. Repeatable.",
        HelpName = "GLOB",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> All { get; } = new("--all")
    {
        Description = "Download every file of the run's output commit, also those the run did not add or change (the project's own inputs).",
    };

    private const int MaxParallelismLimit = DominoDownloadOptions.MaxParallelismTextLimit;

    public Option<int?> MaxParallelism { get; } = new("--max-parallelism")
    {
        Description = $"The most files downloaded at once (1-{MaxParallelismLimit}); within it the download starts with 8 and takes more while that raises the throughput. Default: 32.",
        HelpName = "N",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
                && value is >= 1 and <= MaxParallelismLimit)
            {
                return value;
            }

            result.AddError($"--max-parallelism '{text}' is not a number of files from 1 to {MaxParallelismLimit}.");
            return null;
        },
    };

    public IEnumerable<Option> Options => [RemotePath, Include, Exclude, All, MaxParallelism];

    public DominoDownloadOptions Map(ParseResult parse, TimeSpan? maxOutage)
    {
        var options = new DominoDownloadOptions { RemotePath = parse.GetValue(RemotePath), IncludeUnchanged = parse.GetValue(All) };
        options.MaxOutage = maxOutage ?? options.MaxOutage;
        options.MaxParallelism = parse.GetValue(MaxParallelism) ?? options.MaxParallelism;
        foreach (var glob in parse.GetValue(Include) ?? [])
        {
            options.Include.Add(glob);
        }

        foreach (var glob in parse.GetValue(Exclude) ?? [])
        {
            options.Exclude.Add(glob);
        }

        return options;
    }
}
