using Cake.Core.IO;

namespace Cake.Domino;

/// <summary>What <c>DominoRun</c> did: the finished run and the files it downloaded.</summary>
public sealed class DominoRunOutcome
{
    internal DominoRunOutcome(DominoRunResult run, DirectoryPath? destination, IReadOnlyList<FilePath> files)
    {
        Run = run;
        Destination = destination;
        Files = files;
    }

    /// <summary>The finished run.</summary>
    public DominoRunResult Run { get; }

    /// <summary>The absolute download folder, or <see langword="null"/> when nothing was downloaded.</summary>
    public DirectoryPath? Destination { get; }

    /// <summary>The absolute paths of the result files (written or already up to date); empty when nothing was downloaded.</summary>
    public IReadOnlyList<FilePath> Files { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Run} with {Files.Count} file(s)";
}
