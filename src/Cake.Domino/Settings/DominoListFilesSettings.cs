namespace Cake.Domino;

/// <summary>What <c>DominoListFiles</c> lists.</summary>
public class DominoListFilesSettings : DominoSettings
{
    /// <summary>Only files under this remote folder, for example <c>results</c>. Default: the whole commit.</summary>
    public string? Path { get; set; }
}
