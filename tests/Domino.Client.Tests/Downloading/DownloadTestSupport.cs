using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Domino.Client;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Domino.Client.Tests.Downloading;

/// <summary>
/// A mocked project client serving a commit listing and blobs from memory, with a fake clock, a recording logger,
/// and a temporary folder (deleted on dispose) holding the destination.
/// </summary>
internal sealed partial class FakeProject : IDisposable
{
    public const string CommitId = "a4dc3ec5b22e8e2a0cd1bbdcc8e1c4de8c6a2f3e";
    public const string RunId = "553af271e4b0364c0f717b24";

    public FakeProject()
    {
        Root = Path.Combine(Path.GetTempPath(), "domino-download-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Destination = Path.Combine(Root, "dest");

        // Every pause of an outage is told in the log once it is on the clock: Drive moves the clock by it.
        Log.OnPause = message =>
        {
            if (TryingAgain().Match(message) is { Success: true } match)
            {
                Paused(TimeSpan.FromSeconds(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
            }
        };

        Mock = new Mock<DominoProjectClient> { CallBase = true };
        Client.Options.TimeProvider = Time;
        Client.Options.Logger = Log;
        Client.Options.Random = new Random(42);
        Client.Options.Retry.BaseDelay = TimeSpan.Zero;
        Client.Options.Retry.MaxDelay = TimeSpan.Zero;

        Mock.Setup(c => c.ListFilesAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Returns((string commitId, string? path, CancellationToken _) =>
            {
                ListedPaths.Enqueue(path);
                ListedCommits.Enqueue(commitId);
                OnList?.Invoke();
                var files = CommitFiles.TryGetValue(commitId, out var own) ? own : Files;
                return Task.FromResult<IReadOnlyList<DominoFile>>(files.ToList());
            });
        Mock.Setup(c => c.OpenBlobAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string key, CancellationToken ct) =>
            {
                ct.ThrowIfCancellationRequested();
                var attempt = Opens.AddOrUpdate(key, 1, (_, n) => n + 1);
                return Task.FromResult(OpenStream?.Invoke(key, attempt) ?? new MemoryStream(Blobs[key], writable: false));
            });
    }

    public Mock<DominoProjectClient> Mock { get; }

    public DominoProjectClient Client => Mock.Object;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public RecordingLogger Log { get; } = new();

    /// <summary>The listing returned for any commit and path.</summary>
    public List<DominoFile> Files { get; } = [];

    /// <summary>The listing of a given commit, instead of <see cref="Files"/> (e.g. a run's input commit).</summary>
    public Dictionary<string, List<DominoFile>> CommitFiles { get; } = [];

    /// <summary>The commit argument of each ListFilesAsync call.</summary>
    public ConcurrentQueue<string> ListedCommits { get; } = new();

    /// <summary>Blob contents by key.</summary>
    public Dictionary<string, byte[]> Blobs { get; } = [];

    /// <summary>How many times each blob was opened.</summary>
    public ConcurrentDictionary<string, int> Opens { get; } = new();

    /// <summary>The path argument of each ListFilesAsync call.</summary>
    public ConcurrentQueue<string?> ListedPaths { get; } = new();

    /// <summary>Replaces the stream for a blob: (key, attempt starting at 1) to a stream, or null for the plain content.</summary>
    public Func<string, int, Stream?>? OpenStream { get; set; }

    /// <summary>Runs on each listing request.</summary>
    public Action? OnList { get; set; }

    public string Root { get; }

    public string Destination { get; }

    public static string KeyOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 20));

    public DominoFile Add(string path, string text) => Add(path, Encoding.UTF8.GetBytes(text));

    public DominoFile Add(string path, byte[] content)
    {
        var file = new DominoFile { Path = path, Key = KeyOf(content), Size = content.Length };
        Files.Add(file);
        Blobs[file.Key] = content;
        return file;
    }

    /// <summary>
    /// Says the code under test now waits <paramref name="length"/> on the fake clock (call it once the delay is
    /// registered): <see cref="Drive{T}"/> then moves the clock by exactly that much.
    /// </summary>
    public void Paused(TimeSpan length)
    {
        _pauseLengths.Enqueue(length);
        _pauses.Release();
    }

    /// <summary>
    /// Awaits <paramref name="task"/>, moving the fake clock only while the code waits on it: at each pause it is told
    /// of (<see cref="Paused"/>, and every "trying again in N s" line of an outage), by exactly its length. The download's
    /// workers run on the thread pool, so the clock never moves ahead of them.
    /// </summary>
    public async Task<T> Drive<T>(Task<T> task)
    {
        while (!task.IsCompleted)
        {
            var pause = _pauses.WaitAsync();
            var first = await Task.WhenAny(task, pause).WaitAsync(TimeSpan.FromSeconds(30));
            if (first == task)
            {
                break;
            }

            Assert.True(_pauseLengths.TryDequeue(out var length));
            Time.Advance(length);
        }

        return await task;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"; trying again in (\d+) s\.$")]
    private static partial System.Text.RegularExpressions.Regex TryingAgain();

