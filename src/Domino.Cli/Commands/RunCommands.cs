using System.CommandLine;
using System.Text.Json.Nodes;
using Domino.Cli.Hosting;
using Domino.Cli.Output;
using Domino.Client;

namespace Domino.Cli.Commands;

/// <summary><c>run</c>, <c>wait</c>, <c>logs</c>, <c>stop</c>, <c>status</c>, <c>runs</c>: flags to core calls, results to the console.</summary>
internal static class RunCommands
{
    public static Command Run(CliHost host, GlobalOptions global)
    {
        var command = new Argument<string[]>("COMMAND") { Description = "The file to run and its arguments, after '--', for example: -- main.py --epochs 3", Arity = ArgumentArity.OneOrMore };
        var title = new Option<string?>("--title") { Description = "A title for the run.", HelpName = "TEXT" };
        var marker = new Option<string?>("--marker")
        {
            Description = "Identifies this logical run across retries of a CI job (for example the CI run id and attempt): a run already carrying it is reattached instead of starting another.",
            HelpName = "TEXT",
        };
        var tier = new Option<string?>("--hardware-tier") { Description = "The hardware tier, by name. Default: the project's.", HelpName = "TIER" };
        var commit = new Option<string?>("--commit") { Description = "The commit of the project to run (40 hex characters). Default: the latest.", HelpName = "COMMIT" };
        var environment = new Option<string?>("--environment") { Description = "The compute environment's id (see 'domino environments'). Default: the project's.", HelpName = "ID" };
        var branch = new Option<string?>("--branch") { Description = "Run a git-based project from this branch (not together with --commit).", HelpName = "BRANCH" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the run, streaming its output, and exit by its outcome." };
        var timeout = Arguments.Timeout("With --wait: give up after this long (exit code 124; the run keeps going).");
        var maxOutage = Arguments.MaxOutage();
        var download = new Option<string?>("--download") { Description = "Download the run's results into this folder (implies --wait).", HelpName = "DIR" };
        var downloadOptions = new DownloadOptions();

        var run = new Command("run", "Start a run; with --wait, stream its output and exit by its outcome; with --download, also download its results.")
        {
            command, title, marker, tier, commit, environment, branch, wait, timeout, maxOutage, download,
        };
        foreach (var option in downloadOptions.Options)
        {
            run.Options.Add(option);
        }

        run.SetAction((parse, cancellation) => Execute(new(host, parse, global, cancellation), "run", async (context, project, result) =>
        {
            var destination = parse.GetValue(download);
            var request = new DominoStartRunRequest
            {
                Command = parse.GetValue(command) ?? [],
                Title = parse.GetValue(title),
                Marker = parse.GetValue(marker),
                Tier = parse.GetValue(tier),
                CommitId = parse.GetValue(commit),
                EnvironmentId = parse.GetValue(environment),
                Branch = parse.GetValue(branch),
                MaxOutage = parse.GetValue(maxOutage) ?? TimeSpan.FromMinutes(5),
            };

            var started = await project.StartRunAsync(request, cancellation).ConfigureAwait(false);
            result["runId"] = started.RunId;
            result["runUrl"] = started.RunUrl.ToString();
            result["reattached"] = started.Reattached;
            if (!parse.GetValue(wait) && destination is null)
            {
                if (!context.Console.IsJson)
                {
                    context.Console.Result(started.RunId);
                }

                return ExitCodes.Success;
            }

            var done = await project.WaitForRunAsync(started.RunId, WaitOptions(parse.GetValue(timeout), parse.GetValue(maxOutage)), cancellation).ConfigureAwait(false);
            Json.AddRun(result, done, started.RunUrl);
            if (destination is not null)
            {
                var report = await project.DownloadResultsAsync(done.Id, context.FullPath(destination), downloadOptions.Map(parse, parse.GetValue(maxOutage)), cancellation).ConfigureAwait(false);
                context.AddDownload(result, report);
            }

            return ExitCodes.Success;
        }));
        return run;
    }

    public static Command Wait(CliHost host, GlobalOptions global)
    {
        var runId = Arguments.RunId();
        var timeout = Arguments.Timeout("Give up after this long (exit code 124; the run keeps going).");
        var maxOutage = Arguments.MaxOutage();
        var wait = new Command("wait", "Wait for a run, streaming its output, and exit by its outcome (0 only for Succeeded).") { runId, timeout, maxOutage };
        wait.SetAction((parse, cancellation) => Execute(new(host, parse, global, cancellation), "wait", async (context, project, result) =>
        {
            var id = parse.GetValue(runId)!;
            result["runId"] = id;
            var done = await project.WaitForRunAsync(id, WaitOptions(parse.GetValue(timeout), parse.GetValue(maxOutage)), cancellation).ConfigureAwait(false);
            Json.AddRun(result, done, project.GetRunUrl(id));
            return ExitCodes.Success;
        }));
        return wait;
    }

    public static Command Logs(CliHost host, GlobalOptions global)
    {
        var runId = Arguments.RunId();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing the output until the run ends (Ctrl-C stops following, not the run)." };
        var logs = new Command("logs", "Print a run's output.") { runId, follow };
        logs.SetAction((parse, cancellation) => Execute(new(host, parse, global, cancellation), "logs", async (context, project, result) =>
        {
            var id = parse.GetValue(runId)!;
            result["runId"] = id;
            if (parse.GetValue(follow))
            {
                context.Console.RunOutputIsResult = true;
                var options = new DominoWaitOptions { ThrowOnFailure = false, StopOnCancel = false, ResultsTimeout = TimeSpan.Zero };
                var done = await project.WaitForRunAsync(id, options, cancellation).ConfigureAwait(false);
                Json.AddRun(result, done, project.GetRunUrl(id));
                return ExitCodes.Success;
            }

            var output = await project.GetRunOutputAsync(id, cancellationToken: cancellation).ConfigureAwait(false);
            result["setup"] = output.Setup;
            result["output"] = output.Stdout;
            if (!context.Console.IsJson && output.Stdout.Length > 0)
            {
                context.Console.Result(output.Stdout.TrimEnd('\n', '\r'));
            }

            return ExitCodes.Success;
        }));
        return logs;
    }

    public static Command Stop(CliHost host, GlobalOptions global)
    {
        var runId = Arguments.RunId();
        var discard = new Option<bool>("--discard-results") { Description = "Throw away what the run wrote instead of saving it as its results." };
        var stop = new Command("stop", "Ask Domino to stop a run (its results are kept unless --discard-results).") { runId, discard };
        stop.SetAction((parse, cancellation) => Execute(new(host, parse, global, cancellation), "stop", async (context, project, result) =>
        {
            var id = parse.GetValue(runId)!;
            var commitResults = !parse.GetValue(discard);
            result["runId"] = id;
            result["commitResults"] = commitResults;
            await project.StopRunAsync(id, commitResults, cancellation).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return stop;
    }

    public static Command Status(CliHost host, GlobalOptions global)
    {
        var runId = Arguments.RunId();
        var status = new Command("status", "Show a run's status (exit code 0 whatever the status: use 'wait' to gate on it).") { runId };
        status.SetAction((parse, cancellation) => Execute(new(host, parse, global, cancellation), "status", async (context, project, result) =>
        {
            var id = parse.GetValue(runId)!;
            var run = await project.GetRunAsync(id, cancellation).ConfigureAwait(false);
            var url = project.GetRunUrl(id);
            Json.AddRun(result, run, url);
            if (!context.Console.IsJson)
            {
                Text.Run(context.Console, run, url);
            }

            return ExitCodes.Success;
        }));
        return status;
    }

    public static Command Runs(CliHost host, GlobalOptions global)
    {
        var limit = new Option<int>("--limit", "-n") { Description = "How many runs, most recently queued first.", HelpName = "N", DefaultValueFactory = _ => 20 };
        limit.Validators.Add(option =>
        {
            if (option.GetValueOrDefault<int>() <= 0)
            {
                option.AddError($"--limit {option.GetValueOrDefault<int>()} is not valid: give a positive number of runs, for example --limit 20.");
            }
        });
        var runs = new Command("runs", "List the project's runs, most recently queued first.") { limit };
        runs.SetAction((parse, cancellation) => Execute(new(host, parse, global, cancellation), "runs", async (context, project, result) =>
        {
            var list = (await project.ListRunsAsync(cancellation).ConfigureAwait(false)).Take(parse.GetValue(limit)).ToList();
            result["runs"] = new JsonArray(list.Select(r => (JsonNode)Json.Run(r, project.GetRunUrl(r.Id))).ToArray());
            if (!context.Console.IsJson)
            {
                Text.Runs(context.Console, list);
            }

            return ExitCodes.Success;
        }));
        return runs;
    }

    private static DominoWaitOptions WaitOptions(TimeSpan? timeout, TimeSpan? maxOutage)
    {
        var options = new DominoWaitOptions { Timeout = timeout };
        options.MaxOutage = maxOutage ?? options.MaxOutage;
        return options;
    }

    public static Command Tiers(CliHost host, GlobalOptions global)
    {
        var tiers = new Command("tiers", "List the hardware tiers the project's runs can use (for --hardware-tier).");
        tiers.SetAction((parse, cancellation) => Execute(new(host, parse, global, cancellation), "tiers", async (context, project, result) =>
        {
            var list = await project.ListHardwareTiersAsync(cancellation).ConfigureAwait(false);
            result["tiers"] = new JsonArray(list.Select(t => (JsonNode)new JsonObject { ["id"] = t.Id, ["name"] = t.Name, ["isDefault"] = t.IsDefault }).ToArray());
            if (!context.Console.IsJson)
            {
                Text.Table(context.Console, ["ID", "NAME", "DEFAULT"], list.Select(t => new[] { t.Id, t.Name, t.IsDefault ? "yes" : string.Empty }));
            }

            return ExitCodes.Success;
        }));
        return tiers;
    }

    public static Command Environments(CliHost host, GlobalOptions global)
    {
        var environments = new Command("environments", "List the compute environments the project's runs can use (for --environment).");
        environments.SetAction((parse, cancellation) => Execute(new(host, parse, global, cancellation), "environments", async (context, project, result) =>
        {
            var list = await project.ListEnvironmentsAsync(cancellation).ConfigureAwait(false);
            result["environments"] = new JsonArray(list.Select(e => (JsonNode)new JsonObject
            {
                ["id"] = e.Id, ["name"] = e.Name, ["visibility"] = e.Visibility, ["dockerImage"] = e.DockerImage,
            }).ToArray());
            if (!context.Console.IsJson)
            {
                Text.Table(context.Console, ["ID", "NAME"], list.Select(e => new[] { e.Id, e.Name }));
            }

            return ExitCodes.Success;
        }));
        return environments;
    }

    /// <summary>Connects, resolves the project, records it in the result and runs <paramref name="body"/>.</summary>
    internal static Task<int> Execute(Invocation invocation, string name, Func<CliContext, DominoProjectClient, JsonObject, Task<int>> body)
    {
        var context = new CliContext(invocation.Host, invocation.Parse, invocation.Global, invocation.Cancellation);
        return context.ExecuteAsync(name, async result =>
        {
            using var client = context.Connect();
            var project = context.Project(client);
            result["project"] = project.Project.ToString();
            return await body(context, project, result).ConfigureAwait(false);
        });
    }
}

/// <summary>What a command's action was handed: the host, the parse, the global options and the cancellation of Ctrl-C/SIGTERM.</summary>
internal sealed record Invocation(CliHost Host, ParseResult Parse, GlobalOptions Global, CancellationToken Cancellation);
