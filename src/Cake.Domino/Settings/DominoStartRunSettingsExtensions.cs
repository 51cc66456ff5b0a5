namespace Cake.Domino;

/// <summary>Fluent setters of <see cref="DominoStartRunSettings"/> (and so of <see cref="DominoRunSettings"/>).</summary>
public static class DominoStartRunSettingsExtensions
{
    /// <summary>Sets <see cref="DominoStartRunSettings.Command"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="command">The file to run and its arguments.</param>
    /// <returns>The same settings.</returns>
    public static T WithCommand<T>(this T settings, params string[] command)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(command);
        settings.Command = new List<string>(command);
        return settings;
    }

    /// <summary>Sets <see cref="DominoStartRunSettings.Command"/> to one shell command line and <see cref="DominoStartRunSettings.IsDirect"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="commandLine">The shell command line.</param>
    /// <returns>The same settings.</returns>
    public static T WithDirectCommand<T>(this T settings, string commandLine)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Command = new List<string> { commandLine };
        settings.IsDirect = true;
        return settings;
    }

    /// <summary>Sets <see cref="DominoStartRunSettings.Title"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="title">The run's title.</param>
    /// <returns>The same settings.</returns>
    public static T WithTitle<T>(this T settings, string title)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Title = title;
        return settings;
    }

    /// <summary>Sets <see cref="DominoStartRunSettings.Tier"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="tier">The hardware tier's name.</param>
    /// <returns>The same settings.</returns>
    public static T WithTier<T>(this T settings, string tier)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Tier = tier;
        return settings;
    }

    /// <summary>Sets <see cref="DominoStartRunSettings.CommitId"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="commitId">The revision to run.</param>
    /// <returns>The same settings.</returns>
    public static T WithCommitId<T>(this T settings, string commitId)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.CommitId = commitId;
        return settings;
    }

    /// <summary>Sets <see cref="DominoStartRunSettings.PublishApiEndpoint"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="publish">Whether to publish the results to the project's API endpoint.</param>
    /// <returns>The same settings.</returns>
    public static T WithPublishApiEndpoint<T>(this T settings, bool publish = true)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.PublishApiEndpoint = publish;
        return settings;
    }

    /// <summary>Sets <see cref="DominoStartRunSettings.Marker"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="marker">The marker, for example the CI run id and attempt.</param>
    /// <returns>The same settings.</returns>
    public static T WithMarker<T>(this T settings, string marker)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Marker = marker;
        return settings;
    }

    /// <summary>Sets <see cref="DominoStartRunSettings.MaxOutage"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="maxOutage">How long the start tolerates a failing Domino, for example 5 minutes.</param>
    /// <returns>The same settings.</returns>
    public static T WithMaxOutage<T>(this T settings, TimeSpan maxOutage)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.MaxOutage = maxOutage;
        return settings;
    }
}