    private readonly SemaphoreSlim _pauses = new(0);
    private readonly ConcurrentQueue<TimeSpan> _pauseLengths = new();

    public int OpensOf(DominoFile file) => Opens.TryGetValue(file.Key, out var n) ? n : 0;

    public string Local(string relative) => Path.Combine(Destination, relative.Replace('/', Path.DirectorySeparatorChar));

    public string ReadLocal(string relative) => File.ReadAllText(Local(relative));

    /// <summary>Every file under the temporary root, relative to it, with '/' separators (links not followed).</summary>
    public List<string> AllFilesUnderRoot() => AllFiles(Root);

    public static List<string> AllFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

internal sealed class RecordingLogger : IDominoLogger
{
    private readonly ConcurrentQueue<(DominoLogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(DominoLogLevel Level, string Message)> Entries => _entries.ToList();

    public Action<DominoLogLevel, string>? OnLog { get; set; }

    /// <summary>What <see cref="IsEnabled"/> answers (every level by default).</summary>
    public Func<DominoLogLevel, bool> Enabled { get; set; } = _ => true;

    public bool IsEnabled(DominoLogLevel level) => Enabled(level);

    /// <summary>Sees every Debug line (set by <see cref="FakeProject"/> to learn of pauses), apart from what tests set in <see cref="OnLog"/>.</summary>
    public Action<string>? OnPause { get; set; }

    public void Log(DominoLogLevel level, string message)
    {
        _entries.Enqueue((level, message));
        if (level == DominoLogLevel.Debug)
        {
            OnPause?.Invoke(message);
        }

        OnLog?.Invoke(level, message);
    }
}

/// <summary>Collects progress reports synchronously, in order.</summary>
internal sealed class RecordingProgress : IProgress<DominoDownloadProgress>
{
    private readonly ConcurrentQueue<DominoDownloadProgress> _reports = new();

    public IReadOnlyList<DominoDownloadProgress> Reports => _reports.ToList();

    public void Report(DominoDownloadProgress value) => _reports.Enqueue(value);
}

/// <summary>
/// A read-only stream for tests: serves <c>content</c> (or generated bytes) in chunks of at most <see cref="ChunkSize"/>,
/// optionally failing after some bytes, calling hooks on each read and on dispose. Allocates nothing per read.
/// </summary>
internal sealed class TestStream : Stream
{
    private static readonly byte[] Pattern = Enumerable.Range(0, 251 * 2048).Select(i => (byte)(i % 251)).ToArray();

    private readonly byte[]? _content;
    private readonly long _length;
    private long _position;

    public TestStream(byte[] content)
    {
        _content = content;
        _length = content.Length;
    }

    private TestStream(long generatedLength)
    {
        _length = generatedLength;
    }

    /// <summary>A stream of <paramref name="length"/> bytes, byte i being <c>i % 251</c>, generated on the fly.</summary>
    public static TestStream Generated(long length, int chunkSize = 64 * 1024) => new(length) { ChunkSize = chunkSize };

    public static byte ExpectedGeneratedByte(long offset) => (byte)(offset % 251);

    public int ChunkSize { get; init; } = 64 * 1024;

    /// <summary>After this many bytes, reads throw <see cref="Failure"/>.</summary>
    public long? FailAfter { get; init; }

    public Func<Exception> Failure { get; init; } = () => new IOException("The connection was reset (test).");

    /// <summary>Awaited before each read, with the position.</summary>
    public Func<long, CancellationToken, ValueTask>? BeforeRead { get; init; }

    public Action? Disposed { get; init; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (BeforeRead is not null)
        {
            await BeforeRead(_position, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ReadCore(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadCore(buffer.AsSpan(offset, count));

    private int ReadCore(Span<byte> buffer)
    {
        if (FailAfter is { } failAfter && _position >= failAfter)
        {
            throw Failure();
        }

        var limit = FailAfter is { } f ? Math.Min(_length, f) : _length;
        var count = (int)Math.Min(Math.Min(buffer.Length, ChunkSize), limit - _position);
        if (count <= 0)
        {
            return 0;
        }

        if (_content is not null)
        {
            _content.AsSpan((int)_position, count).CopyTo(buffer);
        }
        else
        {
            var start = (int)(_position % 251);
            var done = 0;
            while (done < count)
            {
                var n = Math.Min(count - done, Pattern.Length - start);
                Pattern.AsSpan(start, n).CopyTo(buffer[done..]);
                done += n;
                start = 0;
            }
        }

        _position += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Disposed?.Invoke();
        }

        base.Dispose(disposing);
    }
}
