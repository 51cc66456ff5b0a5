using System.Text.RegularExpressions;
using Cake.Core;
using Domino.Client;

namespace Cake.Domino.Internal;

/// <summary>
/// Builds the <see cref="CakeException"/>s the aliases throw. Cake 7 seals <see cref="CakeException"/>, so the
/// details travel in <see cref="Exception.InnerException"/>: the client's own exception
/// (<c>DominoRunFailedException</c>, <c>DominoWaitTimeoutException</c>, ...) or an <see cref="OperationCanceledException"/>.
/// </summary>
internal static class DominoCakeErrors
{
    /// <summary>
    /// The exit code the alias's exception carries after Ctrl-C (128 + SIGINT). Cake's runner still exits 1, as for any
    /// failed task (it wraps the exception in a <c>CakeReportException</c>); a script can pass this code on (docs/cake.md).
    /// </summary>
    public const int CancelledExitCode = 130;

    public static CakeException Failure(string message, Exception? innerException = null) =>
        new(1, message, innerException);

    /// <summary>A client error as a Cake failure, its message in the words of a Cake script (see <see cref="Describe"/>).</summary>
    public static CakeException Failure(DominoException exception) => Failure(Describe(exception), exception);

    /// <summary>
    /// The message of a client error for a Cake script: a missing or invalid setting is worded with the names of
    /// <see cref="DominoSettings"/> and the environment variables; any other error keeps the client's message.
    /// </summary>
    public static string Describe(DominoException exception)
    {
        if (exception is DominoUnauthorizedException)
        {
            return exception.Message
                + " The credentials come from the settings ApiKey, Token or TokenFile, or the environment variable "
                + $"{DominoEnvironmentVariables.UserApiKey} (an API key) or {DominoEnvironmentVariables.TokenFile} (a token file).";
        }

        if (exception is not DominoConfigurationException error)
        {
            return exception.Message;
        }

        if (error.Problem == DominoSettingProblem.Missing)
        {
            return error.Setting switch
            {
                DominoSetting.Host =>
                    $"No Domino host is set: set Host in the settings (for example 'https://domino.example.com') or the environment variable {DominoEnvironmentVariables.ApiHost}.",
                DominoSetting.Credentials =>
                    "No Domino credentials are set: set ApiKey, Token or TokenFile in the settings, or the environment variable "
                    + $"{DominoEnvironmentVariables.UserApiKey} (an API key) or {DominoEnvironmentVariables.TokenFile} (a file holding a token).",
                DominoSetting.Project =>
                    "No Domino project is set: set Project in the settings as 'owner/name' (for example 'alice/churn-model'), or the environment variables "
                    + $"{DominoEnvironmentVariables.ProjectOwner} and {DominoEnvironmentVariables.ProjectName}.",
                _ => error.Message,
            };
        }

        if (error.Setting == DominoSetting.Api)
        {
            return DescribeApi(error);
        }

        if (error.Setting == DominoSetting.HardwareTier)
        {
            return $"The hardware tier given by the setting {nameof(DominoStartRunSettings.HardwareTier)} is not valid: {error.Detail}";
        }

        var setting = error.Option switch
        {
            "Host" or "ApiKey" or "TokenFile" or "RequestTimeout" => error.Option,
            "BearerToken" => nameof(DominoSettings.Token),
            "Retry.MaxRetries" => nameof(DominoSettings.MaxRetries),
            "Retry.BaseDelay" => nameof(DominoSettings.RetryBaseDelay),
            "Retry.MaxDelay" => nameof(DominoSettings.RetryMaxDelay),
            "Retry.MaxRetryAfter" => nameof(DominoSettings.MaxRetryAfter),
            "Retry.MaxTotalRetryTime" => nameof(DominoSettings.MaxTotalRetryTime),
            _ => null,
        };
        var source = setting is not null ? $"the setting {setting}"
            : error.EnvironmentVariable is { } variable ? $"the environment variable {variable}"
            : null;
        var what = error.Setting switch
        {
            DominoSetting.Host => "host",
            DominoSetting.Credentials => "credential",
            DominoSetting.RequestTimeout => "request timeout",
            DominoSetting.Retry => "retry setting",
            _ => null,
        };
        return source is null || what is null ? error.Message : $"The Domino {what} given by {source} is not valid: {error.Detail}";
    }

