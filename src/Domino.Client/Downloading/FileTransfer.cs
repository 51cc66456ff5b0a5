using System.Buffers;
using System.Collections.Concurrent;
using Domino.Client.Http;
using Domino.Client.Text;
using Microsoft.Win32.SafeHandles;

namespace Domino.Client.Downloading;

/// <summary>
/// Moves one file of a commit onto the disk: opens the blob (within the download's outage budget), streams it into a
/// file of its own that has no name yet (an unnamed file on Linux for files under 1 MiB, see <see cref="UnnamedFile"/>;
/// else a fresh <c>.partial</c> file next to the target), checks the byte count against the listing, then gives it
/// the target's name (link, or rename over an existing copy); a body cut short, stalled or overlong is tried again
/// with backoff. On any failure the partial file is deleted and the target untouched. Shared by the parallel
/// downloads of one call (holds no per-file state but the folders it has checked and whether unnamed files work).
/// </summary>
internal sealed class FileTransfer
{
    /// <summary>The largest copy buffer (a smaller file gets one its size): fixed, so memory does not grow with file size.</summary>
    internal const int BufferSize = 128 * 1024;

    /// <summary>From this size on, the file's space is reserved before writing (below it, the reservation costs more than it saves).</summary>
    internal const long PreallocateFrom = 1024 * 1024;

    // Off Windows, a write to a file is a blocking call whatever the options (the asynchronous path only moves it to
    // another pool thread): written directly. On Windows, overlapped I/O.
    private static readonly bool AsyncWrites = OperatingSystem.IsWindows();

    private readonly DominoProjectClient _client;
    private readonly DominoClientOptions _options;
    private readonly string _commitId;
    private readonly OutageBudget _budget;
    private readonly string? _destination;
    private readonly ParallelismController? _controller;

    // Folders of the destination made (or found) and checked free of links by this download: the next file into one of
    // them checks its own path before the request, and the whole chain again right before its rename.
    private readonly ConcurrentDictionary<string, byte> _checkedFolders = new(SafePath.LocalComparer);

    // Creating or renaming a file takes its folder's lock in the kernel, where waiting threads spin and burn the CPU the
    // rest of the download needs: files of one folder take turns for those two calls here, waiting without a thread.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _folderTurns = new(SafePath.LocalComparer);

    // Small files are written unnamed (see UnnamedFile) until the file system or the system refuses it once.
    private volatile bool _unnamedFiles = UnnamedFile.IsAvailable;

    /// <summary>Names a complete unnamed file (<see cref="UnnamedFile.Link"/>; tests take <c>/proc</c> away through it).</summary>
    internal Func<SafeFileHandle, string, UnnamedFile.LinkResult> Link { get; init; } = UnnamedFile.Link;

    /// <param name="client">The project client whose (virtual) <see cref="DominoProjectClient.OpenFileAsync"/> opens the blobs.</param>
    /// <param name="commitId">The commit the files belong to.</param>
    /// <param name="budget">The outage budget of the whole download.</param>
    /// <param name="destination">The destination folder (full path) the files must stay in, links refused; <see langword="null"/> for a file the caller placed.</param>
    /// <param name="controller">Told of failures worth a retry (the download then takes fewer files at once), or <see langword="null"/>.</param>
    public FileTransfer(DominoProjectClient client, string commitId, OutageBudget budget, string? destination, ParallelismController? controller)
    {
        _destination = destination;
        _controller = controller;
        _client = client;
        _options = client.Options;
        _commitId = commitId;
        _budget = budget;
    }

    private IDominoLogger Logger => _client.Logger;

    private TimeProvider Time => _options.TimeProvider;

