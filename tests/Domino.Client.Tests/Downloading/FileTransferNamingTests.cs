using Domino.Client.Downloading;
using Domino.Client.Http;

namespace Domino.Client.Tests.Downloading;

/// <summary>
/// Where naming an unnamed file is refused (no <c>/proc</c>, see <see cref="UnnamedFile"/>), its bytes are copied into
/// a <c>.partial</c> file renamed over the target, and the rest of the download writes named files.
/// </summary>
public sealed class FileTransferNamingTests : IDisposable
{
    private readonly FakeProject _project = new();

    public void Dispose() => _project.Dispose();

    private FileTransfer Transfer(Func<Microsoft.Win32.SafeHandles.SafeFileHandle, string, UnnamedFile.LinkResult> link) =>
        new(_project.Client, FakeProject.CommitId, new OutageBudget(_project.Time, TimeSpan.FromMinutes(5), _project.Log, "the test", "still trying", "nothing was done", null), _project.Destination, null)
        {
            Link = link,
        };

    private string Local(string path) => Path.Combine(_project.Destination, path.Replace('/', Path.DirectorySeparatorChar));

    private static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task When_naming_is_refused_the_file_is_copied_into_place_and_the_next_file_is_written_named()
    {
        var a = _project.Add("data/a.bin", Bytes(1000, 1));
        var b = _project.Add("data/b.bin", Bytes(3000, 2));
        var links = 0;
        var transfer = Transfer((_, _) =>
        {
            links++;
            return UnnamedFile.LinkResult.Unavailable;
        });

        await transfer.DownloadAsync(a, Local(a.Path), null, CancellationToken.None);
        await transfer.DownloadAsync(b, Local(b.Path), null, CancellationToken.None);

        Assert.Equal(_project.Blobs[a.Key], await File.ReadAllBytesAsync(Local(a.Path)));
        Assert.Equal(_project.Blobs[b.Key], await File.ReadAllBytesAsync(Local(b.Path)));
        Assert.Equal(["a.bin", "b.bin"], Directory.GetFiles(Local("data")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(UnnamedFile.IsAvailable ? 1 : 0, links); // asked once: the second file was written named
    }

    [Fact]
    public async Task Over_an_old_copy_a_refused_link_to_a_partial_name_falls_back_to_a_copy_and_replaces_the_old_file()
    {
        var a = _project.Add("a.bin", Bytes(1000, 3));
        Directory.CreateDirectory(_project.Destination);
        await File.WriteAllTextAsync(Local(a.Path), "old copy");
        var transfer = Transfer((_, path) => path.EndsWith(".partial", StringComparison.Ordinal)
            ? UnnamedFile.LinkResult.Unavailable
            : UnnamedFile.LinkResult.NameTaken);

        await transfer.DownloadAsync(a, Local(a.Path), null, CancellationToken.None);

        Assert.Equal(_project.Blobs[a.Key], await File.ReadAllBytesAsync(Local(a.Path)));
        Assert.Equal(["a.bin"], Directory.GetFiles(_project.Destination).Select(Path.GetFileName));
    }
}
