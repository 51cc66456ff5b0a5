namespace Domino.Emulator.Testing;

/// <summary>A fresh folder under the system's temporary folder, deleted (best effort) on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <param name="prefix">The start of the folder's name, so a leftover says which tests left it.</param>
    public TempFolder(string prefix = "domino-tests-")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside this folder.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
