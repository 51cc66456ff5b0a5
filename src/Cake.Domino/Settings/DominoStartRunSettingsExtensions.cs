using Domino.Client;

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

    /// <summary>Sets <see cref="DominoStartRunSettings.HardwareTier"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="hardwareTier">The hardware tier's id (for example <c>small-k8s</c>) or name (for example <c>Large</c>).</param>
    /// <returns>The same settings.</returns>
    public static T WithHardwareTier<T>(this T settings, string hardwareTier)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.HardwareTier = hardwareTier;
        return settings;
    }

    /// <summary>Sets <see cref="DominoStartRunSettings.EnvironmentId"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="environmentId">The compute environment's id (24 hex characters).</param>
    /// <returns>The same settings.</returns>
    public static T WithEnvironmentId<T>(this T settings, string environmentId)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.EnvironmentId = environmentId;
        return settings;
    }

    /// <summary>Sets <see cref="DominoStartRunSettings.Branch"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="branch">The branch a git-based project runs from, for example <c>main</c>.</param>
    /// <returns>The same settings.</returns>
    public static T WithBranch<T>(this T settings, string branch)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Branch = branch;
        return settings;
    }

    /// <summary>Sets <see cref="DominoStartRunSettings.GitRef"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="gitRef">The branch, tag or commit, for example <c>DominoGitRef.Tag("v1.2.0")</c>.</param>
    /// <returns>The same settings.</returns>
    public static T WithGitRef<T>(this T settings, DominoGitRef gitRef)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.GitRef = gitRef;
        return settings;
    }

    /// <summary>Sets <see cref="DominoStartRunSettings.GitRef"/> from <c>kind:value</c> (see <see cref="DominoGitRef.Parse"/>).</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="gitRef">For example <c>branch:main</c>, <c>tag:v1.2.0</c> or <c>commit:9f2c1e4</c>.</param>
    /// <returns>The same settings.</returns>
    /// <exception cref="ArgumentException"><paramref name="gitRef"/> is not of that form; the message names the setting <c>GitRef</c>.</exception>
    public static T WithGitRef<T>(this T settings, string gitRef)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(gitRef);
        try
        {
            settings.GitRef = DominoGitRef.Parse(gitRef);
        }
        catch (ArgumentException ex)
        {
            throw Internal.DominoCakeErrors.InvalidGitRef(ex);
        }

        return settings;
    }

    /// <summary>Adds ids to <see cref="DominoStartRunSettings.ExternalVolumeMounts"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="externalVolumeMountIds">The external volumes' ids (24 hex characters each).</param>
    /// <returns>The same settings.</returns>
    public static T WithExternalVolumeMounts<T>(this T settings, params string[] externalVolumeMountIds)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(externalVolumeMountIds);
        foreach (var id in externalVolumeMountIds)
        {
            settings.ExternalVolumeMounts.Add(id);
        }

        return settings;
    }

    /// <summary>Adds one id to <see cref="DominoStartRunSettings.ExternalVolumeMounts"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="externalVolumeMountId">The external volume's id (24 hex characters).</param>
    /// <returns>The same settings.</returns>
    public static T WithExternalVolumeMount<T>(this T settings, string externalVolumeMountId)
        where T : DominoStartRunSettings => settings.WithExternalVolumeMounts(externalVolumeMountId);

    /// <summary>Sets <see cref="DominoStartRunSettings.ComputeCluster"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="computeCluster">The Spark, Ray, Dask or MPI cluster to attach.</param>
    /// <returns>The same settings.</returns>
    public static T WithComputeCluster<T>(this T settings, DominoComputeCluster computeCluster)
        where T : DominoStartRunSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.ComputeCluster = computeCluster;
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
