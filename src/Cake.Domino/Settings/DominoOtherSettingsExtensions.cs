namespace Cake.Domino;

/// <summary>Fluent setters of <see cref="DominoListFilesSettings"/> and <see cref="DominoStopRunSettings"/>.</summary>
public static class DominoOtherSettingsExtensions
{
    /// <summary>Sets <see cref="DominoListFilesSettings.Path"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="path">The remote folder.</param>
    /// <returns>The same settings.</returns>
    public static DominoListFilesSettings WithPath(this DominoListFilesSettings settings, string path)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Path = path;
        return settings;
    }

    /// <summary>Sets <see cref="DominoStopRunSettings.CommitResults"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="commitResults">Keep the files the run has written so far.</param>
    /// <returns>The same settings.</returns>
    public static DominoStopRunSettings WithCommitResults(this DominoStopRunSettings settings, bool commitResults = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.CommitResults = commitResults;
        return settings;
    }
}
