using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Domino.Client.Tests.Hostile;

/// <summary>Downloads from a raw server whose listing and blobs lie: hostile paths, wrong sizes, endless or stalled bodies.</summary>
public sealed class HostileDownloadTests : IDisposable
{
    private readonly string _sandbox = Path.Combine(Path.GetTempPath(), "domino-hostile-" + Guid.NewGuid().ToString("N")[..12]);

    public HostileDownloadTests()
    {
        Directory.CreateDirectory(_sandbox);
        Destination = Path.Combine(_sandbox, "dest");
    }

    private string Destination { get; }

    public void Dispose() => Directory.Delete(_sandbox, recursive: true);

    private sealed record Listed(string Path, long Size, string Key);

    /// <summary>Serves a listing and blobs by key; counts blob requests per key.</summary>
    private static RawServer Serve(IEnumerable<Listed> listing, IReadOnlyDictionary<string, Func<RawConnection, Task>> blobs, ConcurrentDictionary<string, int> blobRequests)
    {
        var json = JsonSerializer.Serialize(new
        {
            @object = "list",
            data = listing.Select(f => new { path = f.Path, size = f.Size, key = f.Key, lastModified = 1427432389000 }),
        });
        return new RawServer((request, c) =>
        {
            if (request.Path.Contains("/files/", StringComparison.Ordinal))
            {
                return c.RespondAsync(200, json);
            }

            var key = request.Path[(request.Path.LastIndexOf('/') + 1)..];
            blobRequests.AddOrUpdate(key, 1, (_, n) => n + 1);
            return blobs.TryGetValue(key, out var blob) ? blob(c) : c.RespondAsync(404, "{\"message\": \"no such blob\"}");
        });
    }

    private static Func<RawConnection, Task> Bytes(byte[] content) => c => c.RespondBytesAsync(content);

