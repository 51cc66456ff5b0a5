using Domino.Client;

namespace Cake.Domino.Internal;

/// <summary>Turns the aliases' settings into the core's request and options; a refused start setting becomes an error naming its Cake setting.</summary>
internal static class DominoSettingsMapper
{
    internal static DominoStartRunRequest ToRequest(DominoStartRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var request = new DominoStartRunRequest
        {
            Command = settings.Command?.ToArray() ?? [],
            IsDirect = settings.IsDirect,
            Title = settings.Title,
            Tier = NullIfBlank(settings.HardwareTier),
            CommitId = settings.CommitId,
            PublishApiEndpoint = settings.PublishApiEndpoint,
            Marker = settings.Marker,
            EnvironmentId = NullIfBlank(settings.EnvironmentId),
            Branch = NullIfBlank(settings.Branch),
            GitRef = settings.GitRef,
            ExternalVolumeMounts = settings.ExternalVolumeMounts is { Count: > 0 } mounts ? mounts.ToArray() : null,
            ComputeCluster = settings.ComputeCluster,
        };
        if (settings.MaxOutage is { } maxOutage)
        {
            request = request with { MaxOutage = maxOutage };
        }

        // The core's own checks, before connecting: a bad value is an ArgumentException naming its Cake setting, and nothing is sent.
        try
        {
            DominoProjectClient.ValidateStartRun(request);
        }
        catch (ArgumentException ex)
        {
            throw DominoCakeErrors.InvalidStartSetting(ex);
        }

        return request;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    internal static DominoWaitOptions MapWait(IDominoWaitSettings settings)
    {
        var options = new DominoWaitOptions
        {
            Timeout = settings.Timeout,
            StopOnTimeout = settings.StopOnTimeout,
            StopOnCancel = settings.StopOnCancel,
            ThrowOnFailure = settings.ThrowOnFailure,
            StreamOutput = settings.StreamOutput,
        };
        options.InitialPollInterval = settings.InitialPollInterval ?? options.InitialPollInterval;
        options.MaxPollInterval = settings.MaxPollInterval ?? options.MaxPollInterval;
        options.PollBackoffFactor = settings.PollBackoffFactor ?? options.PollBackoffFactor;
        options.StopRequestTimeout = settings.StopRequestTimeout ?? options.StopRequestTimeout;
        options.FailureOutputLines = settings.FailureOutputLines ?? options.FailureOutputLines;
        options.ResultsTimeout = settings.ResultsTimeout ?? options.ResultsTimeout;
        options.MaxOutage = settings.MaxOutage ?? options.MaxOutage;
        foreach (var status in settings.AcceptStatuses)
        {
            options.AcceptStatuses.Add(status);
        }

        var onStatusChanged = settings.OnStatusChanged;
        if (onStatusChanged is not null)
        {
            // The client logs each status change itself; this only forwards it to the script.
            options.StatusChanged = new SyncProgress<DominoRunStatusChange>(onStatusChanged);
        }
        return options;
    }

    internal static DominoDownloadOptions MapDownload(IDominoDownloadSettings settings)
    {
        var options = new DominoDownloadOptions
        {
            RemotePath = settings.RemotePath,
            StripRemotePath = settings.StripRemotePath,
            SkipUnchanged = settings.SkipUnchanged,
            IncludeUnchanged = settings.IncludeUnchanged,
            ThrowOnFailure = settings.ThrowOnFailure,
        };
        options.MaxOutage = settings.MaxOutage ?? options.MaxOutage;
        options.MaxParallelism = settings.MaxParallelism ?? options.MaxParallelism;
        options.ManifestFileName = settings.ManifestFileName ?? options.ManifestFileName;
        foreach (var pattern in settings.Include)
        {
            options.Include.Add(pattern);
        }

        foreach (var pattern in settings.Exclude)
        {
            options.Exclude.Add(pattern);
        }

        if (settings.OnProgress is { } onProgress)
        {
            options.Progress = new SyncProgress<DominoDownloadProgress>(onProgress);
        }

        return options;
    }
}
