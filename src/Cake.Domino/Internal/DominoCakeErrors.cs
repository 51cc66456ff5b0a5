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

    public static CakeException Cancelled(string message, Exception innerException) =>
        new(CancelledExitCode, message, innerException);
}