    private List<string> EverythingInSandbox() =>
        Directory.EnumerateFileSystemEntries(_sandbox, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_sandbox, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public async Task Hostile_listed_paths_are_refused_and_nothing_is_written_outside_the_destination()
    {
        var ok = "fine\n"u8.ToArray();
        string[] hostile =
        [
            "../x", "/../etc/passwd", "C:\\x", "C:/x", "a/../../b", "a\\..\\..\\b", "./y", "sub/../../../z", "a//b", "nul\0.txt",
            new string('L', 300), "deep/" + new string('\u00e9', 200) + ".txt",
        ];
        var listing = new List<Listed> { new("ok.txt", ok.Length, Hostile.Key(ok)), new("dup.txt", 3, Hostile.Key("d1")), new("dup.txt", 3, Hostile.Key("d2")) };
        listing.AddRange(hostile.Select(p => new Listed(p, 3, Hostile.Key(p))));
        var blobs = listing.ToDictionary(f => f.Key, f => f.Path == "ok.txt" ? Bytes(ok) : Bytes("bad"u8.ToArray()));
        var requests = new ConcurrentDictionary<string, int>();
        await using var server = Serve(listing, blobs, requests);
        using var client = Hostile.Client(server);

        var error = Hostile.AssertUsable<DominoDownloadException>(
            await Hostile.Catch(() => Hostile.Project(client).DownloadCommitAsync(Hostile.CommitId, Destination)));

        var report = error.Report!;
        Assert.Equal(["ok.txt"], report.Written.Select(f => f.RemotePath));
        Assert.Equal(hostile.Length + 2, report.Failed.Count);
        Assert.Equal(["dest", "dest/.domino-download.json", "dest/ok.txt"], EverythingInSandbox());
        Assert.Equal(ok, await File.ReadAllBytesAsync(Path.Combine(Destination, "ok.txt")));
        Assert.Equal([Hostile.Key(ok)], requests.Keys);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_listed_path_with_a_leading_slash_is_read_as_relative_and_lands_inside_the_destination()
    {
        // The listing parser tolerates a leading '/' (FilesTests): "/etc/passwd" is the project's etc/passwd, never the system's.
        var content = "not the system's\n"u8.ToArray();
        var requests = new ConcurrentDictionary<string, int>();
        await using var server = Serve([new("/etc/passwd", content.Length, Hostile.Key(content))],
            new Dictionary<string, Func<RawConnection, Task>> { [Hostile.Key(content)] = Bytes(content) }, requests);
        using var client = Hostile.Client(server);

        var report = await Hostile.Project(client).DownloadCommitAsync(Hostile.CommitId, Destination).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(["etc/passwd"], report.Written.Select(f => f.RemotePath));
        Assert.Equal(["dest", "dest/.domino-download.json", "dest/etc", "dest/etc/passwd"], EverythingInSandbox());
    }

    [Theory]
    [InlineData(100, 50)]
    [InlineData(10, 50)]
    public async Task A_listed_size_that_lies_is_retried_then_fails_keeping_the_existing_file(long listed, int actual)
    {
        var content = Enumerable.Repeat((byte)'n', actual).ToArray();
        var key = Hostile.Key("lying");
        var requests = new ConcurrentDictionary<string, int>();
        await using var server = Serve([new("f.txt", listed, key)], new Dictionary<string, Func<RawConnection, Task>> { [key] = Bytes(content) }, requests);
        using var client = Hostile.Client(server);
        Directory.CreateDirectory(Destination);
        await File.WriteAllTextAsync(Path.Combine(Destination, "f.txt"), "the good old copy");

        var error = Hostile.AssertUsable<DominoDownloadException>(
            await Hostile.Catch(() => Hostile.Project(client).DownloadCommitAsync(Hostile.CommitId, Destination)));

        Assert.Contains("f.txt", error.Message);
        Assert.Equal(3, requests[key]);
        Assert.Equal("the good old copy", await File.ReadAllTextAsync(Path.Combine(Destination, "f.txt")));
        Assert.Equal(["dest", "dest/.domino-download.json", "dest/f.txt"], EverythingInSandbox());
    }

    [Fact]
    public async Task A_blob_that_never_ends_is_cut_at_the_listed_size_and_fails()
    {
        var key = Hostile.Key("endless");
        var sent = new ConcurrentBag<long>();
        var requests = new ConcurrentDictionary<string, int>();
        await using var server = Serve([new("endless.bin", 1000, key)], new Dictionary<string, Func<RawConnection, Task>>
        {
            [key] = async c =>
            {
                try
                {
                    // No Content-Length: the body runs until the connection closes.
                    await c.WriteHeadAsync(200, "OK", "Content-Type: application/octet-stream");
                    await c.WriteRepeatedAsync(new byte[64 * 1024], long.MaxValue);
                }
                finally
                {
                    sent.Add(c.BodyBytesWritten);
                }
            },
        }, requests);
        using var client = Hostile.Client(server);

        var error = Hostile.AssertUsable<DominoDownloadException>(
            await Hostile.Catch(() => Hostile.Project(client).DownloadCommitAsync(Hostile.CommitId, Destination)));

        Assert.Contains("more than the listed 1000 bytes", error.Message);
        Assert.Equal(["dest", "dest/.domino-download.json"], EverythingInSandbox());
        Assert.Equal(3, requests[key]);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task A_blob_body_that_stalls_is_cut_by_the_request_timeout_then_retried_then_fails()
    {
        var key = Hostile.Key("stall");
        var requests = new ConcurrentDictionary<string, int>();
        await using var server = Serve([new("stall.bin", 1000, key)], new Dictionary<string, Func<RawConnection, Task>>
        {
            [key] = async c =>
            {
                await c.WriteHeadAsync(200, "OK", "Content-Type: application/octet-stream", "Content-Length: 1000");
                await c.WriteBodyAsync(new byte[10]);
                await c.StallAsync();
            },
        }, requests);
        using var client = Hostile.Client(server, configure: o => o.RequestTimeout = TimeSpan.FromSeconds(1));

        var error = Hostile.AssertUsable<DominoDownloadException>(
            await Hostile.Catch(() => Hostile.Project(client).DownloadCommitAsync(Hostile.CommitId, Destination), TimeSpan.FromSeconds(20)));

        Assert.Contains("stalled", error.Message);
        Assert.Equal(3, requests[key]);
        Assert.Equal(["dest", "dest/.domino-download.json"], EverythingInSandbox());
    }

    [Fact]
    public async Task Absurd_listed_sizes_neither_overflow_nor_reserve_the_space()
    {
        var a = Hostile.Key("a");
        var b = Hostile.Key("b");
        var requests = new ConcurrentDictionary<string, int>();
        await using var server = Serve(
            [new("a.bin", long.MaxValue, a), new("b.bin", long.MaxValue - 1, b)],
            new Dictionary<string, Func<RawConnection, Task>> { [a] = Bytes([1, 2, 3]), [b] = Bytes([4, 5]) },
            requests);
        using var client = Hostile.Client(server);

        var error = Hostile.AssertUsable<DominoDownloadException>(
            await Hostile.Catch(() => Hostile.Project(client).DownloadCommitAsync(Hostile.CommitId, Destination)));

        Assert.Equal(2, error.Report!.Failed.Count);
        Assert.Contains("announced 3 bytes, but the listing gives", error.Message);
        Assert.Equal(["dest", "dest/.domino-download.json"], EverythingInSandbox());
    }

    [Fact]
    public async Task A_listed_key_that_is_not_a_key_fails_that_file_without_a_request()
    {
        var ok = "ok"u8.ToArray();
        var requests = new ConcurrentDictionary<string, int>();
        await using var server = Serve(
            [new("ok.txt", ok.Length, Hostile.Key(ok)), new("evil.txt", 3, "../../../admin?x=")],
            new Dictionary<string, Func<RawConnection, Task>> { [Hostile.Key(ok)] = Bytes(ok) },
            requests);
        using var client = Hostile.Client(server);

        var error = Hostile.AssertUsable<DominoDownloadException>(
            await Hostile.Catch(() => Hostile.Project(client).DownloadCommitAsync(Hostile.CommitId, Destination)));

        Assert.Equal(["evil.txt"], error.Report!.Failed.Select(f => f.RemotePath));
        Assert.Equal([Hostile.Key(ok)], requests.Keys);
        Assert.Equal(["dest", "dest/.domino-download.json", "dest/ok.txt"], EverythingInSandbox());
    }

    [Fact]
    public async Task A_run_whose_output_commit_is_not_a_commit_id_gives_a_DominoException()
    {
        await using var server = new RawServer((_, c) => c.RespondAsync(200, Hostile.Run("Succeeded", "../../etc")));
        using var client = Hostile.Client(server);

        var error = Hostile.AssertUsable<DominoException>(
            await Hostile.Catch(() => Hostile.Project(client).DownloadResultsAsync(Hostile.RunId, Destination)));

        Assert.Contains("not a commit id", error.Message);
    }
}
