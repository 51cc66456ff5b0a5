namespace Cake.Domino;

/// <summary>Fluent setters of <see cref="DominoDownloadSettings"/> and <see cref="DominoRunDownloadSettings"/>.</summary>
public static class DominoDownloadSettingsExtensions
{
    /// <summary>Sets <see cref="IDominoDownloadSettings.RemotePath"/> and <see cref="IDominoDownloadSettings.StripRemotePath"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="remotePath">The remote folder, for example <c>results</c>.</param>
    /// <param name="strip">Drop the folder from the local paths.</param>
    /// <returns>The same settings.</returns>
    public static T WithRemotePath<T>(this T settings, string remotePath, bool strip = false)
        where T : IDominoDownloadSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.RemotePath = remotePath;
        settings.StripRemotePath = strip;
        return settings;
    }

    /// <summary>Adds glob patterns to <see cref="IDominoDownloadSettings.Include"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="patterns">Globs, for example <c>results/**/*.json</c>.</param>
    /// <returns>The same settings.</returns>
    public static T WithInclude<T>(this T settings, params string[] patterns)
        where T : IDominoDownloadSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (var pattern in patterns)
        {
            settings.Include.Add(pattern);
        }

        return settings;
    }

    /// <summary>Adds glob patterns to <see cref="IDominoDownloadSettings.Exclude"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="patterns">Globs, for example <c>**/*.tmp</c>.</param>
    /// <returns>The same settings.</returns>
    public static T WithExclude<T>(this T settings, params string[] patterns)
        where T : IDominoDownloadSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (var pattern in patterns)
        {
            settings.Exclude.Add(pattern);
        }

        return settings;
    }

    /// <summary>Sets <see cref="IDominoDownloadSettings.MaxParallelism"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="maxParallelism">How many files download at once.</param>
    /// <returns>The same settings.</returns>
    public static T WithMaxParallelism<T>(this T settings, int maxParallelism)
        where T : IDominoDownloadSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.MaxParallelism = maxParallelism;
        return settings;
    }

    /// <summary>Sets <see cref="IDominoDownloadSettings.SkipUnchanged"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="skip">Skip files already present and unchanged.</param>
    /// <returns>The same settings.</returns>
    public static T WithSkipUnchanged<T>(this T settings, bool skip = true)
        where T : IDominoDownloadSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.SkipUnchanged = skip;
        return settings;
    }

    /// <summary>Sets <see cref="IDominoDownloadSettings.IncludeUnchanged"/>: also download the files the run did not add or change.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="include">Download every file of the output commit.</param>
    /// <returns>The same settings.</returns>
    public static T WithIncludeUnchanged<T>(this T settings, bool include = true)
        where T : IDominoDownloadSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.IncludeUnchanged = include;
        return settings;
    }

    /// <summary>Downloads every file of the run's output commit, its inputs too: the same as <c>WithIncludeUnchanged()</c>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <returns>The same settings.</returns>
    public static T All<T>(this T settings)
        where T : IDominoDownloadSettings => settings.WithIncludeUnchanged();

    /// <summary>Sets <see cref="IDominoDownloadSettings.MaxOutage"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="maxOutage">How long a failing Domino is tolerated before the download fails.</param>
    /// <returns>The same settings.</returns>
    public static T WithMaxOutage<T>(this T settings, TimeSpan maxOutage)
        where T : IDominoDownloadSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.MaxOutage = maxOutage;
        return settings;
    }
}
