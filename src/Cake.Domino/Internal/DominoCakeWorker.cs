using Cake.Core;
using Cake.Core.IO;
using Domino.Client;

namespace Cake.Domino.Internal;

/// <summary>
/// Does the work of the aliases: turns settings into client options, client events into Cake's log, and client
/// exceptions into <see cref="CakeException"/>s. Holds no HTTP, retry, wait or download logic of its own.
/// </summary>
internal sealed class DominoCakeWorker
{
    private readonly ICakeContext _context;
    private readonly IDominoClientFactory _factory;
    private readonly CakeDominoEnvironment _environment;
    private readonly IDominoCancelSignal _cancelSignal;

    public DominoCakeWorker(ICakeContext context, IDominoClientFactory factory, IDominoCancelSignal cancelSignal)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(cancelSignal);
        _context = context;
        _factory = factory;
        _cancelSignal = cancelSignal;
        _environment = new CakeDominoEnvironment(context.Environment);
    }

    /// <summary>
    /// The worker for an alias call: the client factory and the cancel signal come from the context's services when
    /// registered there (unit tests register fakes), else the real ones.
    /// </summary>
    public static DominoCakeWorker For(ICakeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.ServiceProvider;
        return new DominoCakeWorker(
            context,
            services?.GetService(typeof(IDominoClientFactory)) as IDominoClientFactory ?? DominoClientFactory.Default,
            services?.GetService(typeof(IDominoCancelSignal)) as IDominoCancelSignal ?? DominoProcessCancelSignal.CtrlC);
    }

    // ---------------------------------------------------------------- connections

    public DominoConnection Connect(DominoSettings? settings) => DominoConnection.From(settings ?? new DominoSettings(), _context.Environment);

    public DominoConnection Connect(DominoRunReference run, DominoSettings? settings) => run.Connection.OverriddenBy(settings, _context.Environment);

    // ---------------------------------------------------------------- runs

    public async Task<DominoStartedRun> StartRunAsync(DominoStartRunSettings settings, DominoConnection connection)
    {
        var request = DominoSettingsMapper.ToRequest(settings);
        using var session = Open(connection, settings.Project);
        return await StartRunAsync(session, request, connection).ConfigureAwait(false);
    }
    public async Task<DominoRunResult> GetRunAsync(string runId, string? project, DominoConnection connection)
    {
        using var session = Open(connection, project);
        var run = await Session.Guard(() => session.Client.GetRunAsync(runId)).ConfigureAwait(false);
        session.Logger.Verbose($"Run {run.Id} of {session.ProjectName}: {run.Status}");
        return new DominoRunResult(session.ProjectName, run, session.Client.GetRunUrl(run.Id), connection);
    }

    public async Task<IReadOnlyList<DominoRunResult>> ListRunsAsync(string? project, DominoConnection connection)
    {
        using var session = Open(connection, project);
        var runs = await Session.Guard(() => session.Client.ListRunsAsync()).ConfigureAwait(false);
        session.Logger.Verbose($"{runs.Count} run(s) in {session.ProjectName}");
        return runs.Select(r => new DominoRunResult(session.ProjectName, r, session.Client.GetRunUrl(r.Id), connection)).ToArray();
    }

    public async Task StopRunAsync(string runId, string? project, DominoStopRunSettings settings, DominoConnection connection)
    {
        using var session = Open(connection, project);
        await Session.Guard(async () =>
        {
            await session.Client.StopRunAsync(runId, settings.CommitResults).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    public async Task<DominoRunResult> WaitForRunAsync(string runId, string? project, DominoWaitSettings settings, DominoConnection connection)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var session = Open(connection, project);
        return await WaitForRunAsync(session, runId, settings, connection).ConfigureAwait(false);
    }

    private async Task<DominoRunResult> WaitForRunAsync(Session session, string runId, IDominoWaitSettings settings, DominoConnection connection)
    {
        var client = session.Client;
        var projectName = session.ProjectName;
        var logger = session.Logger;
        var options = DominoSettingsMapper.MapWait(settings);
        var runUrl = client.GetRunUrl(runId);

        using var cancel = new CancellationTokenSource();
        bool OnCancel()
        {
            if (cancel.IsCancellationRequested)
            {
                return false; // A second Ctrl-C ends the process at once.
            }

            try
            {
                cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                return false; // The wait has just ended: nothing left to cancel.
            }

            logger.Warning(settings.StopOnCancel
                ? $"Cancelled: stopping run {runId} before exiting ({runUrl})"
                : $"Cancelled: run {runId} keeps going ({runUrl})");
            return true;
        }

        var registration = _cancelSignal.Register(OnCancel);
        try
        {
            var finished = await client.WaitForRunAsync(runId, options, cancel.Token).ConfigureAwait(false);
            // The client logs the milestones (waiting, status changes, finished, results saved) itself.
            return new DominoRunResult(projectName, finished, runUrl, connection);
        }
        catch (OperationCanceledException ex) when (cancel.IsCancellationRequested)
        {
            var message = $"The wait for Domino run {runId} of {projectName} was cancelled"
                + (settings.StopOnCancel ? "; the run was asked to stop" : "; the run keeps going") + $". {runUrl}";
            throw DominoCakeErrors.Cancelled(message, ex);
        }
        catch (DominoException ex)
        {
            throw DominoCakeErrors.Failure(ex);
        }
        finally
        {
            registration.Dispose();
        }
    }

    // ---------------------------------------------------------------- hardware tiers and environments

    public async Task<IReadOnlyList<DominoHardwareTier>> ListHardwareTiersAsync(string? project, DominoConnection connection)
    {
        using var session = Open(connection, project);
        var tiers = await Session.Guard(() => session.Client.ListHardwareTiersAsync()).ConfigureAwait(false);
        session.Logger.Verbose($"{tiers.Count} hardware tier(s) for the runs of {session.ProjectName}");
        return tiers;
    }

    public async Task<IReadOnlyList<DominoEnvironment>> ListEnvironmentsAsync(string? project, DominoConnection connection)
    {
        using var session = Open(connection, project);
        var environments = await Session.Guard(() => session.Client.ListEnvironmentsAsync()).ConfigureAwait(false);
        session.Logger.Verbose($"{environments.Count} environment(s) for the runs of {session.ProjectName}");
        return environments;
    }

    // ---------------------------------------------------------------- files

    public async Task<IReadOnlyList<DominoFile>> ListFilesAsync(DominoRunReference? run, string? commitId, string? project, DominoListFilesSettings settings, DominoConnection connection)
    {
        using var session = Open(connection, run?.Project ?? project);
        var commit = commitId ?? await OutputCommitAsync(session, run!).ConfigureAwait(false);
        var files = await Session.Guard(() => session.Client.ListFilesAsync(commit, settings.Path)).ConfigureAwait(false);
        session.Logger.Verbose($"{files.Count} file(s) in commit {commit} of {session.ProjectName}");
        return files;
    }

    public async Task<FilePath> DownloadFileAsync(DominoRunReference? run, string? commitId, string? project, string remotePath, FilePath localPath, DominoConnection connection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        ArgumentNullException.ThrowIfNull(localPath);
        var local = localPath.MakeAbsolute(_context.Environment);
        using var session = Open(connection, run?.Project ?? project);
        var commit = commitId ?? await OutputCommitAsync(session, run!).ConfigureAwait(false);
        var file = await Session.Guard(() => session.Client.DownloadFileAsync(commit, remotePath, local.FullPath)).ConfigureAwait(false);
        return new FilePath(file.LocalPath).MakeAbsolute(_context.Environment);
    }

    public async Task<IReadOnlyList<FilePath>> DownloadResultsAsync(DominoRunReference? run, string runId, string? project, DirectoryPath destination, DominoDownloadSettings settings, DominoConnection connection)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(settings);
        using var session = Open(connection, run?.Project ?? project);
        return await DownloadResultsAsync(session, run, runId, destination, settings).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<FilePath>> DownloadResultsAsync(Session session, DominoRunReference? run, string runId, DirectoryPath destination, IDominoDownloadSettings settings)
    {
        var folder = destination.MakeAbsolute(_context.Environment);
        var options = DominoSettingsMapper.MapDownload(settings);
        var known = run is DominoRunResult { OutputCommitId: not null } result ? result.Run : null;
        session.Logger.Verbose($"Downloading the results of run {runId} to {folder.FullPath}");
        var report = await Session.Guard(() => known is not null
            ? session.Client.DownloadResultsAsync(known, folder.FullPath, options)
            : session.Client.DownloadResultsAsync(runId, folder.FullPath, options)).ConfigureAwait(false);
        // The client logs the summary (and each failure, as a warning) itself.
        return report.Written.Concat(report.Skipped)
            .OrderBy(f => f.RemotePath, StringComparer.Ordinal)
            .Select(f => new FilePath(f.LocalPath).MakeAbsolute(_context.Environment))
            .ToArray();
    }

    public async Task<DominoFile> UploadFileAsync(FilePath localFile, string remotePath, string? project, DominoConnection connection)
    {
        ArgumentNullException.ThrowIfNull(localFile);
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        var local = localFile.MakeAbsolute(_context.Environment);
        if (!_context.FileSystem.Exist(local))
        {
            throw DominoCakeErrors.Failure($"The file to upload does not exist: {local.FullPath}");
        }

        using var session = Open(connection, project);
        session.Logger.Verbose($"Uploading {local.FullPath} to {remotePath} in {session.ProjectName}");
        var uploaded = await Session.Guard(async () =>
        {
            var stream = _context.FileSystem.GetFile(local).OpenRead();
            await using (stream.ConfigureAwait(false))
            {
                return await session.Client.UploadFileAsync(remotePath, stream).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return uploaded;
    }

    // ---------------------------------------------------------------- all in one

    /// <summary>Start, wait and download with one client: one connection pool, one set of credentials read once.</summary>
    public async Task<DominoRunOutcome> RunAsync(DominoRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var request = DominoSettingsMapper.ToRequest(settings);
        var connection = Connect(settings);
        using var session = Open(connection, settings.Project);
        var started = await StartRunAsync(session, request, connection).ConfigureAwait(false);
        var done = await WaitForRunAsync(session, started.RunId, settings.Wait, connection).ConfigureAwait(false);
        if (settings.Destination is null)
        {
            return new DominoRunOutcome(done, null, []);
        }

        var files = await DownloadResultsAsync(session, done, done.RunId, settings.Destination, settings.Download).ConfigureAwait(false);
        return new DominoRunOutcome(done, settings.Destination.MakeAbsolute(_context.Environment), files);
    }

    private static async Task<DominoStartedRun> StartRunAsync(Session session, DominoStartRunRequest request, DominoConnection connection)
    {
        var command = request.Command;
        session.Logger.Information($"Starting a Domino run in {session.ProjectName}: {string.Join(' ', command)}");
        var started = await Session.Guard(() => session.Client.StartRunAsync(request)).ConfigureAwait(false);
        return new DominoStartedRun(session.ProjectName, started.RunId, started.RunUrl, started.Message, started.Reattached, command, connection);
    }

    private static async Task<string> OutputCommitAsync(Session session, DominoRunReference run)
    {
        if (run is DominoRunResult { OutputCommitId: { } known })
        {
            return known;
        }

        var current = await Session.Guard(() => session.Client.GetRunAsync(run.RunId)).ConfigureAwait(false);
        return current.OutputCommitId ?? throw DominoCakeErrors.Failure(
            $"Domino run {run.RunId} of {run.Project} has no results yet (status {current.Status}): wait for it with DominoWaitForRun first. {run.RunUrl}");
    }

    private Session Open(DominoConnection connection, string? project)
    {
        DominoClient? client = null;
        try
        {
            var projectName = DominoProjectName.Resolve(project, _environment);
            var options = connection.ToClientOptions(_environment, new CakeDominoLogger(_context.Log), CakeCiSystem.Detect(_context));
            client = _factory.Create(options);
            var projectClient = client.GetProjectClient(projectName);
            // The client's logger masks every credential: the add-in's own lines go through it too.
            var logger = client.Logger;
            logger.Verbose($"Domino host {client.Host}, project {projectName}");
            return new Session(client, projectClient, projectName.ToString(), logger);
        }
        catch (DominoException ex)
        {
            client?.Dispose();
            throw DominoCakeErrors.Failure(ex);
        }
        catch
        {
            client?.Dispose();
            throw;
        }
    }

    private sealed class Session : IDisposable
    {
        private readonly DominoClient _owner;

        public Session(DominoClient owner, DominoProjectClient client, string projectName, IDominoLogger logger)
        {
            _owner = owner;
            Client = client;
            ProjectName = projectName;
            Logger = logger;
        }

        public DominoProjectClient Client { get; }

        public string ProjectName { get; }

        /// <summary>The client's logger: Cake's log behind the client's credential mask.</summary>
        public IDominoLogger Logger { get; }

        /// <summary>Runs a client call, turning the client's exceptions into <see cref="CakeException"/>.</summary>
        public static async Task<T> Guard<T>(Func<Task<T>> call)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (DominoException ex)
            {
                throw DominoCakeErrors.Failure(ex);
            }
        }

        public void Dispose() => _owner.Dispose();
    }
}
