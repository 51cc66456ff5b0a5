using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Domino.Client.Http;
using Domino.Client.Text;

namespace Domino.Client.Downloading;

/// <summary>
/// Downloads the files of a commit (or a run's output commit) into a local folder: filters them, refuses unsafe
/// paths, skips unchanged files, streams the rest in parallel to <c>.partial</c> files moved into place once
/// complete, retries failed files, reports progress and writes a manifest. Built per call from the project client,
/// whose virtual methods it calls (so tests can mock them) and whose options give time, logging and randomness.
/// </summary>
internal sealed class ResultDownloader
{
    private const int MaxFailuresInMessage = 5;

    private readonly DominoProjectClient _client;
    private readonly DominoClientOptions _options;

    public ResultDownloader(DominoProjectClient client)
    {
        _client = client;
        _options = client.Options;
    }

    private IDominoLogger Logger => _client.Logger;

    private TimeProvider Time => _options.TimeProvider;

    public async Task<DominoDownloadReport> DownloadResultsAsync(string runId, string destinationFolder, DominoDownloadOptions? options, CancellationToken cancellationToken)
    {
        DominoIds.RequireRunId(runId);
        RequireFolder(destinationFolder);
        options = Validate(options);
        var budget = NewBudget(options, $"the results of run {runId}", () => _client.GetRunUrl(runId));
        var run = await budget.CallAsync(ct => _client.GetRunAsync(runId, ct), cancellationToken).ConfigureAwait(false);
        return await DownloadRunAsync(run, destinationFolder, options, budget, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DominoDownloadReport> DownloadResultsAsync(DominoRun run, string destinationFolder, DominoDownloadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        DominoIds.RequireRunId(run.Id, nameof(run));
        RequireFolder(destinationFolder);
        options = Validate(options);
        return await DownloadRunAsync(run, destinationFolder, options, NewBudget(options, $"the results of run {run.Id}", () => _client.GetRunUrl(run.Id)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<DominoDownloadReport> DownloadCommitAsync(string commitId, string destinationFolder, DominoDownloadOptions? options, CancellationToken cancellationToken)
    {
        // Everything the caller gave is checked before any request.
        DominoIds.RequireCommitId(commitId);
        RequireFolder(destinationFolder);
        options = Validate(options);
        return await DownloadCoreAsync(commitId, destinationFolder, options, null, NewBudget(options, $"the download of commit {commitId}", null), cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<DominoDownloadReport> DownloadRunAsync(DominoRun run, string destinationFolder, DominoDownloadOptions options, OutageBudget budget, CancellationToken cancellationToken)
    {
        var runId = run.Id;
        if (string.IsNullOrEmpty(run.OutputCommitId))
        {
            var state = run.IsFinished
                ? $"it finished ({run.Status}) but its results are not saved yet"
                : $"it has not finished (status {(string.IsNullOrEmpty(run.Status) ? "unknown" : run.Status)})";
            throw new DominoException(
                $"The run {runId} has no results yet: {state}, so it has no output commit. "
                + "Wait for the run to finish (WaitForRunAsync waits for its results too) before downloading them.");
        }

        if (!DominoIds.IsSha1(run.OutputCommitId))
        {
            throw new DominoException(
                $"The run {runId} gives '{Text.HtmlText.Truncate(run.OutputCommitId, 50)}' as its output commit, which is not a commit id (40 hexadecimal characters): "
                + "the server's answer is not what Domino sends; check the host.");
        }

        Logger.Log(DominoLogLevel.Debug, $"Run {runId} saved its results as commit {run.OutputCommitId}.");
        RunInput? input = null;
        if (!options.IncludeUnchanged)
        {
            if (run.CommitId is { } inputCommit && DominoIds.IsSha1(inputCommit))
            {
                input = new RunInput(runId, inputCommit);
            }
            else
            {
                Logger.Log(DominoLogLevel.Warning,
                    $"Run {runId} names no input commit, so what it changed cannot be told apart from what it was given: every file of its output commit is downloaded.");
            }
        }

        return await DownloadCoreAsync(run.OutputCommitId, destinationFolder, options, input, budget, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The destination must be a folder, or a path where one can be made: a file there (or in place of one of its
    /// parents) is the caller's mistake, told before any request.
    /// </summary>
    private static void RequireFolder(string destinationFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationFolder);
        var destination = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destinationFolder));
        for (var path = destination; path is not null && !Directory.Exists(path); path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path))
            {
                throw new ArgumentException(
                    path == destination
                        ? $"The destination '{destination}' is a file: give a folder to download into (it is made when missing)."
                        : $"The destination '{destination}' cannot be made: '{path}' is a file. Give a folder to download into (it is made when missing).",
                    nameof(destinationFolder));
            }
        }
    }

    private static DominoDownloadOptions Validate(DominoDownloadOptions? options)
    {
        options ??= new DominoDownloadOptions();
        options.Validate();
        return options;
    }

    private OutageBudget NewBudget(DominoDownloadOptions options, string subject, Func<Uri?>? runUrl) =>
        new(Time, options.MaxOutage, Logger, subject, "still trying",
            "the download gives up (the files written so far stay, and the next download skips them)", runUrl);

    private async Task<DominoDownloadReport> DownloadCoreAsync(
        string commitId, string destinationFolder, DominoDownloadOptions options, RunInput? input, OutageBudget budget, CancellationToken cancellationToken)
    {
        var manifestName = options.ManifestFileName;
        var remotePrefix = DownloadPlanner.NormalizeRemotePath(options.RemotePath, "RemotePath");
        var globs = new GlobMatcher(options.Include, options.Exclude);
        var destination = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destinationFolder));
        var manifestPath = Path.Combine(destination, manifestName);
        var started = Time.GetTimestamp();

        await using var apiProbe = new ApiProbeAhead(_client, cancellationToken);
        var (listing, inputListing) = await ListAsync(commitId, input?.CommitId, remotePrefix, budget, cancellationToken).ConfigureAwait(false);
        var notChangedByRun = 0;
        if (input is not null && inputListing is not null)
        {
            var inputKeys = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var file in inputListing)
            {
                inputKeys[file.Path ?? string.Empty] = file.Key;
            }

            bool Unchanged(DominoFile f) => inputKeys.TryGetValue(f.Path ?? string.Empty, out var key) && string.Equals(key, f.Key, StringComparison.Ordinal);
            var changed = listing.Where(f => !Unchanged(f)).ToList();
            notChangedByRun = listing.Count(f => Unchanged(f) && globs.IsMatch(f.Path ?? string.Empty));
            Logger.Log(DominoLogLevel.Debug,
                $"Run {input.RunId}: {changed.Count} of the {listing.Count} files listed in its output commit are new or changed since its input commit {input.CommitId}.");
            listing = changed;
        }

        var refusals = new List<DominoDownloadFailure>();
        var plan = DownloadPlanner.Select(listing, remotePrefix, globs, options.StripRemotePath, destination, manifestName, refusals);
        var failures = new ConcurrentBag<DominoDownloadFailure>(refusals);
        foreach (var refusal in refusals)
        {
            Logger.Log(DominoLogLevel.Warning, refusal.Error);
        }

        var (skipped, toDownload) = DownloadPlanner.SplitUnchanged(plan, options.SkipUnchanged, manifestPath, destination, Logger);

        // Lines per file are built only for a log that shows them (thousands of files, each a formatted and scrubbed line).
        var logPerFile = Logger.IsEnabled(DominoLogLevel.Debug);
        foreach (var file in logPerFile ? skipped : [])
        {
            Logger.Log(DominoLogLevel.Debug, $"Skipped {file.Remote.Path}: unchanged ({DominoFormat.Size(file.Remote.Size)}).");
        }

        Logger.Log(
            DominoLogLevel.Debug,
            $"Commit {commitId}: {listing.Count} files listed, {plan.Count} selected, {skipped.Count} unchanged, {toDownload.Count} to download into '{destination}'.");

        Directory.CreateDirectory(destination);
        var rule = input is null ? $"every file of commit {commitId}" : $"the files run {input.RunId} added or changed";
        if (toDownload.Count > 0)
        {
            Logger.Log(DominoLogLevel.Information,
                $"Downloading {toDownload.Count} {Files(toDownload.Count)} ({DominoFormat.Size(SumSizes(toDownload))}), {rule}, into '{destination}'.");
        }

        var tracker = new DownloadProgressTracker(options.Progress, Time, plan.Count, SumSizes(toDownload), Logger);
        tracker.AddFilesDone(skipped.Count);
        tracker.Start();

        // How many files are in flight follows the throughput, within MaxParallelism.
        var controller = new ParallelismController(options.MaxParallelism, Time);
        var transfer = new FileTransfer(_client, commitId, budget, destination, controller);
        var order = DownloadPlanner.InterleaveFolders(toDownload);
        var written = new ConcurrentBag<PlannedFile>();
        try
        {
            using var pushback = ServerPushback.Observe(controller.PushedBack);
            await AdaptiveWorkerPool.RunAsync(order.Count, controller, async (index, ct) =>
            {
                var file = order[index];
                try
                {
                    await transfer.DownloadAsync(file.Remote, file.FullPath, tracker, ct).ConfigureAwait(false);
                    written.Add(file);
                    controller.FileCompleted(file.Remote.Size);
                    if (logPerFile)
                    {
                        Logger.Log(DominoLogLevel.Debug, $"Downloaded {file.Remote.Path} ({DominoFormat.Size(file.Remote.Size)}).");
                    }

                    tracker.FileEnded(done: true);
                }
                catch (Exception ex) when (ex is not (DominoOutageException or FileTransfer.DestinationRefusedException)
                    && !(ex is OperationCanceledException && ct.IsCancellationRequested))
                {
                    failures.Add(new DominoDownloadFailure(file.Remote.Path, ex.Message));
                    Logger.Log(DominoLogLevel.Warning, ex.Message);
                    tracker.FileEnded(done: false);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DominoOutageException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // Record what is on disk now, so the next download does not trust entries for files this one replaced
            // (and skips those it completed).
            TryWriteManifest(manifestPath, commitId, skipped.Concat(written));
            throw;
        }
        catch (FileTransfer.DestinationRefusedException ex)
        {
            // Full, over quota or read-only: every other file would fail the same way, so none is tried. What was
            // written stays complete and verified, and the manifest (when it fits) lets the next download skip it.
            var kept = TryWriteManifest(manifestPath, commitId, skipped.Concat(written))
                ? "they stay, and the next download skips them"
                : "they stay, but the download manifest could not be written, so the next download fetches them again";
            throw new DominoDownloadException(
                $"The download into '{destination}' stopped: {ex.Message} {written.Count} of the {toDownload.Count} files to download were written "
                + $"({kept}). {FileTransfer.DestinationRefusedException.Advice}",
                Report(),
                ex.InnerException);
        }

        var report = Report();

        try
        {
            WriteManifest(manifestPath, commitId, skipped.Concat(written));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Files that failed are the news (often for the same reason, such as a folder this process may not write to).
            var manifestFailed = $"The download manifest '{manifestPath}' could not be written: {ex.Message}";
            throw new DominoDownloadException(
                report.Failed.Count > 0 ? $"{FailureMessage(report)}\n{manifestFailed}" : manifestFailed, report, ex);
        }

        tracker.Finish();
        var summary = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Downloaded {report.Written.Count} {Files(report.Written.Count)} ({DominoFormat.Size(report.BytesWritten)}), ")
            .Append(CultureInfo.InvariantCulture, $"{report.Skipped.Count} already up to date, ")
            .Append(report.Failed.Count > 0 ? $"{report.Failed.Count} failed, " : "")
            .Append(CultureInfo.InvariantCulture, $"in {DominoFormat.Duration(report.Duration)}, into '{destination}': {rule}")
            .Append(input is null ? "." : string.Create(CultureInfo.InvariantCulture,
                $" ({report.NotChangedByRun} {Files(report.NotChangedByRun)} it did not change left out; ask for every file to get them too)."))
            .ToString();
        Logger.Log(DominoLogLevel.Information, summary);

        if (report.Failed.Count > 0 && options.ThrowOnFailure)
        {
            throw new DominoDownloadException(FailureMessage(report), report);
        }

        return report;

        DominoDownloadReport Report() => new()
        {
            CommitId = commitId,
            Destination = destination,
            Written = ToDownloaded(written),
            Skipped = ToDownloaded(skipped),
            Failed = failures.OrderBy(f => f.RemotePath, StringComparer.Ordinal).ToList(),
            Selection = input is null ? DominoDownloadSelection.AllFiles : DominoDownloadSelection.AddedOrChangedByRun,
            NotChangedByRun = notChangedByRun,
            BytesWritten = SumSizes(written),
            Duration = Time.GetElapsedTime(started),
            ManifestPath = manifestPath,
        };
    }

    public async Task<DominoDownloadedFile> DownloadFileAsync(string commitId, string remotePath, string localPath, CancellationToken cancellationToken)
    {
        DominoIds.RequireCommitId(commitId);
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        var path = DownloadPlanner.NormalizeRemotePath(remotePath, nameof(remotePath))
            ?? throw new ArgumentException($"The remote path '{remotePath}' names no file.", nameof(remotePath));
        var fullPath = Path.GetFullPath(localPath);
        if (Directory.Exists(fullPath))
        {
            throw new ArgumentException($"The local path '{fullPath}' is a folder: give the path of the file to write.", nameof(localPath));
        }

        var budget = NewBudget(new DominoDownloadOptions(), $"the download of '{path}' of commit {commitId}", null);
        await using var apiProbe = new ApiProbeAhead(_client, cancellationToken);
        var (listing, _) = await ListAsync(commitId, inputCommitId: null, path, budget, cancellationToken).ConfigureAwait(false);
        var file = listing.FirstOrDefault(f => string.Equals(f.Path, path, StringComparison.Ordinal))
            ?? throw new DominoNotFoundException(
                $"The commit {commitId} has no file '{path}'" + (listing.Count > 0 ? $" ({listing.Count} other files are listed at that path)." : "."),
                "GET",
                $"files/{commitId}/{path}",
                statusCode: null,
                serverMessage: null);

        var started = Time.GetTimestamp();
        try
        {
            await new FileTransfer(_client, commitId, budget, destination: null, controller: null).DownloadAsync(file, fullPath, tracker: null, cancellationToken).ConfigureAwait(false);
        }
        catch (FileTransfer.DestinationRefusedException ex)
        {
            throw new DominoDownloadException($"{ex.Message} {FileTransfer.DestinationRefusedException.Advice}", null, ex.InnerException);
        }

        Logger.Log(DominoLogLevel.Information, $"Downloaded {file.Path} ({DominoFormat.Size(file.Size)}) to '{fullPath}' in {DominoFormat.Duration(Time.GetElapsedTime(started))}.");
        return new DominoDownloadedFile(file.Path, fullPath, file.Key, file.Size);
    }

    /// <summary>
    /// The listing of a commit and, for a run's results, of its input commit (to tell what the run changed), asked for at
    /// once. A failed listing leaves nothing running; the output listing's failure wins over the input's, as in turn.
    /// </summary>
    private async Task<(IReadOnlyList<DominoFile> Output, IReadOnlyList<DominoFile>? Input)> ListAsync(
        string commitId, string? inputCommitId, string? remotePath, OutageBudget budget, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var output = budget.CallAsync(ct => _client.ListFilesAsync(commitId, remotePath, ct), stop.Token);
        var input = inputCommitId is null ? null : budget.CallAsync(ct => _client.ListFilesAsync(inputCommitId, remotePath, ct), stop.Token);
        try
        {
            return (await output.ConfigureAwait(false), input is null ? null : await input.ConfigureAwait(false));
        }
        catch when (input is not null)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            // Its own outcome (often the cancellation) is observed here and dropped: the caller gets the first failure.
            await input.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                .ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The client's API decided while the listings come (the first file would otherwise wait for the probe after them).
    /// Disposing stops it if it still runs (a download with nothing to fetch, or one that failed) and waits for it, so
    /// nothing of a download outlives it.
    /// </summary>
    private sealed class ApiProbeAhead : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop;
        private readonly Task _probe;

        public ApiProbeAhead(DominoProjectClient client, CancellationToken cancellationToken)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _probe = client.ResolveApiAheadAsync(_stop.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _probe.ConfigureAwait(false);
            _stop.Dispose();
        }
    }

    private void WriteManifest(string manifestPath, string commitId, IEnumerable<PlannedFile> files)
    {
        var manifest = new DownloadManifest
        {
            CommitId = commitId,
            Files = files
                .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
                .Select(f => new DownloadManifestEntry { RemotePath = f.Remote.Path, LocalPath = f.RelativePath, Key = f.Remote.Key, Size = f.Remote.Size })
                .ToList(),
        };
        manifest.Write(manifestPath);
        Logger.Log(DominoLogLevel.Debug, $"Wrote the download manifest '{manifestPath}' ({manifest.Files.Count} files).");
    }

    /// <summary>Writes the manifest, or warns that it could not (the download's own error is what the caller needs); false then.</summary>
    private bool TryWriteManifest(string manifestPath, string commitId, IEnumerable<PlannedFile> files)
    {
        try
        {
            WriteManifest(manifestPath, commitId, files);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Logger.Log(DominoLogLevel.Warning, $"The download manifest '{manifestPath}' could not be written: {ex.Message}");
            return false;
        }
    }

    private static List<DominoDownloadedFile> ToDownloaded(IEnumerable<PlannedFile> files) =>
        files
            .OrderBy(f => f.Remote.Path, StringComparer.Ordinal)
            .Select(f => new DominoDownloadedFile(f.Remote.Path, f.FullPath, f.Remote.Key, f.Remote.Size))
            .ToList();

    private static string FailureMessage(DominoDownloadReport report)
    {
        var total = report.Written.Count + report.Skipped.Count + report.Failed.Count;
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{report.Failed.Count} of {total} {Files(total)} of commit {report.CommitId} could not be downloaded into '{report.Destination}':");
        foreach (var failure in report.Failed.Take(MaxFailuresInMessage))
        {
            message.Append("\n  ").Append(failure.Error);
        }

        if (report.Failed.Count > MaxFailuresInMessage)
        {
            message.Append(CultureInfo.InvariantCulture, $"\n  ... and {report.Failed.Count - MaxFailuresInMessage} more.");
        }

        return message.ToString();
    }

    private static string Files(int count) => count == 1 ? "file" : "files";

    /// <summary>The total size, saturating instead of overflowing (a listing's sizes are the server's word).</summary>
    private static long SumSizes(IEnumerable<PlannedFile> files)
    {
        long total = 0;
        foreach (var file in files)
        {
            total = file.Remote.Size > long.MaxValue - total ? long.MaxValue : total + file.Remote.Size;
        }

        return total;
    }

    /// <summary>The run whose results are downloaded and its input commit, against which its changes are told.</summary>
    private sealed record RunInput(string RunId, string CommitId);

}
