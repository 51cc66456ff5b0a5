using System.Buffers;
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
    /// <summary>The copy buffer: fixed, so memory does not grow with file size.</summary>
    internal const int BufferSize = 128 * 1024;

    private const int MaxFailuresInMessage = 5;

    private readonly DominoProjectClient _client;
    private readonly DominoClientOptions _options;

    // The commit whose files this call downloads (set once per call, before any file is opened).
    private string _commitId = string.Empty;

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
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationFolder);
        options = Validate(options);
        var budget = NewBudget(options, $"the results of run {runId}", () => _client.GetRunUrl(runId));
        var run = await budget.CallAsync(ct => _client.GetRunAsync(runId, ct), cancellationToken).ConfigureAwait(false);
        return await DownloadRunAsync(run, destinationFolder, options, budget, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DominoDownloadReport> DownloadResultsAsync(DominoRun run, string destinationFolder, DominoDownloadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        DominoIds.RequireRunId(run.Id, nameof(run));
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationFolder);
        options = Validate(options);
        return await DownloadRunAsync(run, destinationFolder, options, NewBudget(options, $"the results of run {run.Id}", () => _client.GetRunUrl(run.Id)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<DominoDownloadReport> DownloadCommitAsync(string commitId, string destinationFolder, DominoDownloadOptions? options, CancellationToken cancellationToken)
    {
        // Everything the caller gave is checked before any request.
        DominoIds.RequireCommitId(commitId);
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationFolder);
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
        _commitId = commitId;
        var manifestName = options.ManifestFileName;
        var remotePrefix = NormalizeRemotePath(options.RemotePath, "RemotePath");
        var globs = new GlobMatcher(options.Include, options.Exclude);
        var destination = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destinationFolder));
        var manifestPath = Path.Combine(destination, manifestName);
        var started = Time.GetTimestamp();

        var listing = await budget.CallAsync(ct => _client.ListFilesAsync(commitId, remotePrefix, ct), cancellationToken).ConfigureAwait(false);
        var notChangedByRun = 0;
        if (input is not null)
        {
            var inputListing = await budget.CallAsync(ct => _client.ListFilesAsync(input.CommitId, remotePrefix, ct), cancellationToken).ConfigureAwait(false);
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

        var failures = new ConcurrentBag<DominoDownloadFailure>();
        var plan = Plan(listing, remotePrefix, globs, options.StripRemotePath, destination, manifestName, failures);
        foreach (var refusal in failures)
        {
            Logger.Log(DominoLogLevel.Warning, refusal.Error);
        }

        var previous = options.SkipUnchanged ? ReadPrevious(manifestPath) : null;
        var skipped = new List<PlannedFile>();
        var toDownload = new List<PlannedFile>();
        foreach (var file in plan)
        {
            (IsUnchanged(file, previous, destination) ? skipped : toDownload).Add(file);
        }

        foreach (var file in skipped)
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

        var written = new ConcurrentBag<PlannedFile>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism, CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(toDownload, parallel, async (file, ct) =>
            {
                try
                {
                    await DownloadWithRetriesAsync(file.Remote, file.FullPath, () => SafePath.CheckNoLinks(destination, file.FullPath), tracker, budget, ct).ConfigureAwait(false);
                    written.Add(file);
                    Logger.Log(DominoLogLevel.Debug, $"Downloaded {file.Remote.Path} ({DominoFormat.Size(file.Remote.Size)}).");
                    tracker.FileEnded(done: true);
                }
                catch (Exception ex) when (ex is not DominoOutageException && !(ex is OperationCanceledException && ct.IsCancellationRequested))
                {
                    failures.Add(new DominoDownloadFailure(file.Remote.Path, ex.Message));
                    Logger.Log(DominoLogLevel.Warning, ex.Message);
                    tracker.FileEnded(done: false);
                }
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DominoOutageException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // Record what is on disk now, so the next download does not trust entries for files this one replaced
            // (and skips those it completed).
            TryWriteManifest(manifestPath, commitId, skipped.Concat(written));
            throw;
        }

        var report = new DominoDownloadReport
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

        try
        {
            WriteManifest(manifestPath, commitId, skipped.Concat(written));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DominoDownloadException($"The download manifest '{manifestPath}' could not be written: {ex.Message}", report, ex);
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
    }

    public async Task<DominoDownloadedFile> DownloadFileAsync(string commitId, string remotePath, string localPath, CancellationToken cancellationToken)
    {
        DominoIds.RequireCommitId(commitId);
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        _commitId = commitId;
        var path = NormalizeRemotePath(remotePath, nameof(remotePath))
            ?? throw new ArgumentException($"The remote path '{remotePath}' names no file.", nameof(remotePath));
        var fullPath = Path.GetFullPath(localPath);
        if (Directory.Exists(fullPath))
        {
            throw new ArgumentException($"The local path '{fullPath}' is a folder: give the path of the file to write.", nameof(localPath));
        }

        var budget = NewBudget(new DominoDownloadOptions(), $"the download of '{path}' of commit {commitId}", null);
        var listing = await budget.CallAsync(ct => _client.ListFilesAsync(commitId, path, ct), cancellationToken).ConfigureAwait(false);
        var file = listing.FirstOrDefault(f => string.Equals(f.Path, path, StringComparison.Ordinal))
            ?? throw new DominoNotFoundException(
                $"The commit {commitId} has no file '{path}'" + (listing.Count > 0 ? $" ({listing.Count} other files are listed at that path)." : "."),
                "GET",
                $"files/{commitId}/{path}",
                statusCode: null,
                serverMessage: null);

        var started = Time.GetTimestamp();
        await DownloadWithRetriesAsync(file, fullPath, safetyCheck: null, tracker: null, budget, cancellationToken).ConfigureAwait(false);
        Logger.Log(DominoLogLevel.Information, $"Downloaded {file.Path} ({DominoFormat.Size(file.Size)}) to '{fullPath}' in {DominoFormat.Duration(Time.GetElapsedTime(started))}.");
        return new DominoDownloadedFile(file.Path, fullPath, file.Key, file.Size);
    }

    /// <summary>Normalises a remote folder or file path given by the caller: <c>\</c> to <c>/</c>, no leading or trailing <c>/</c>.</summary>
    internal static string? NormalizeRemotePath(string? value, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var path = value.Trim().Replace('\\', '/').Trim('/');
        if (path.Length == 0)
        {
            return null;
        }

        var error = SafePath.CheckRemotePath(path);
        return error is null ? path : throw new ArgumentException($"The remote path '{value}' is not valid: {error}.", parameterName);
    }

    /// <summary>
    /// Chooses the listed files to fetch and where each goes. Paths that are unsafe, or that would collide with another
    /// file, a folder of another file, or the manifest, are refused (added to <paramref name="failures"/>) before anything
    /// is written.
    /// </summary>
    private static List<PlannedFile> Plan(
        IReadOnlyList<DominoFile> listing,
        string? remotePrefix,
        GlobMatcher globs,
        bool stripRemotePath,
        string destination,
        string manifestName,
        ConcurrentBag<DominoDownloadFailure> failures)
    {
        var candidates = new List<PlannedFile>();
        foreach (var file in listing)
        {
            var path = file.Path ?? "";
            if (remotePrefix is not null
                && !(path == remotePrefix || path.StartsWith(remotePrefix + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            if (!globs.IsMatch(path))
            {
                continue;
            }

            var error = SafePath.CheckRemotePath(path);
            if (error is null && file.Size < 0)
            {
                error = $"the listed size {file.Size} is negative";
            }

            if (error is null && string.IsNullOrEmpty(file.Key))
            {
                error = "the listing gives no content key";
            }

            string? relative = null;
            string? fullPath = null;
            if (error is null)
            {
                relative = !stripRemotePath || remotePrefix is null ? path
                    : path == remotePrefix ? path[(path.LastIndexOf('/') + 1)..]
                    : path[(remotePrefix.Length + 1)..];
                fullPath = SafePath.Resolve(destination, relative);
                if (fullPath is null)
                {
                    error = "the path resolves outside the destination";
                }
            }

            if (error is not null)
            {
                failures.Add(Refused(path, error));
                continue;
            }

            candidates.Add(new PlannedFile(file, relative!, fullPath!));
        }

        // Two files on one local path (or differing only in case where the file system ignores it), a file where
        // another needs a folder, or a file over the manifest: refuse all of them rather than pick one.
        var byLocal = candidates.ToLookup(f => f.RelativePath, SafePath.LocalComparer);
        var refused = new HashSet<PlannedFile>();
        foreach (var group in byLocal)
        {
            if (group.Count() > 1)
            {
                var others = string.Join(", ", group.Select(f => $"'{f.Remote.Path}'"));
                foreach (var file in group)
                {
                    refused.Add(file);
                    failures.Add(Refused(file.Remote.Path, $"the files {others} would all be written to '{file.RelativePath}'"));
                }
            }

            if (SafePath.LocalComparer.Equals(group.Key, manifestName))
            {
                foreach (var file in group)
                {
                    refused.Add(file);
                    failures.Add(Refused(file.Remote.Path, $"it would overwrite the download manifest '{manifestName}'"));
                }
            }
        }

        foreach (var file in candidates)
        {
            for (var cut = file.RelativePath.LastIndexOf('/'); cut > 0; cut = file.RelativePath.LastIndexOf('/', cut - 1))
            {
                var folder = file.RelativePath[..cut];
                var blocking = byLocal[folder].ToList();
                if (blocking.Count == 0 && !SafePath.LocalComparer.Equals(folder, manifestName))
                {
                    continue;
                }

                if (refused.Add(file))
                {
                    failures.Add(Refused(file.Remote.Path, $"its folder '{folder}' is also the path of a file"));
                }

                foreach (var other in blocking.Where(refused.Add))
                {
                    failures.Add(Refused(other.Remote.Path, $"it is also the folder of '{file.Remote.Path}'"));
                }

                break;
            }
        }

        return candidates.Where(f => !refused.Contains(f)).ToList();
    }

    private static DominoDownloadFailure Refused(string remotePath, string reason) =>
        new(remotePath, $"Refused '{remotePath}': {reason}; nothing was written for it.");

    private Dictionary<string, DownloadManifestEntry>? ReadPrevious(string manifestPath)
    {
        var manifest = DownloadManifest.TryRead(manifestPath, Logger);
        if (manifest?.Files is null)
        {
            return null;
        }

        var entries = new Dictionary<string, DownloadManifestEntry>(SafePath.LocalComparer);
        foreach (var entry in manifest.Files)
        {
            if (entry?.LocalPath is { Length: > 0 } local && entry.Key is { Length: > 0 })
            {
                entries[local] = entry;
            }
        }

        return entries;
    }

    /// <summary>A file is unchanged when the previous manifest lists it with the same key and size and it is on disk with that size.</summary>
    private static bool IsUnchanged(PlannedFile file, Dictionary<string, DownloadManifestEntry>? previous, string destination)
    {
        if (previous is null
            || !previous.TryGetValue(file.RelativePath, out var entry)
            || !string.Equals(entry.Key, file.Remote.Key, StringComparison.Ordinal)
            || entry.Size != file.Remote.Size
            || SafePath.CheckNoLinks(destination, file.FullPath) is not null)
        {
            return false;
        }

        var local = new FileInfo(file.FullPath);
        return local.Exists && local.Length == file.Remote.Size;
    }

    /// <summary>
    /// Downloads one file, retrying with backoff the failures the HTTP pipeline cannot see: those while reading the body
    /// (a reset, a cut or overlong body, a stalled read). A failure to open the blob has already been retried by the
    /// pipeline: a failing server (5xx, no connection) is tried again within the outage budget, shared by the whole
    /// download (past it, <see cref="DominoOutageException"/>), and any other failure fails the file at once.
    /// Throws a <see cref="DominoException"/> saying why.
    /// </summary>
    private async Task DownloadWithRetriesAsync(
        DominoFile file, string fullPath, Func<string?>? safetyCheck, DownloadProgressTracker? tracker, OutageBudget budget, CancellationToken cancellationToken)
    {
        var retry = _options.Retry;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DownloadOnceAsync(file, fullPath, safetyCheck, tracker, budget, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception failure) when (failure is not (DominoDownloadException or DominoOutageException)
                && !(failure is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                var ex = failure is OpenFailedException opening ? opening.InnerException! : failure;
                if (failure is OpenFailedException || attempt > retry.MaxRetries || !IsTransient(ex))
                {
                    var attempts = attempt == 1 ? "" : $" after {attempt} attempts";
                    throw new DominoDownloadException($"Downloading '{file.Path}' failed{attempts}: {ex.Message}", null, ex);
                }

                var delay = Http.Backoff.FullJitter(attempt, retry.BaseDelay, retry.MaxDelay, _options.Random);
                Logger.Log(
                    DominoLogLevel.Debug,
                    $"Downloading '{file.Path}' failed (attempt {attempt} of {retry.MaxRetries + 1}): {ex.Message} Retrying in {DominoFormat.Duration(delay)}.");
                await Task.Delay(delay, Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// One attempt: stream the blob into a fresh <c>.partial</c> file next to the target, check the byte count against
    /// the listing, then move it over the target. On any failure the partial file is deleted and the target untouched.
    /// </summary>
    private async Task DownloadOnceAsync(
        DominoFile file, string fullPath, Func<string?>? safetyCheck, DownloadProgressTracker? tracker, OutageBudget budget, CancellationToken cancellationToken)
    {
        ThrowIfUnsafe(safetyCheck, file.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        ThrowIfUnsafe(safetyCheck, file.Path);

        var partialPath = $"{fullPath}.{Guid.NewGuid().ToString("N")[..8]}.partial";
        long received = 0;
        try
        {
            Stream source;
            try
            {
                source = await budget.CallAsync(ct => _client.OpenFileAsync(_commitId, file, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not DominoOutageException && !cancellationToken.IsCancellationRequested)
            {
                throw new OpenFailedException(ex);
            }

            await using (source.ConfigureAwait(false))
            {
                // A server that announces another length than the listing's is answered at once, before anything is written;
                // the space is reserved only for a length both agree on (a lying listing must not make us reserve a terabyte).
                var announced = (source as Http.ResponseStream)?.ContentLength;
                if (announced is { } length && length != file.Size)
                {
                    throw new IOException($"The server announced {length} bytes, but the listing gives {file.Size}.");
                }

                var target = new FileStream(partialPath, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    Share = FileShare.None,
                    BufferSize = 0,
                    Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                    PreallocationSize = announced == file.Size ? file.Size : 0,
                });
                await using (target.ConfigureAwait(false))
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);

                    // The per-request timeout covers the headers only: a body that stalls is cut after the same time without a byte.
                    var idleTimeout = _options.RequestTimeout;
                    using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, Time);
                    using var readToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
                    try
                    {
                        while (true)
                        {
                            if (idleTimeout != Timeout.InfiniteTimeSpan)
                            {
                                idle.CancelAfter(idleTimeout);
                            }

                            int read;
                            try
                            {
                                read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), readToken.Token).ConfigureAwait(false);
                            }
                            catch (OperationCanceledException ex) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                            {
                                throw new TimeoutException(
                                    $"The download stalled: no data for {DominoFormat.Duration(idleTimeout)} after {received} of {file.Size} bytes.", ex);
                            }

                            if (read == 0)
                            {
                                break;
                            }

                            if (received + read > file.Size)
                            {
                                throw new IOException($"The server sent more than the listed {file.Size} bytes.");
                            }

                            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                            received += read;
                            tracker?.AddBytes(read);
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }

            if (received != file.Size)
            {
                throw new IOException($"The download was cut short: {received} of the listed {file.Size} bytes arrived.");
            }

            ThrowIfUnsafe(safetyCheck, file.Path);
            File.Move(partialPath, fullPath, overwrite: true);
        }
        catch
        {
            tracker?.AddBytes(-received);
            TryDelete(partialPath);
            throw;
        }
    }

    private static void ThrowIfUnsafe(Func<string?>? safetyCheck, string remotePath)
    {
        if (safetyCheck?.Invoke() is { } error)
        {
            throw new DominoDownloadException(Refused(remotePath, error).Error);
        }
    }

    /// <summary>Failures of the body worth another attempt: the connection, a cut or malformed body, a timed-out read.</summary>
    private static bool IsTransient(Exception ex) =>
        ex is not PathTooLongException
        && ex is IOException or HttpRequestException or DominoServerException or DominoConnectionException or DominoResponseFormatException
            or OperationCanceledException or TimeoutException;

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

    private void TryWriteManifest(string manifestPath, string commitId, IEnumerable<PlannedFile> files)
    {
        try
        {
            WriteManifest(manifestPath, commitId, files);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Logger.Log(DominoLogLevel.Warning, $"The download manifest '{manifestPath}' could not be written: {ex.Message}");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the download's own error is what the caller needs.
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

    /// <summary>A listed file chosen for the download, with its place in the destination.</summary>
    /// <param name="Remote">The listed file.</param>
    /// <param name="RelativePath">Its path relative to the destination, with <c>/</c> separators.</param>
    /// <param name="FullPath">Its full local path.</param>
    private sealed record PlannedFile(DominoFile Remote, string RelativePath, string FullPath);

    /// <summary>Opening the blob failed after the HTTP pipeline's own retries: not retried again here.</summary>
    private sealed class OpenFailedException(Exception inner) : Exception(inner.Message, inner);
}
