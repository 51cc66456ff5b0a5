using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Domino.Client.Downloading;

/// <summary>
/// On Linux, a file made without a name in its folder (<c>O_TMPFILE</c>) and given its name only once it is complete
/// (<c>linkat</c>). No name exists while it is written, so nothing half-written is ever visible and nothing is left
/// behind if the process dies; and the folder changes once per file (the link) instead of twice (a <c>.partial</c>
/// name, then the rename), which is most of what creating thousands of small files costs. Where it is not available
/// (another OS or architecture, a file system without it) the caller writes a named <c>.partial</c> file instead.
/// </summary>
internal static partial class UnnamedFile
{
    private const int OpenReadWrite = 0x2;
    private const int OpenCloseOnExec = 0x80000;
    private const int AtCurrentFolder = -100;
    private const int AtFollowLink = 0x400;
    private const int NameExists = 17; // EEXIST
    private const int ReadWriteForAll = 0x1B6; // 0666, less the umask, as any new file

    // O_TMPFILE is __O_TMPFILE | O_DIRECTORY, and O_DIRECTORY differs by architecture.
    private static readonly int OpenUnnamed = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 0x400000 | 0x10000,
        Architecture.Arm64 => 0x400000 | 0x4000,
        _ => 0,
    };

    /// <summary>What <see cref="Link"/> did.</summary>
    public enum LinkResult
    {
        /// <summary>The file has its name.</summary>
        Linked,

        /// <summary>Another file has that name: nothing changed.</summary>
        NameTaken,

        /// <summary>The file could not be named here (e.g. no <c>/proc</c>): nothing changed.</summary>
        Unavailable,
    }

    /// <summary>Whether this platform can make unnamed files at all (the file system may still refuse).</summary>
    public static bool IsAvailable => OperatingSystem.IsLinux() && OpenUnnamed != 0;

    /// <summary>An unnamed file in <paramref name="folder"/>, open for reading and writing; null where that is not available.</summary>
    public static SafeFileHandle? TryCreate(string folder)
    {
        if (!IsAvailable)
        {
            return null;
        }

        var fd = Open(folder, OpenReadWrite | OpenCloseOnExec | OpenUnnamed, ReadWriteForAll);
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Gives the unnamed <paramref name="file"/> the name <paramref name="path"/>, which must not exist yet.</summary>
    public static LinkResult Link(SafeFileHandle file, string path)
    {
        var added = false;
        file.DangerousAddRef(ref added);
        try
        {
            var source = $"/proc/self/fd/{file.DangerousGetHandle()}";
            if (LinkAt(AtCurrentFolder, source, AtCurrentFolder, path, AtFollowLink) == 0)
            {
                return LinkResult.Linked;
            }

            return Marshal.GetLastPInvokeError() == NameExists ? LinkResult.NameTaken : LinkResult.Unavailable;
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkAt(int fromFolder, string from, int toFolder, string to, int flags);
}
