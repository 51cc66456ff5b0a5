using Domino.Client.Downloading;

namespace Domino.Client.Tests.Downloading;

/// <summary>The Linux calls behind unnamed downloads, against a real temporary folder (elsewhere: not available).</summary>
public sealed class UnnamedFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "domino-unnamed-tests", Guid.NewGuid().ToString("N"));

    public UnnamedFileTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void IsAvailable_on_Linux_x64_and_arm64_only()
    {
        var expected = OperatingSystem.IsLinux()
            && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture is System.Runtime.InteropServices.Architecture.X64 or System.Runtime.InteropServices.Architecture.Arm64;

        Assert.Equal(expected, UnnamedFile.IsAvailable);
    }

    [Fact]
    public void An_unnamed_file_has_no_name_until_linked_then_holds_what_was_written()
    {
        using var handle = UnnamedFile.TryCreate(_folder);
        if (!UnnamedFile.IsAvailable)
        {
            Assert.Null(handle);
            return;
        }

        Assert.NotNull(handle);
        RandomAccess.Write(handle, "hello"u8, 0);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));

        var path = Path.Combine(_folder, "a.txt");
        Assert.Equal(UnnamedFile.LinkResult.Linked, UnnamedFile.Link(handle, path));
        handle.Dispose();

        Assert.Equal("hello", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void Linking_over_an_existing_file_leaves_it_untouched_and_says_so()
    {
        var path = Path.Combine(_folder, "a.txt");
        File.WriteAllText(path, "the good old copy");
        using var handle = UnnamedFile.TryCreate(_folder);
        if (handle is null)
        {
            Assert.False(UnnamedFile.IsAvailable);
            return;
        }

        RandomAccess.Write(handle, "new"u8, 0);

        Assert.Equal(UnnamedFile.LinkResult.NameTaken, UnnamedFile.Link(handle, path));
        Assert.Equal("the good old copy", File.ReadAllText(path));
    }

    [Fact]
    public void An_unnamed_file_closed_without_a_name_leaves_nothing_behind()
    {
        using (var handle = UnnamedFile.TryCreate(_folder))
        {
            if (handle is not null)
            {
                RandomAccess.Write(handle, new byte[4096], 0);
            }
        }

        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void TryCreate_in_a_missing_folder_gives_null()
    {
        Assert.Null(UnnamedFile.TryCreate(Path.Combine(_folder, "missing")));
    }
}
