using System.Text;

namespace Domino.Client.Tests.Downloading;

public sealed class DownloadSafetyTests : IDisposable
{
    private readonly FakeProject _project = new();

    public DownloadSafetyTests()
    {
        // The destination is a sub-folder of the test's root, so a file escaping it would show up in the root.
        Directory.CreateDirectory(_project.Destination);
    }

    public void Dispose() => _project.Dispose();

    private static DominoDownloadOptions Tolerant() => new() { ThrowOnFailure = false };

    [Theory]
    [InlineData("/abs.txt")]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("a/../b.txt")]
    [InlineData("./b.txt")]
    [InlineData("a/./b.txt")]
    [InlineData("C:/escape.txt")]
    [InlineData("c:escape.txt")]
    [InlineData("a\\..\\..\\escape.txt")]
    [InlineData("..\\escape.txt")]
    [InlineData("a//b.txt")]
    [InlineData("a/")]
    [InlineData("a\0b.txt")]
    [InlineData("a\u001bb.txt")]
    public async Task DownloadCommit_refuses_an_unsafe_listed_path_and_writes_nothing_for_it(string path)
    {
        var evil = _project.Add(path, "evil");
        _project.Add("safe.txt", "safe");

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, Tolerant());

        var failure = Assert.Single(report.Failed);
        Assert.Equal(path, failure.RemotePath);
        Assert.StartsWith("Refused", failure.Error);
        Assert.Contains("nothing was written", failure.Error);
        Assert.Contains(_project.Log.Entries, e => e.Level == DominoLogLevel.Warning && e.Message == failure.Error);
        Assert.Equal(0, _project.OpensOf(evil));
        Assert.Equal(["dest/.domino-download.json", "dest/safe.txt"], _project.AllFilesUnderRoot());
        Assert.DoesNotContain(path, File.ReadAllText(Path.Combine(_project.Destination, ".domino-download.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadCommit_throws_for_an_unsafe_listed_path_by_default_after_writing_the_safe_files()
    {
        _project.Add("../escape.txt", "evil");
        _project.Add("safe.txt", "safe");

        var error = await Assert.ThrowsAsync<DominoDownloadException>(
            () => _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination));

        Assert.Contains("Refused '../escape.txt': the path has a '..' segment", error.Message);
        Assert.Equal("safe", _project.ReadLocal("safe.txt"));
        Assert.False(File.Exists(Path.Combine(_project.Root, "escape.txt")));
    }

    [Fact]
    public async Task DownloadCommit_refuses_to_write_through_a_folder_link_in_the_destination()
    {
        var outside = Path.Combine(_project.Root, "outside");
        Directory.CreateDirectory(outside);
        Directory.CreateSymbolicLink(Path.Combine(_project.Destination, "link"), outside);
        var evil = _project.Add("link/evil.txt", "evil");
        var deeper = _project.Add("link/sub/deeper.txt", "deeper");
        _project.Add("safe.txt", "safe");

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, Tolerant());

        Assert.Equal(["link/evil.txt", "link/sub/deeper.txt"], report.Failed.Select(f => f.RemotePath));
        Assert.All(report.Failed, f => Assert.StartsWith($"Refused '{f.RemotePath}': 'link' in the destination is a link", f.Error));
        Assert.Contains(_project.Log.Entries, e => e.Level == DominoLogLevel.Warning && e.Message.StartsWith("Refused 'link/evil.txt'", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Equal(0, _project.OpensOf(evil));
        Assert.Equal(0, _project.OpensOf(deeper));
        Assert.Equal("safe", _project.ReadLocal("safe.txt"));
    }

    [Fact]
    public async Task DownloadCommit_refuses_to_write_through_a_deeper_folder_link()
    {
        var outside = Path.Combine(_project.Root, "outside");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(_project.Local("a/b"));
        Directory.CreateSymbolicLink(_project.Local("a/b/c"), outside);
        _project.Add("a/b/c/d/evil.txt", "evil");

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, Tolerant());

        Assert.Contains("'a/b/c' in the destination is a link", Assert.Single(report.Failed).Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [Fact]
    public async Task DownloadCommit_refuses_to_replace_a_file_link_in_the_destination()
    {
        var outsideFile = Path.Combine(_project.Root, "outside.txt");
        await File.WriteAllTextAsync(outsideFile, "outside");
        File.CreateSymbolicLink(_project.Local("file.txt"), outsideFile);
        _project.Add("file.txt", "evil");

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, Tolerant());

        Assert.Contains("'file.txt' in the destination is a link", Assert.Single(report.Failed).Error);
        Assert.Equal("outside", await File.ReadAllTextAsync(outsideFile));
        Assert.Equal(outsideFile, new FileInfo(_project.Local("file.txt")).LinkTarget);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(2 * 1024 * 1024)]
    public async Task DownloadCommit_refuses_a_file_link_in_a_folder_an_earlier_file_was_written_to(int size)
    {
        // One file at a time, so b.txt comes when data/ is known free of links and its own name is checked only when
        // it is named (small files: unnamed, then linked; large: a .partial file renamed over the name).
        var outsideFile = Path.Combine(_project.Root, "outside.txt");
        await File.WriteAllTextAsync(outsideFile, "outside");
        Directory.CreateDirectory(_project.Local("data"));
        File.CreateSymbolicLink(_project.Local("data/b.txt"), outsideFile);
        _project.Add("data/a.txt", new byte[size]);
        _project.Add("data/b.txt", new byte[size]);
        var options = Tolerant();
        options.MaxParallelism = 1;

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, options);

        Assert.Equal("data/a.txt", Assert.Single(report.Written).RemotePath);
        Assert.Contains("'data/b.txt' in the destination is a link", Assert.Single(report.Failed).Error);
        Assert.Equal("outside", await File.ReadAllTextAsync(outsideFile));
        Assert.Equal(outsideFile, new FileInfo(_project.Local("data/b.txt")).LinkTarget);
        Assert.Empty(Directory.GetFiles(_project.Local("data"), "*.partial"));
    }

    [Fact]
    public async Task DownloadCommit_refuses_a_dangling_link_in_the_destination()
    {
        var missing = Path.Combine(_project.Root, "not-yet");
        Directory.CreateSymbolicLink(_project.Local("link"), missing);
        _project.Add("link/evil.txt", "evil");

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, Tolerant());

        Assert.Contains("'link' in the destination is a link", Assert.Single(report.Failed).Error);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task DownloadCommit_does_not_skip_a_file_that_became_a_link_since_the_last_download()
    {
        _project.Add("a.txt", "alpha");
        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);
        var outsideFile = Path.Combine(_project.Root, "outside.txt");
        await File.WriteAllTextAsync(outsideFile, "12345");
        File.Delete(_project.Local("a.txt"));
        File.CreateSymbolicLink(_project.Local("a.txt"), outsideFile);

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, Tolerant());

        Assert.Empty(report.Skipped);
        Assert.Contains("is a link", Assert.Single(report.Failed).Error);
        Assert.Equal("12345", await File.ReadAllTextAsync(outsideFile));
    }

    [Fact]
    public async Task DownloadCommit_refuses_a_file_whose_path_is_also_the_folder_of_another()
    {
        var asFile = _project.Add("data", "a file");
        var inside = _project.Add("data/x.csv", "inside");
        _project.Add("safe.txt", "safe");

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, Tolerant());

        Assert.Equal(["data", "data/x.csv"], report.Failed.Select(f => f.RemotePath).Order(StringComparer.Ordinal));
        Assert.Equal(0, _project.OpensOf(asFile) + _project.OpensOf(inside));
        Assert.Equal(["dest/.domino-download.json", "dest/safe.txt"], _project.AllFilesUnderRoot());
    }

    [Fact]
    public async Task DownloadCommit_refuses_a_listed_file_that_would_overwrite_the_manifest()
    {
        var evil = _project.Add(".domino-download.json", "{}");
        _project.Add("safe.txt", "safe");

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, Tolerant());

        Assert.Contains("would overwrite the download manifest", Assert.Single(report.Failed).Error);
        Assert.Equal(0, _project.OpensOf(evil));
        Assert.Contains("safe.txt", _project.ReadLocal(".domino-download.json"));
    }

    [Fact]
    public async Task DownloadCommit_refuses_two_listed_files_with_the_same_path()
    {
        _project.Add("twice.txt", "one");
        _project.Add("twice.txt", "two");

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, Tolerant());

        Assert.Equal(2, report.Failed.Count);
        Assert.All(report.Failed, f => Assert.Contains("would all be written to 'twice.txt'", f.Error));
        Assert.False(File.Exists(_project.Local("twice.txt")));
        Assert.Empty(_project.Opens);
    }

    [Fact]
    public async Task DownloadCommit_writes_no_partial_or_final_file_outside_the_destination_for_a_relative_destination()
    {
        _project.Add("../escape.txt", "evil");
        _project.Add("sub/ok.txt", "ok");
        var previous = Environment.CurrentDirectory;
        var relativeDestination = Path.GetRelativePath(previous, _project.Destination);

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, relativeDestination, Tolerant());

        Assert.Equal(_project.Destination, report.Destination);
        Assert.Equal("ok", _project.ReadLocal("sub/ok.txt"));
        Assert.Equal(["dest/.domino-download.json", "dest/sub/ok.txt"], _project.AllFilesUnderRoot());
        Assert.Equal(Encoding.UTF8.GetBytes("ok"), File.ReadAllBytes(report.Written.Single().LocalPath));
    }
}
