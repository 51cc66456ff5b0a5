using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Domino.Emulator.Internal;

/// <summary>Writes files so that a reader sees the old content or the new one, never a part: a temporary file, then a move.</summary>
internal static class AtomicFile
{
    /// <summary>The suffix of temporary files; stray ones are removed when the store loads.</summary>
    public const string TempSuffix = ".tmp";

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        string temp = TempPathFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void WriteJson<T>(string path, T value, JsonTypeInfo<T> typeInfo) =>
        WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));

    public static T? ReadJson<T>(string path, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        byte[] bytes = File.ReadAllBytes(path);
        return JsonSerializer.Deserialize(bytes, typeInfo);
    }

    public static string TempPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + TempSuffix);

    /// <summary>Deletes a folder with everything in it, then creates it empty.</summary>
    public static void ResetDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
    }

    /// <summary>Removes the temporary files a process left behind when it stopped mid-write.</summary>
    public static void RemoveStrayTempFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (string file in Directory.EnumerateFiles(directory, "." + "*" + TempSuffix))
        {
            TryDelete(file);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