    /// <summary>
    /// Downloads one file, retrying with backoff the failures the HTTP pipeline cannot see: those while reading the body
    /// (a reset, a cut or overlong body, a stalled read). A failure to open the blob has already been retried by the
    /// pipeline: a failing server (5xx, no connection) is tried again within the outage budget, shared by the whole
    /// download (past it, <see cref="DominoOutageException"/>), and any other failure fails the file at once.
    /// Throws a <see cref="DominoException"/> saying why.
    /// </summary>
    /// <param name="file">The listed file.</param>
    /// <param name="fullPath">Where it goes.</param>
    /// <param name="tracker">Counts the bytes, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    public async Task DownloadAsync(DominoFile file, string fullPath, DownloadProgressTracker? tracker, CancellationToken cancellationToken)
    {
        var retry = _options.Retry;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DownloadOnceAsync(file, fullPath, tracker, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception failure) when (failure is not (DominoDownloadException or DominoOutageException)
                && !(failure is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                var ex = failure is OpenFailedException opening ? opening.InnerException! : failure;
                if (RefusesEveryWrite(ex))
                {
                    // No later attempt, and no other file, can be written: the whole download stops (ResultDownloader).
                    throw new DestinationRefusedException($"Writing '{file.Path}' failed: {ex.Message.TrimEnd('.')}.", ex);
                }

                if (ex is IOException or UnauthorizedAccessException && Directory.Exists(fullPath))
                {
                    // A folder holds the file's name: it stays there, so no other attempt can name the file (checked only
                    // here, after a failure, to keep a lookup off every file's way).
                    throw new DominoDownloadException(
                        $"Downloading '{file.Path}' failed: '{fullPath}' is a folder where the download needs a file; move it away, or choose another destination folder.",
                        null,
                        ex);
                }

                if (failure is OpenFailedException || attempt > retry.MaxRetries || !IsTransient(ex))
                {
                    var attempts = attempt == 1 ? "" : $" after {attempt} attempts";
                    throw new DominoDownloadException($"Downloading '{file.Path}' failed{attempts}: {ex.Message}", null, ex);
                }

                _controller?.PushedBack();
                var delay = Backoff.FullJitter(attempt, retry.BaseDelay, retry.MaxDelay, _options.Random);
                Logger.Log(
                    DominoLogLevel.Debug,
                    $"Downloading '{file.Path}' failed (attempt {attempt} of {retry.MaxRetries + 1}): {ex.Message} Retrying in {DominoFormat.Duration(delay)}.");
                await Task.Delay(delay, Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// One attempt: stream the blob into an unnamed or <c>.partial</c> file next to the target, check the byte count
    /// against the listing, then name it as the target. On any failure the partial file is deleted (an unnamed one
    /// vanishes when closed) and the target untouched.
    /// </summary>
    private async Task DownloadOnceAsync(
        DominoFile file, string fullPath, DownloadProgressTracker? tracker, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(fullPath)!;
        PrepareFolder(file.Path, fullPath, folder);

        string? partialPath = null;
        SafeFileHandle? unnamed = null;
        long received = 0;
        try
        {
            Stream source;
            try
            {
                source = await _budget.CallAsync(
                    (Transfer: this, File: file), static (open, ct) => open.Transfer._client.OpenFileAsync(open.Transfer._commitId, open.File, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not DominoOutageException && !cancellationToken.IsCancellationRequested)
            {
                throw new OpenFailedException(ex);
            }

            await using (source.ConfigureAwait(false))
            {
                // A server that announces another length than the listing's is answered at once, before anything is written;
                // the space is reserved only for a length both agree on (a lying listing must not make us reserve a terabyte).
                var announced = (source as ResponseStream)?.ContentLength;
                if (announced is { } length && length != file.Size)
                {
                    throw new IOException($"The server announced {length} bytes, but the listing gives {file.Size}.");
                }

                // A small file is written without a name where the system allows it (see UnnamedFile); a large one keeps its
                // reserved space in a named .partial file.
                unnamed = file.Size < PreallocateFrom ? TryCreateUnnamed(folder) : null;
                var preallocation = announced == file.Size && file.Size >= PreallocateFrom ? file.Size : 0;
                partialPath = unnamed is null ? PartialPathFor(fullPath) : null;
                var target = unnamed ?? await InFolderTurnAsync(
                    folder,
                    (Path: partialPath!, Preallocation: preallocation),
                    static named => File.OpenHandle(named.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, AsyncWrites ? FileOptions.Asynchronous : FileOptions.None, named.Preallocation),
                    cancellationToken).ConfigureAwait(false);
                using (target)
                {
                    // A small file gets a buffer its size (plus one byte, so an overlong body shows in the first read).
                    var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(BufferSize, file.Size + 1));
                    var chunk = Math.Min(buffer.Length, BufferSize);

                    // The per-request timeout covers the headers only: a body that stalls is cut after the same time without a byte.
                    var idleTimeout = _options.RequestTimeout;
                    using var idle = new TimeoutToken(Time, cancellationToken);
                    try
                    {
                        // A file that fits in the buffer is written in one call when complete, however its body arrives
                        // (the first read often holds only what came with the headers); a larger one, read by read.
                        var wholeFile = chunk > file.Size;
                        var filled = 0;
                        while (true)
                        {
                            if (idleTimeout != Timeout.InfiniteTimeSpan)
                            {
                                idle.CancelAfter(idleTimeout);
                            }

                            int read;
                            try
                            {
                                read = await source.ReadAsync(buffer.AsMemory(filled, chunk - filled), idle.Token).ConfigureAwait(false);
                            }
                            catch (OperationCanceledException ex) when (idle.TimedOut)
                            {
                                throw new TimeoutException(
                                    $"The download stalled: no data for {DominoFormat.Duration(idleTimeout)} after {received} of {file.Size} bytes.", ex);
                            }

                            if (received + read > file.Size)
                            {
                                throw new IOException($"The server sent more than the listed {file.Size} bytes.");
                            }

                            if (read > 0)
                            {
                                received += read;
                                filled += read;
                                tracker?.AddBytes(read);
                            }

                            if (filled > 0 && (read == 0 || !wholeFile))
                            {
                                await WriteAsync(target, buffer.AsMemory(0, filled), received - filled, cancellationToken).ConfigureAwait(false);
                                filled = 0;
                            }

                            if (read == 0)
                            {
                                break;
                            }
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    if (unnamed is not null)
                    {
                        // The folders only: linking never follows or replaces whatever has the name (see NameAsync).
                        CheckComplete(file, folder, received);
                        await NameAsync(file, unnamed, fullPath, folder, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            if (partialPath is not null)
            {
                // The folders and the name itself: the rename replaces whatever has the name.
                CheckComplete(file, fullPath, received);
                await RenameOverAsync(partialPath, fullPath, folder, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            tracker?.AddBytes(-received);
            if (partialPath is not null)
            {
                TryDelete(partialPath);
            }

            throw;
        }
    }

    /// <summary>
    /// Makes the file's folder. Inside a destination: the file's path is checked for links before and after the folders
    /// are made. Once a folder is known free of links, the next file into it checks nothing here: the folders are checked
    /// again right before the file is named, and its own name when something already has it (looking up a name not
    /// there yet takes the folder's lock in the kernel, which the files being created in that folder hold).
    /// </summary>
    private void PrepareFolder(string remotePath, string fullPath, string folder)
    {
        if (_destination is null)
        {
            MakeFolder(remotePath, folder);
            return;
        }

        if (_checkedFolders.ContainsKey(folder))
        {
            return;
        }

        ThrowIfUnsafe(SafePath.CheckNoLinks(_destination, fullPath), remotePath);
        MakeFolder(remotePath, folder);
        ThrowIfUnsafe(SafePath.CheckNoLinks(_destination, fullPath), remotePath);
        _checkedFolders.TryAdd(folder, 0);
    }

    /// <summary>
    /// Makes <paramref name="folder"/> and its parents. A failure is not worth another attempt (a file in the way stays
    /// there): that file fails at once, naming what is in the way; a full or read-only disk stops the download (see
    /// <see cref="DownloadAsync"/>).
    /// </summary>
    private static void MakeFolder(string remotePath, string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (IOException ex) when (!RefusesEveryWrite(ex))
        {
            var inTheWay = folder;
            while (inTheWay is not null && !File.Exists(inTheWay))
            {
                inTheWay = Path.GetDirectoryName(inTheWay);
            }

            throw new DominoDownloadException(
                inTheWay is null
                    ? $"Downloading '{remotePath}' failed: the folder '{folder}' could not be made: {ex.Message}"
                    : $"Downloading '{remotePath}' failed: '{inTheWay}' is a file where the download needs a folder; move it away, or choose another destination folder.",
                null,
                ex);
        }
    }

    /// <summary>Before a file gets its name: every listed byte arrived, and the whole way from the destination to <paramref name="path"/> is (still) free of links.</summary>
    private void CheckComplete(DominoFile file, string path, long received)
    {
        if (received != file.Size)
        {
            throw new IOException($"The download was cut short: {received} of the listed {file.Size} bytes arrived.");
        }

        ThrowIfUnsafe(_destination is null ? null : SafePath.CheckNoLinks(_destination, path), file.Path);
    }

    /// <summary>An unnamed file in <paramref name="folder"/>, unless this download found them unavailable.</summary>
    private SafeFileHandle? TryCreateUnnamed(string folder)
    {
        if (!_unnamedFiles)
        {
            return null;
        }

        var handle = UnnamedFile.TryCreate(folder);
        if (handle is null)
        {
            // The file system does not make them (or the folder refuses): named .partial files for the rest of the download.
            _unnamedFiles = false;
        }

        return handle;
    }

    /// <summary>Writes at <paramref name="offset"/>: a blocking call off Windows (see <see cref="AsyncWrites"/>), overlapped on Windows.</summary>
    private static ValueTask WriteAsync(SafeFileHandle target, ReadOnlyMemory<byte> bytes, long offset, CancellationToken cancellationToken)
    {
        if (AsyncWrites)
        {
            return RandomAccess.WriteAsync(target, bytes, offset, cancellationToken);
        }

        RandomAccess.Write(target, bytes.Span, offset);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Gives a complete unnamed file its name. Over an existing file it gets a fresh <c>.partial</c> name first and is
    /// then renamed over it (a replacement stays atomic). Where naming it is refused, its bytes are copied into a named
    /// <c>.partial</c> file, and the rest of the download writes named files.
    /// </summary>
    private async Task NameAsync(DominoFile file, SafeFileHandle unnamed, string fullPath, string folder, CancellationToken cancellationToken)
    {
        var linked = await InFolderTurnAsync(
            folder, (Link, Unnamed: unnamed, Path: fullPath), static name => name.Link(name.Unnamed, name.Path), cancellationToken).ConfigureAwait(false);
        if (linked == UnnamedFile.LinkResult.Linked)
        {
            return;
        }

        // What has the name is replaced by the rename below: refused if it is a link.
        ThrowIfUnsafe(_destination is null ? null : SafePath.CheckNoLinks(_destination, fullPath, checkedFolder: folder), file.Path);
        var partialPath = PartialPathFor(fullPath);
        try
        {
            if (linked == UnnamedFile.LinkResult.Unavailable || Link(unnamed, partialPath) != UnnamedFile.LinkResult.Linked)
            {
                _unnamedFiles = false;
                CopyToNamed(unnamed, partialPath, file.Size);
            }

            await RenameOverAsync(partialPath, fullPath, folder, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            TryDelete(partialPath);
            throw;
        }
    }

    /// <summary>A fresh name next to the target for a file not complete yet (random, so two downloads into one folder never share one).</summary>
    private static string PartialPathFor(string fullPath) => $"{fullPath}.{Guid.NewGuid().ToString("N")[..8]}.partial";

    /// <summary>Moves a complete <c>.partial</c> file over the target (replacing an old copy in one step), in its folder's turn.</summary>
    private ValueTask<bool> RenameOverAsync(string partialPath, string fullPath, string folder, CancellationToken cancellationToken) =>
        InFolderTurnAsync(folder, (From: partialPath, To: fullPath), static move =>
        {
            File.Move(move.From, move.To, overwrite: true);
            return true;
        }, cancellationToken);

    private static void CopyToNamed(SafeFileHandle unnamed, string partialPath, long size)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(size, 1));
        try
        {
            var read = 0;
            while (read < size)
            {
                var n = RandomAccess.Read(unnamed, buffer.AsSpan(read, (int)size - read), read);
                read += n > 0 ? n : throw new IOException($"The downloaded file ended after {read} of {size} bytes.");
            }

            using var named = new FileStream(partialPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            named.Write(buffer, 0, (int)size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Runs a call that adds a name to <paramref name="folder"/>, one such call per folder at a time.</summary>
    /// <remarks>
    /// The call takes its state as an argument and a free turn is taken without an async step: a download of small files
    /// comes here once or twice per file, and a closure and a task each time added up.
    /// </remarks>
    private ValueTask<T> InFolderTurnAsync<TState, T>(string folder, TState state, Func<TState, T> call, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        var turn = _folderTurns.GetOrAdd(folder, static _ => new SemaphoreSlim(1, 1));
        if (!turn.Wait(0, CancellationToken.None))
        {
            return WaitForTurnAsync(turn, state, call, cancellationToken);
        }

        try
        {
            return ValueTask.FromResult(call(state));
        }
        finally
        {
            turn.Release();
        }

        static async ValueTask<T> WaitForTurnAsync(SemaphoreSlim turn, TState state, Func<TState, T> call, CancellationToken cancellationToken)
        {
            await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return call(state);
            }
            finally
            {
                turn.Release();
            }
        }
    }

    private static void ThrowIfUnsafe(string? error, string remotePath)
    {
        if (error is not null)
        {
            throw new DominoDownloadException(DownloadPlanner.Refused(remotePath, error).Error);
        }
    }

    /// <summary>
    /// A failure of the destination's file system that every later write meets too: no space left (ENOSPC; on Windows
    /// ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL), over the disk quota (EDQUOT), read-only (EROFS; ERROR_WRITE_PROTECT).
    /// .NET gives the system's code as the <see cref="IOException"/>'s HResult: the errno off Windows, the Win32 code
    /// as an HRESULT on Windows. Network failures never carry these codes.
    /// </summary>
    internal static bool RefusesEveryWrite(Exception ex)
    {
        if (ex is not IOException { HResult: var code })
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return (uint)code >> 16 == 0x8007 && (code & 0xFFFF) is 112 or 39 or 19;
        }

        const int NoSpace = 28, ReadOnly = 30;
        var overQuota = OperatingSystem.IsLinux() ? 122 : 69; // EDQUOT: Linux, the BSDs and macOS
        return code == NoSpace || code == ReadOnly || code == overQuota;
    }

    /// <summary>Failures of the body worth another attempt: the connection, a cut or malformed body, a timed-out read.</summary>
    private static bool IsTransient(Exception ex) =>
        ex is not PathTooLongException
        && ex is IOException or HttpRequestException or DominoServerException or DominoConnectionException or DominoResponseFormatException
            or OperationCanceledException or TimeoutException;

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

    /// <summary>
    /// The destination refuses every further write (<see cref="RefusesEveryWrite"/>): no other file of the download can
    /// be written either, so the download stops at once instead of trying each one.
    /// </summary>
    internal sealed class DestinationRefusedException(string message, Exception inner) : DominoDownloadException(message, null, inner)
    {
        /// <summary>What the user can do about it, in every front end's words.</summary>
        public const string Advice = "Free space there, or choose another destination folder.";
    }

    /// <summary>Opening the blob failed after the HTTP pipeline's own retries: not retried again here.</summary>
    private sealed class OpenFailedException(Exception inner) : Exception(inner.Message, inner);
}
