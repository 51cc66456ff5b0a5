using Cake.Core.IO;

namespace Cake.Domino;

/// <summary>What <c>DominoListFiles</c> lists.</summary>
public class DominoListFilesSettings : DominoSettings
{
    /// <summary>Only files under this remote folder, for example <c>results</c>. Default: the whole commit.</summary>
    public string? Path { get; set; }
}

/// <summary>How <c>DominoStopRun</c> stops a run.</summary>
public class DominoStopRunSettings : DominoSettings
{
    /// <summary>Keep the files the run has written so far as its results. Default: true.</summary>
    public bool CommitResults { get; set; } = true;
}

/// <summary>
/// What <c>DominoRun</c> runs, how it waits, and where the results go. The connection values (host,
/// credentials, project, timeouts) of this object apply to all three steps; those of <see cref="Wait"/> and
/// <see cref="Download"/> are ignored.
/// </summary>
public class DominoRunSettings : DominoStartRunSettings
{
    /// <summary>How to wait for the run. Default: the defaults of <see cref="DominoWaitSettings"/>.</summary>
    public DominoWaitSettings Wait { get; } = new();

    /// <summary>What to download. Default: the defaults of <see cref="DominoDownloadSettings"/>.</summary>
    public DominoDownloadSettings Download { get; } = new();

    /// <summary>
    /// Where to download the run's results; relative paths are resolved against the script's working directory.
    /// Default: none, nothing is downloaded.
    /// </summary>
    public DirectoryPath? Destination { get; set; }
}
