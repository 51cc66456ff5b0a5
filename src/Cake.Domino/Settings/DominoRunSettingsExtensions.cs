using Cake.Core.IO;

namespace Cake.Domino;

/// <summary>Fluent setters of <see cref="DominoRunSettings"/>.</summary>
public static class DominoRunSettingsExtensions
{
    /// <summary>Sets <see cref="DominoRunSettings.Destination"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="destination">Where to download the results.</param>
    /// <returns>The same settings.</returns>
    public static DominoRunSettings WithDestination(this DominoRunSettings settings, DirectoryPath destination)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Destination = destination;
        return settings;
    }

    /// <summary>Configures <see cref="DominoRunSettings.Wait"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="configure">Changes the wait settings.</param>
    /// <returns>The same settings.</returns>
    public static DominoRunSettings WithWait(this DominoRunSettings settings, Action<DominoRunWaitSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configure);
        configure(settings.Wait);
        return settings;
    }

    /// <summary>Configures <see cref="DominoRunSettings.Download"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="configure">Changes the download settings.</param>
    /// <returns>The same settings.</returns>
    public static DominoRunSettings WithDownload(this DominoRunSettings settings, Action<DominoRunDownloadSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configure);
        configure(settings.Download);
        return settings;
    }
}
