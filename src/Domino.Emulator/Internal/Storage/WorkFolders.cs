using Microsoft.Extensions.Logging;

namespace Domino.Emulator.Internal.Storage;

/// <summary>The <c>work/</c> folder: one fresh checkout per executing run, removed when the run ends and at start.</summary>
internal sealed partial class WorkFolders
{
    private readonly ILogger _logger;

    public WorkFolders(string folder, ILogger logger)
    {
        Folder = folder;
        _logger = logger;
    }

    public string Folder { get; }

    /// <summary>Removes the leftovers of a previous process.</summary>
    public void Reset() => AtomicFile.ResetDirectory(Folder);

    /// <summary>A fresh, empty work folder for a run.</summary>
    public string Create(string runId)
    {
        string folder = PathRules.CombineUnder(Folder, runId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        return folder;
    }

    public void Delete(string folder)
    {
        try
        {
            if (PathRules.IsSameOrUnder(folder, Folder) && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogCleanupFailed(_logger, folder, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove work folder {Folder}: {Reason}")]
    private static partial void LogCleanupFailed(ILogger logger, string folder, string reason);
}