    /// <summary>
    /// A start request the core refused before sending it (<see cref="DominoProjectClient.ValidateStartRun"/>), worded with
    /// the name of the <see cref="DominoStartRunSettings"/> property at fault, which is also the new exception's
    /// <see cref="ArgumentException.ParamName"/>. An error the core did not tie to a request property is returned unchanged.
    /// </summary>
    public static ArgumentException InvalidStartSetting(ArgumentException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var setting = error.ParamName switch
        {
            nameof(DominoStartRunRequest.Tier) => nameof(DominoStartRunSettings.HardwareTier),
            nameof(DominoStartRunRequest.Command) or nameof(DominoStartRunRequest.IsDirect) or nameof(DominoStartRunRequest.CommitId)
                or nameof(DominoStartRunRequest.EnvironmentId) or nameof(DominoStartRunRequest.Branch) or nameof(DominoStartRunRequest.GitRef)
                or nameof(DominoStartRunRequest.ExternalVolumeMounts) or nameof(DominoStartRunRequest.ComputeCluster)
                or nameof(DominoStartRunRequest.Marker) => error.ParamName,
            _ => null,
        };
        if (setting is null)
        {
            return error;
        }

        return Named(error, setting);
    }

    /// <summary>
    /// The error of <see cref="DominoGitRef.Parse"/> for the value a script gave <see cref="DominoStartRunSettings.GitRef"/>
    /// as a string, worded with that setting's name.
    /// </summary>
    public static ArgumentException InvalidGitRef(ArgumentException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Named(error, nameof(DominoStartRunSettings.GitRef));
    }

    private static ArgumentException Named(ArgumentException error, string setting)
    {
        // ArgumentException.Message ends with " (Parameter 'name')": keep the core's own words only.
        var message = error.Message;
        var suffix = $" (Parameter '{error.ParamName}')";
        if (error.ParamName is not null && message.EndsWith(suffix, StringComparison.Ordinal))
        {
            message = message[..^suffix.Length];
        }

        var named = Regex.IsMatch(message, $@"\b{setting}\b") ? message : $"{setting}: {message}";
        var hint = setting switch
        {
            nameof(DominoStartRunSettings.HardwareTier) => " DominoListHardwareTiers() lists the project's hardware tiers.",
            nameof(DominoStartRunSettings.EnvironmentId) => " DominoListEnvironments() lists the environments the project's runs can use.",
            _ => string.Empty,
        };
        return new ArgumentException(named + hint, setting, error);
    }

    /// <summary>An API mode error: names the setting Api and the variable DOMINO_API_MODE, whichever the value came from.</summary>
    private static string DescribeApi(DominoConfigurationException error)
    {
        var variable = DominoEnvironmentVariables.ApiMode;
        var detail = error.Detail.Length > 0 ? char.ToUpperInvariant(error.Detail[0]) + error.Detail[1..] : error.Message;
        if (error.Option is not null)
        {
            return $"The Domino API mode given by the setting {nameof(DominoSettings.Api)} is not valid: {error.Detail} "
                + $"Leave it unset to use the environment variable {variable}, else Auto.";
        }

        if (error.EnvironmentVariable is not null)
        {
            return $"The Domino API mode given by the environment variable {variable} is not valid: {error.Detail} "
                + $"Or set {nameof(DominoSettings.Api)} in the settings (DominoApiMode.Auto, V4 or V1), which wins over the variable.";
        }

        return $"{detail} The API mode is set by the setting {nameof(DominoSettings.Api)} (DominoApiMode.Auto, V4 or V1) or the environment variable {variable} (auto, v4 or v1); the setting wins, and Auto is the default.";
    }

    public static CakeException Cancelled(string message, Exception innerException) =>
        new(CancelledExitCode, message, innerException);
}
