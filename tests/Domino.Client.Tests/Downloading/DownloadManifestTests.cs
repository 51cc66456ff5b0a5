using System.Text.Json;

namespace Domino.Client.Tests.Downloading;

public sealed class DownloadManifestTests : IDisposable
{
    private readonly FakeProject _project = new();

    public void Dispose() => _project.Dispose();

    private string ManifestPath => Path.Combine(_project.Destination, ".domino-download.json");

    [Fact]
    public async Task DownloadCommit_writes_a_manifest_of_the_files_with_local_paths_relative_to_the_destination()
    {
        var a = _project.Add("results/a.png", "aaa");
        var b = _project.Add("results/sub/b.csv", "bbbbb");

        await _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { RemotePath = "results", StripRemotePath = true });

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(ManifestPath));
        var root = json.RootElement;
        Assert.Equal(FakeProject.CommitId, root.GetProperty("commitId").GetString());
        var files = root.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(2, files.Count);
        Assert.Equal("results/a.png", files[0].GetProperty("remotePath").GetString());
        Assert.Equal("a.png", files[0].GetProperty("localPath").GetString());
        Assert.Equal(a.Key, files[0].GetProperty("key").GetString());
        Assert.Equal(3, files[0].GetProperty("size").GetInt64());
        Assert.Equal("results/sub/b.csv", files[1].GetProperty("remotePath").GetString());
        Assert.Equal("sub/b.csv", files[1].GetProperty("localPath").GetString());
        Assert.Equal(b.Key, files[1].GetProperty("key").GetString());
        Assert.Equal(5, files[1].GetProperty("size").GetInt64());
        Assert.DoesNotContain(FakeProject.AllFiles(_project.Destination), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DownloadCommit_skips_files_unchanged_since_the_last_download()
    {
        var same = _project.Add("same.txt", "unchanged");
        _project.Add("changed.txt", "version 1");
        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);
        _project.Files.RemoveAt(1);
        var changed = _project.Add("changed.txt", "version 2");
        _project.Opens.Clear();

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal(0, _project.OpensOf(same));
        Assert.Equal(1, _project.OpensOf(changed));
        Assert.Equal("version 2", _project.ReadLocal("changed.txt"));
        Assert.Equal(new DominoDownloadedFile("same.txt", _project.Local("same.txt"), same.Key, 9), Assert.Single(report.Skipped));
        Assert.Equal("changed.txt", Assert.Single(report.Written).RemotePath);
        Assert.Equal(9, report.BytesWritten);
        Assert.Contains(_project.Log.Entries, e => e.Level == DominoLogLevel.Information && e.Message.StartsWith("Downloaded 1 file (9 B), 1 already up to date", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DownloadCommit_keeps_skipped_and_written_files_in_the_new_manifest()
    {
        _project.Add("same.txt", "unchanged");
        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);
        var added = _project.Add("new.txt", "new");

        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        var manifest = await File.ReadAllTextAsync(ManifestPath);
        Assert.Contains("\"same.txt\"", manifest);
        Assert.Contains(added.Key, manifest);
    }

    [Fact]
    public async Task DownloadCommit_downloads_again_a_file_whose_local_copy_changed_size()
    {
        var file = _project.Add("a.txt", "original");
        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);
        await File.WriteAllTextAsync(_project.Local("a.txt"), "edited locally");

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal(2, _project.OpensOf(file));
        Assert.Equal("original", _project.ReadLocal("a.txt"));
        Assert.Single(report.Written);
    }

    [Fact]
    public async Task DownloadCommit_downloads_again_a_file_deleted_locally()
    {
        var file = _project.Add("a.txt", "original");
        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);
        File.Delete(_project.Local("a.txt"));

        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal(2, _project.OpensOf(file));
        Assert.Equal("original", _project.ReadLocal("a.txt"));
    }

    [Fact]
    public async Task DownloadCommit_does_not_skip_a_same_size_file_without_a_manifest_entry()
    {
        var file = _project.Add("a.txt", "12345");
        Directory.CreateDirectory(_project.Destination);
        await File.WriteAllTextAsync(_project.Local("a.txt"), "abcde");

        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal(1, _project.OpensOf(file));
        Assert.Equal("12345", _project.ReadLocal("a.txt"));
    }

    [Fact]
    public async Task DownloadCommit_downloads_everything_when_SkipUnchanged_is_off()
    {
        var file = _project.Add("a.txt", "alpha");
        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        var report = await _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { SkipUnchanged = false });

        Assert.Equal(2, _project.OpensOf(file));
        Assert.Empty(report.Skipped);
        Assert.True(File.Exists(ManifestPath));
    }

    [Fact]
    public async Task DownloadCommit_ignores_a_corrupt_manifest_with_a_warning()
    {
        var file = _project.Add("a.txt", "alpha");
        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);
        await File.WriteAllTextAsync(ManifestPath, "{ not json");

        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        Assert.Equal(2, _project.OpensOf(file));
        Assert.Contains(_project.Log.Entries, e => e.Level == DominoLogLevel.Warning && e.Message.Contains("manifest"));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(ManifestPath));
        Assert.Single(json.RootElement.GetProperty("files").EnumerateArray());
    }

    [Fact]
    public async Task DownloadCommit_uses_the_given_ManifestFileName()
    {
        var file = _project.Add("a.txt", "alpha");
        var options = new DominoDownloadOptions { ManifestFileName = "files.json" };
        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, options);

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination, options);

        Assert.Equal(Path.Combine(_project.Destination, "files.json"), report.ManifestPath);
        Assert.False(File.Exists(ManifestPath));
        Assert.Equal(1, _project.OpensOf(file));
    }

    [Fact]
    public async Task DownloadCommit_drops_failed_files_from_the_manifest_so_they_are_fetched_next_time()
    {
        var file = _project.Add("a.txt", "alpha");
        await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);
        _project.Files.Clear();
        var changed = _project.Add("a.txt", "ALPHA");
        _project.Client.Options.Retry.MaxRetries = 0;
        _project.OpenStream = (_, _) => new MemoryStream([]);

        var report = await _project.Client.DownloadCommitAsync(
            FakeProject.CommitId, _project.Destination, new DominoDownloadOptions { ThrowOnFailure = false });

        Assert.Single(report.Failed);
        Assert.Equal("alpha", _project.ReadLocal("a.txt"));
        var manifest = await File.ReadAllTextAsync(ManifestPath);
        Assert.DoesNotContain(file.Key, manifest);
        Assert.DoesNotContain(changed.Key, manifest);
    }
}
