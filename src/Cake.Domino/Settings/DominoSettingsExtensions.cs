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

    private static T Set<T>(T settings, Action<T> set)
        where T : DominoSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        set(settings);
        return settings;
    }
}

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
}

/// <summary>Fluent setters of <see cref="DominoWaitSettings"/>.</summary>
public static class DominoWaitSettingsExtensions
{
    /// <summary>Sets <see cref="DominoWaitSettings.Timeout"/> and <see cref="DominoWaitSettings.StopOnTimeout"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="timeout">The overall deadline.</param>
    /// <param name="stopOnTimeout">Stop the run remotely when the deadline passes.</param>
    /// <returns>The same settings.</returns>
    public static DominoWaitSettings WithTimeout(this DominoWaitSettings settings, TimeSpan timeout, bool stopOnTimeout = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Timeout = timeout;
        settings.StopOnTimeout = stopOnTimeout;
        return settings;
    }

    /// <summary>Sets the poll intervals; a <see langword="null"/> argument keeps the current value.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="initial">The first interval (<see cref="DominoWaitSettings.InitialPollInterval"/>).</param>
    /// <param name="max">The cap (<see cref="DominoWaitSettings.MaxPollInterval"/>).</param>
    /// <param name="backoffFactor">The growth factor (<see cref="DominoWaitSettings.PollBackoffFactor"/>).</param>
    /// <returns>The same settings.</returns>
    public static DominoWaitSettings WithPollInterval(this DominoWaitSettings settings, TimeSpan? initial = null, TimeSpan? max = null, double? backoffFactor = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.InitialPollInterval = initial ?? settings.InitialPollInterval;
        settings.MaxPollInterval = max ?? settings.MaxPollInterval;
        settings.PollBackoffFactor = backoffFactor ?? settings.PollBackoffFactor;
        return settings;
    }

    /// <summary>Sets <see cref="DominoWaitSettings.StopOnCancel"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="stop">Stop the run remotely on Ctrl-C.</param>
    /// <returns>The same settings.</returns>
    public static DominoWaitSettings WithStopOnCancel(this DominoWaitSettings settings, bool stop = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.StopOnCancel = stop;
        return settings;
    }

    /// <summary>Adds statuses to <see cref="DominoWaitSettings.AcceptStatuses"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="statuses">Failed statuses to accept, for example <c>Stopped</c>.</param>
    /// <returns>The same settings.</returns>
    public static DominoWaitSettings WithAcceptStatuses(this DominoWaitSettings settings, params string[] statuses)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses)
        {
            settings.AcceptStatuses.Add(status);
        }

        return settings;
    }

    /// <summary>Sets <see cref="DominoWaitSettings.ThrowOnFailure"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="throwOnFailure">Throw when the run ends without success.</param>
    /// <returns>The same settings.</returns>
    public static DominoWaitSettings WithThrowOnFailure(this DominoWaitSettings settings, bool throwOnFailure = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.ThrowOnFailure = throwOnFailure;
        return settings;
    }

    /// <summary>Sets <see cref="DominoWaitSettings.StreamOutput"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="stream">Stream the run's output into the build log.</param>
    /// <returns>The same settings.</returns>
    public static DominoWaitSettings WithStreamOutput(this DominoWaitSettings settings, bool stream = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.StreamOutput = stream;
        return settings;
    }

    /// <summary>Sets <see cref="DominoWaitSettings.ResultsTimeout"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="timeout">How long to wait for the results to be saved after success.</param>
    /// <returns>The same settings.</returns>
    public static DominoWaitSettings WithResultsTimeout(this DominoWaitSettings settings, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.ResultsTimeout = timeout;
        return settings;
    }
}

/// <summary>Fluent setters of <see cref="DominoDownloadSettings"/>.</summary>
public static class DominoDownloadSettingsExtensions
{
    /// <summary>Sets <see cref="DominoDownloadSettings.RemotePath"/> and <see cref="DominoDownloadSettings.StripRemotePath"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="remotePath">The remote folder, for example <c>results</c>.</param>
    /// <param name="strip">Drop the folder from the local paths.</param>
    /// <returns>The same settings.</returns>
    public static DominoDownloadSettings WithRemotePath(this DominoDownloadSettings settings, string remotePath, bool strip = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.RemotePath = remotePath;
        settings.StripRemotePath = strip;
        return settings;
    }

    /// <summary>Adds glob patterns to <see cref="DominoDownloadSettings.Include"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="patterns">Globs, for example <c>results/**/*.json</c>.</param>
    /// <returns>The same settings.</returns>
    public static DominoDownloadSettings WithInclude(this DominoDownloadSettings settings, params string[] patterns)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (var pattern in patterns)
        {
            settings.Include.Add(pattern);
        }

        return settings;
    }

    /// <summary>Adds glob patterns to <see cref="DominoDownloadSettings.Exclude"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="patterns">Globs, for example <c>**/*.tmp</c>.</param>
    /// <returns>The same settings.</returns>
    public static DominoDownloadSettings WithExclude(this DominoDownloadSettings settings, params string[] patterns)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (var pattern in patterns)
        {
            settings.Exclude.Add(pattern);
        }

        return settings;
    }

    /// <summary>Sets <see cref="DominoDownloadSettings.MaxParallelism"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="maxParallelism">How many files download at once.</param>
    /// <returns>The same settings.</returns>
    public static DominoDownloadSettings WithMaxParallelism(this DominoDownloadSettings settings, int maxParallelism)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.MaxParallelism = maxParallelism;
        return settings;
    }

    /// <summary>Sets <see cref="DominoDownloadSettings.SkipUnchanged"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="skip">Skip files already present and unchanged.</param>
    /// <returns>The same settings.</returns>
    public static DominoDownloadSettings WithSkipUnchanged(this DominoDownloadSettings settings, bool skip = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.SkipUnchanged = skip;
        return settings;
    }
}

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
    public static DominoRunSettings WithWait(this DominoRunSettings settings, Action<DominoWaitSettings> configure)
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
    public static DominoRunSettings WithDownload(this DominoRunSettings settings, Action<DominoDownloadSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configure);
        configure(settings.Download);
        return settings;
    }
}

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
