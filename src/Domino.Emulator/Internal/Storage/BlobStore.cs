namespace Domino.Emulator.Internal.Storage;

/// <summary>Content-addressed file content: <c>blobs/{first two hex}/{sha1}</c>. A blob is written once and never changed.</summary>
internal sealed class BlobStore
{
    private const int BufferSize = 81920;

    private readonly string _tempFolder;

    public BlobStore(string folder, string tempFolder)
    {
        Folder = folder;
        _tempFolder = tempFolder;
    }

    /// <summary>The folder holding the blobs.</summary>
    public string Folder { get; }

    public string PathOf(string key) => Path.Combine(Folder, key[..2], key);

    public bool Exists(string key) => File.Exists(PathOf(key));

    /// <summary>Stores content by its SHA-1: streamed to a temporary file while hashing, then moved into place.</summary>
    public async Task<(string Key, long Size)> StoreAsync(Stream content, CancellationToken cancellationToken)
    {
        string temp = Path.Combine(_tempFolder, Guid.NewGuid().ToString("N") + AtomicFile.TempSuffix);
        try
        {
            long size = 0;
            using var hash = Ids.NewSha1();
            var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
            await using (target.ConfigureAwait(false))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    size += read;
                }
            }

            string key = Convert.ToHexStringLower(hash.GetHashAndReset());
            MoveIntoPlace(temp, key);
            return (key, size);
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }
    }

    /// <summary>Stores a local file's content by its SHA-1.</summary>
    public async Task<(string Key, long Size)> StoreFileAsync(string path, CancellationToken cancellationToken)
    {
        var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, useAsync: true);
        await using (source.ConfigureAwait(false))
        {
            return await StoreAsync(source, cancellationToken).ConfigureAwait(false);
        }
    }

    private void MoveIntoPlace(string temp, string key)
    {
        string destination = PathOf(key);
        if (File.Exists(destination))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        try
        {
            File.Move(temp, destination, overwrite: false);
        }
        catch (IOException) when (File.Exists(destination))
        {
            // Another writer stored the same content first: same bytes, nothing to do.
        }
    }
}
