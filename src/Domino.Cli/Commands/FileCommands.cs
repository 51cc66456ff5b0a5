using System.CommandLine;
using System.Text.Json.Nodes;
using Domino.Cli.Hosting;
using Domino.Cli.Output;
using Domino.Client;

namespace Domino.Cli.Commands;

/// <summary><c>files</c>, <c>download</c>, <c>upload</c>.</summary>
internal static class FileCommands
{
    public static Command Files(CliHost host, GlobalOptions global)
    {
        var target = Arguments.RunIdOrCommit();
        var path = new Option<string?>("--path") { Description = "Only files under this folder, for example results.", HelpName = "PATH" };
        var files = new Command("files", "List the files of a run's results or of a commit: size and path, one a line.") { target, path };
        files.SetAction((parse, cancellation) => RunCommands.Execute(new(host, parse, global, cancellation), "files", async (context, project, result) =>
        {
            var commit = await CommitOfAsync(project, parse.GetValue(target)!, result, cancellation).ConfigureAwait(false);
            var list = await project.ListFilesAsync(commit, parse.GetValue(path), cancellation).ConfigureAwait(false);
            result["files"] = new JsonArray(list.Select(f => (JsonNode)Json.RemoteFile(f)).ToArray());
            if (!context.Console.IsJson)
            {
                Text.Files(context.Console, list);
            }

            return ExitCodes.Success;
        }));
        return files;
    }

    public static Command Download(CliHost host, GlobalOptions global)
    {
        var target = Arguments.RunIdOrCommit();
        var destination = new Argument<string>("DIR") { Description = "The folder to download into (created when missing)." };
        var options = new DownloadOptions();
        var maxOutage = Arguments.MaxOutage();
        var download = new Command("download", "Download a run's results (or a commit's files) into a folder: atomic, verified, parallel, skipping unchanged files.") { target, destination, maxOutage };
        foreach (var option in options.Options)
        {
            download.Options.Add(option);
        }

        download.SetAction((parse, cancellation) => RunCommands.Execute(new(host, parse, global, cancellation), "download", async (context, project, result) =>
        {
            var id = parse.GetValue(target)!;
            var folder = context.FullPath(parse.GetValue(destination)!);
            var report = DominoIds.IsObjectId(id)
                ? await project.DownloadResultsAsync(id, folder, options.Map(parse, parse.GetValue(maxOutage)), cancellation).ConfigureAwait(false)
                : await project.DownloadCommitAsync(id, folder, options.Map(parse, parse.GetValue(maxOutage)), cancellation).ConfigureAwait(false);
            if (DominoIds.IsObjectId(id))
            {
                result["runId"] = id;
            }

            context.AddDownload(result, report);
            if (!context.Console.IsJson)
            {
                foreach (var file in report.Written.Concat(report.Skipped).OrderBy(f => f.RemotePath, StringComparer.Ordinal))
                {
                    context.Console.Result(file.LocalPath);
                }
            }

            return ExitCodes.Success;
        }));
        return download;
    }

    public static Command Upload(CliHost host, GlobalOptions global)
    {
        var local = new Argument<string>("LOCAL") { Description = "The file to upload." };
        var remote = new Argument<string>("REMOTE") { Description = "Its path in the project, for example data/input.csv." };
        var upload = new Command("upload", "Upload a file to the project (a new revision of the file at REMOTE).") { local, remote };
        upload.SetAction((parse, cancellation) => RunCommands.Execute(new(host, parse, global, cancellation), "upload", async (context, project, result) =>
        {
            var path = context.FullPath(parse.GetValue(local)!);
            if (!File.Exists(path))
            {
                throw new CliUsageException($"LOCAL '{parse.GetValue(local)}' does not exist ({path}): give the path of a file to upload.");
            }

            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                var file = await project.UploadFileAsync(parse.GetValue(remote)!, stream, cancellation).ConfigureAwait(false);
                result["file"] = Json.RemoteFile(file);
                if (!context.Console.IsJson)
                {
                    context.Console.Result(file.Path);
                }
            }

            return ExitCodes.Success;
        }));
        return upload;
    }

    /// <summary>The commit itself, or the run's output commit (its results).</summary>
    private static async Task<string> CommitOfAsync(DominoProjectClient project, string id, JsonObject result, CancellationToken cancellation)
    {
        if (DominoIds.IsSha1(id))
        {
            result["commitId"] = id;
            return id;
        }

        var run = await project.GetRunAsync(id, cancellation).ConfigureAwait(false);
        result["runId"] = id;
        var commit = run.OutputCommitId ?? throw new DominoException(
            $"Run {id} has no results yet (status {run.Status}): wait for it with 'domino wait {id}' first. {project.GetRunUrl(id)}");
        result["commitId"] = commit;
        return commit;
    }
}
