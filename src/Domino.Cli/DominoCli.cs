using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json.Nodes;
using Domino.Cli.Commands;
using Domino.Cli.Hosting;
using Domino.Cli.Output;

namespace Domino.Cli;

/// <summary>
/// <c>domino</c>: parses the command line, refuses a bad one with exit code 2 before anything is sent, and runs the
/// command with Ctrl-C and SIGTERM turned into a cancellation (the core then asks the run to stop; exit code 130).
/// </summary>
internal static class DominoCli
{
    public static RootCommand CreateParser(CliHost host, GlobalOptions global)
    {
        var root = new RootCommand(
            "domino: start Domino runs, stream their output, gate on their outcome and download their results, from any pipeline.")
        {
            RunCommands.Run(host, global),
            RunCommands.Wait(host, global),
            RunCommands.Logs(host, global),
            RunCommands.Stop(host, global),
            RunCommands.Status(host, global),
            RunCommands.Runs(host, global),
            RunCommands.Tiers(host, global),
            RunCommands.Environments(host, global),
            FileCommands.Files(host, global),
            FileCommands.Download(host, global),
            FileCommands.Upload(host, global),
        };
        foreach (var option in global.All)
        {
            root.Options.Add(option);
        }

        return root;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliHost host)
    {
        var global = new GlobalOptions();
        var parse = CreateParser(host, global).Parse(args);
        var unknown = UnknownOptions(parse).ToList();
        if (parse.Action is ParseErrorAction || unknown.Count > 0)
        {
            return UsageError(parse, unknown, host);
        }

        using var cancel = new CancellationTokenSource();
        using var registration = host.CancelSignal.Register(() =>
        {
            if (cancel.IsCancellationRequested)
            {
                return false; // A second Ctrl-C ends the process at once.
            }

            // The core says what it does about the run (stops it, or leaves it going for logs --follow).
            host.Error.WriteLine("Cancelling (press Ctrl-C again to quit at once)...");
            cancel.Cancel();
            return true;
        });

        var invocation = new InvocationConfiguration
        {
            Output = host.Out,
            Error = host.Error,
            // Ctrl-C and SIGTERM are ours: the run is stopped, which takes longer than the parser's grace period.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = true,
        };
        return await parse.InvokeAsync(invocation, cancel.Token).ConfigureAwait(false);
    }

    /// <summary>Each error, then the command's help (its right form), on stderr; in JSON mode also the one object on stdout.</summary>
    /// <summary>
    /// Words that look like options but are none, before <c>--</c>: the parser would take them as the run's command
    /// (<c>run --wiat -- main.py</c> would run <c>--wiat</c>), so they are refused instead.
    /// </summary>
    internal static IEnumerable<string> UnknownOptions(ParseResult parse) => parse.Tokens
        .TakeWhile(token => token.Type != TokenType.DoubleDash)
        .Where(token => token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-' && !double.TryParse(token.Value, CultureInfo.InvariantCulture, out _))
        .Select(token => $"Unrecognized option '{token.Value}': see the options below; the run's own command and its options go after '--', for example: domino run --wait -- main.py --epochs 3");

    private static int UsageError(ParseResult parse, IReadOnlyList<string> unknown, CliHost host)
    {
        var messages = parse.Errors.Select(e => e.Message).Concat(unknown).Distinct(StringComparer.Ordinal).ToList();
        foreach (var message in messages)
        {
            host.Error.WriteLine($"error: {message}");
        }

        var command = parse.CommandResult.Command;
        host.Error.WriteLine();
        parse.RootCommandResult.Command.Parse([.. CommandPath(parse), "--help"]).Invoke(new InvocationConfiguration { Output = host.Error });

        var json = parse.Tokens.Select(t => t.Value).ToList() is var tokens
            && tokens.Zip(tokens.Skip(1)).Any(pair => pair is ("--output" or "-o", "json"));
        if (json)
        {
            var result = new JsonObject
            {
                ["command"] = command.Name,
                ["exitCode"] = ExitCodes.Usage,
                ["error"] = new JsonObject { ["kind"] = "usage", ["message"] = string.Join(Environment.NewLine, messages) },
            };
            host.Out.WriteLine(result.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }

        host.Out.Flush();
        host.Error.Flush();
        return ExitCodes.Usage;
    }

    private static Stack<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result.Parent is CommandResult parent; result = parent)
        {
            names.Push(result.Command.Name);
        }

        return names;
    }
}
