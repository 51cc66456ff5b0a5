using Cake.Core.IO;

namespace Cake.Domino;

/// <summary>
/// What <c>DominoRun</c> runs, how it waits, and where the results go. The connection values (host,
/// credentials, project, timeouts) of this object apply to all three steps, made with one client;
/// <see cref="Wait"/> and <see cref="Download"/> have none of their own.
/// </summary>
public class DominoRunSettings : DominoStartRunSettings
{
    /// <summary>How to wait for the run. Default: the defaults of <see cref="DominoWaitSettings"/>.</summary>
    public DominoRunWaitSettings Wait { get; } = new();

    /// <summary>What to download. Default: the defaults of <see cref="DominoDownloadSettings"/>.</summary>
    public DominoRunDownloadSettings Download { get; } = new();

    /// <summary>
    /// Where to download the run's results; relative paths are resolved against the script's working directory.
    /// Default: none, nothing is downloaded.
    /// </summary>
    public DirectoryPath? Destination { get; set; }
}
