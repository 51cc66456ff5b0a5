namespace Cake.Domino;

/// <summary>Fluent setters of <see cref="DominoWaitSettings"/> and <see cref="DominoRunWaitSettings"/>.</summary>
public static class DominoWaitSettingsExtensions
{
    /// <summary>Sets <see cref="IDominoWaitSettings.Timeout"/> and <see cref="IDominoWaitSettings.StopOnTimeout"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="timeout">The overall deadline.</param>
    /// <param name="stopOnTimeout">Stop the run remotely when the deadline passes.</param>
    /// <returns>The same settings.</returns>
    public static T WithTimeout<T>(this T settings, TimeSpan timeout, bool stopOnTimeout = false)
        where T : IDominoWaitSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Timeout = timeout;
        settings.StopOnTimeout = stopOnTimeout;
        return settings;
    }

    /// <summary>Sets the poll intervals; a <see langword="null"/> argument keeps the current value.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="initial">The first interval (<see cref="IDominoWaitSettings.InitialPollInterval"/>).</param>
    /// <param name="max">The cap (<see cref="IDominoWaitSettings.MaxPollInterval"/>).</param>
    /// <param name="backoffFactor">The growth factor (<see cref="IDominoWaitSettings.PollBackoffFactor"/>).</param>
    /// <returns>The same settings.</returns>
    public static T WithPollInterval<T>(this T settings, TimeSpan? initial = null, TimeSpan? max = null, double? backoffFactor = null)
        where T : IDominoWaitSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.InitialPollInterval = initial ?? settings.InitialPollInterval;
        settings.MaxPollInterval = max ?? settings.MaxPollInterval;
        settings.PollBackoffFactor = backoffFactor ?? settings.PollBackoffFactor;
        return settings;
    }

    /// <summary>Sets <see cref="IDominoWaitSettings.StopOnCancel"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="stop">Stop the run remotely on Ctrl-C.</param>
    /// <returns>The same settings.</returns>
    public static T WithStopOnCancel<T>(this T settings, bool stop = true)
        where T : IDominoWaitSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.StopOnCancel = stop;
        return settings;
    }

    /// <summary>Adds statuses to <see cref="IDominoWaitSettings.AcceptStatuses"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="statuses">Failed statuses to accept, for example <c>Stopped</c>.</param>
    /// <returns>The same settings.</returns>
    public static T WithAcceptStatuses<T>(this T settings, params string[] statuses)
        where T : IDominoWaitSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses)
        {
            settings.AcceptStatuses.Add(status);
        }

        return settings;
    }

    /// <summary>Sets <see cref="IDominoWaitSettings.ThrowOnFailure"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="throwOnFailure">Throw when the run ends without success.</param>
    /// <returns>The same settings.</returns>
    public static T WithThrowOnFailure<T>(this T settings, bool throwOnFailure = true)
        where T : IDominoWaitSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.ThrowOnFailure = throwOnFailure;
        return settings;
    }

    /// <summary>Sets <see cref="IDominoWaitSettings.StreamOutput"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="stream">Stream the run's output into the build log.</param>
    /// <returns>The same settings.</returns>
    public static T WithStreamOutput<T>(this T settings, bool stream = true)
        where T : IDominoWaitSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.StreamOutput = stream;
        return settings;
    }

    /// <summary>Sets <see cref="IDominoWaitSettings.ResultsTimeout"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="timeout">How long to wait for the results to be saved after success.</param>
    /// <returns>The same settings.</returns>
    public static T WithResultsTimeout<T>(this T settings, TimeSpan timeout)
        where T : IDominoWaitSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.ResultsTimeout = timeout;
        return settings;
    }

    /// <summary>Sets <see cref="IDominoWaitSettings.MaxOutage"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="maxOutage">How long a failing Domino is tolerated before the wait fails.</param>
    /// <returns>The same settings.</returns>
    public static T WithMaxOutage<T>(this T settings, TimeSpan maxOutage)
        where T : IDominoWaitSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.MaxOutage = maxOutage;
        return settings;
    }
}
