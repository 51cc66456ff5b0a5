using Domino.Client;
using Domino.Client.Ci;
using Cake.Core.IO;

namespace Cake.Domino;

/// <summary>Fluent setters shared by every Domino settings class. Each returns the same instance.</summary>
public static class DominoSettingsExtensions
{
    /// <summary>Sets <see cref="DominoSettings.Host"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="host">The Domino host, for example <c>https://domino.example.com</c>.</param>
    /// <returns>The same settings.</returns>
    public static T WithHost<T>(this T settings, string host)
        where T : DominoSettings => Set(settings, s => s.Host = host);

    /// <summary>Sets <see cref="DominoSettings.ApiKey"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="apiKey">The API key.</param>
    /// <returns>The same settings.</returns>
    public static T WithApiKey<T>(this T settings, string apiKey)
        where T : DominoSettings => Set(settings, s => s.ApiKey = apiKey);

    /// <summary>Sets <see cref="DominoSettings.Token"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="token">The bearer token.</param>
    /// <returns>The same settings.</returns>
    public static T WithToken<T>(this T settings, string token)
        where T : DominoSettings => Set(settings, s => s.Token = token);

    /// <summary>Sets <see cref="DominoSettings.TokenFile"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="tokenFile">The file whose first line is a bearer token.</param>
    /// <returns>The same settings.</returns>
    public static T WithTokenFile<T>(this T settings, FilePath tokenFile)
        where T : DominoSettings => Set(settings, s => s.TokenFile = tokenFile);

    /// <summary>Sets <see cref="DominoSettings.Project"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="project">The project, as <c>owner/name</c>.</param>
    /// <returns>The same settings.</returns>
    public static T WithProject<T>(this T settings, string project)
        where T : DominoSettings => Set(settings, s => s.Project = project);

    /// <summary>Sets <see cref="DominoSettings.RequestTimeout"/>.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="timeout">The timeout of one HTTP attempt.</param>
    /// <returns>The same settings.</returns>
    public static T WithRequestTimeout<T>(this T settings, TimeSpan timeout)
        where T : DominoSettings => Set(settings, s => s.RequestTimeout = timeout);

    /// <summary>Sets the retry policy of idempotent requests; a <see langword="null"/> argument keeps the current value.</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="maxRetries">Retries after the first attempt (<see cref="DominoSettings.MaxRetries"/>).</param>
    /// <param name="baseDelay">Base of the backoff (<see cref="DominoSettings.RetryBaseDelay"/>).</param>
    /// <param name="maxDelay">Cap on one delay (<see cref="DominoSettings.RetryMaxDelay"/>).</param>
    /// <param name="maxTotalTime">Cap on all retries of one request (<see cref="DominoSettings.MaxTotalRetryTime"/>).</param>
    /// <param name="maxRetryAfter">Cap on a server's <c>Retry-After</c> (<see cref="DominoSettings.MaxRetryAfter"/>).</param>
    /// <returns>The same settings.</returns>
    public static T WithRetries<T>(this T settings, int? maxRetries = null, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null, TimeSpan? maxTotalTime = null, TimeSpan? maxRetryAfter = null)
        where T : DominoSettings => Set(settings, s =>
        {
            s.MaxRetries = maxRetries ?? s.MaxRetries;
            s.RetryBaseDelay = baseDelay ?? s.RetryBaseDelay;
            s.RetryMaxDelay = maxDelay ?? s.RetryMaxDelay;
            s.MaxTotalRetryTime = maxTotalTime ?? s.MaxTotalRetryTime;
            s.MaxRetryAfter = maxRetryAfter ?? s.MaxRetryAfter;
        });

    /// <summary>Sets which API the aliases speak (<see cref="DominoSettings.Api"/>).</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="api"><see cref="DominoApiMode.Auto"/>, <see cref="DominoApiMode.V4"/> or <see cref="DominoApiMode.V1"/>.</param>
    /// <returns>The same settings.</returns>
    public static T WithApi<T>(this T settings, DominoApiMode api)
        where T : DominoSettings => Set(settings, s => s.Api = api);

    /// <summary>Sets whether the aliases report to the CI system Cake detects (<see cref="DominoSettings.CiIntegration"/>).</summary>
    /// <typeparam name="T">The settings type.</typeparam>
    /// <param name="settings">The settings.</param>
    /// <param name="integration"><see cref="DominoCiIntegration.Auto"/> or <see cref="DominoCiIntegration.Off"/>.</param>
    /// <returns>The same settings.</returns>
    public static T WithCiIntegration<T>(this T settings, DominoCiIntegration integration)
        where T : DominoSettings => Set(settings, s => s.CiIntegration = integration);

    private static T Set<T>(T settings, Action<T> set)
        where T : DominoSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        set(settings);
        return settings;
    }
}
