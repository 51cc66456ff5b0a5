namespace Domino.Client.Configuration;

/// <summary>Retry values copied from <see cref="DominoRetryOptions"/> once, so a later change cannot race a request.</summary>
internal sealed record RetrySettings(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan MaxRetryAfter, TimeSpan MaxTotalRetryTime);

/// <summary>
/// Everything a <see cref="DominoClient"/> needs to talk to its host, resolved in one place with the precedence of
/// domino-api.md: explicit option, then the environment, then an error naming both ways to give the value.
/// </summary>
internal sealed record ConnectionSettings(Uri Host, DominoCredentials Credentials, RetrySettings Retry, TimeSpan RequestTimeout, DominoApiMode Api)
{
    public static ConnectionSettings Resolve(DominoClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequireSet(options.Environment, nameof(options.Environment));
        RequireSet(options.TimeProvider, nameof(options.TimeProvider));
        RequireSet(options.Logger, nameof(options.Logger));
        RequireSet(options.Random, nameof(options.Random));

        var environment = options.Environment;
        return new ConnectionSettings(
            ResolveHost(options.Host, environment, options.Hints),
            ResolveCredentials(options, environment),
            ResolveRetry(options.Retry),
            RequirePositive(options.RequestTimeout, "RequestTimeout", allowInfinite: true),
            ResolveApiMode(options.Api, environment));
    }

    /// <summary>The explicit mode, else <c>DOMINO_API_MODE</c> (<c>auto</c>, <c>v4</c>, <c>v1</c>, any case), else <see cref="DominoApiMode.Auto"/>.</summary>
    public static DominoApiMode ResolveApiMode(DominoApiMode? explicitMode, IDominoEnvironment environment)
    {
        if (explicitMode is { } mode)
        {
            return Enum.IsDefined(mode) ? mode : throw new DominoConfigurationException(
                $"The API mode {(int)mode} (setting Api) is not valid: give Auto, V4 or V1.");
        }

        var fromEnvironment = environment.GetVariable(DominoEnvironmentVariables.ApiMode);
        if (string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return DominoApiMode.Auto;
        }

        return fromEnvironment.Trim().ToLowerInvariant() switch
        {
            "auto" => DominoApiMode.Auto,
            "v4" => DominoApiMode.V4,
            "v1" => DominoApiMode.V1,
            _ => throw new DominoConfigurationException(
                $"The environment variable {DominoEnvironmentVariables.ApiMode} is '{fromEnvironment.Trim()}', which is not an API mode: "
                + "give auto (v4 where the server has it, else v1), v4 or v1, or leave it unset for auto."),
        };
    }

    /// <summary>Reduces a host to <c>scheme://host[:port]/</c>; <paramref name="source"/> names where the value came from.</summary>
    public static Uri NormalizeHost(string value, string source)
    {
        var trimmed = value.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new DominoConfigurationException(
                $"The Domino host '{trimmed}' ({source}) is not valid: give an absolute http or https address, for example 'https://domino.example.com'.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            // The value is not echoed: it holds a password.
            throw new DominoConfigurationException(
                $"The Domino host ({source}) contains a user name or password: give only the address, for example 'https://domino.example.com', and the credentials as an API key or token.");
        }

        // Any path, query or fragment is dropped: only scheme://host[:port] is kept.
        return new Uri(uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + "/");
    }

    private static Uri ResolveHost(string? explicitHost, IDominoEnvironment environment, MissingSettingHints hints)
    {
        if (!string.IsNullOrWhiteSpace(explicitHost))
        {
            return NormalizeHost(explicitHost, "setting Host");
        }

        var fromEnvironment = environment.GetVariable(DominoEnvironmentVariables.ApiHost);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return NormalizeHost(fromEnvironment, $"environment variable {DominoEnvironmentVariables.ApiHost}");
        }

        throw new DominoConfigurationException(
            $"No Domino host is set: set {hints.Host} (for example 'https://domino.example.com') or the environment variable {DominoEnvironmentVariables.ApiHost}.");
    }

    private static DominoCredentials ResolveCredentials(DominoClientOptions options, IDominoEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.BearerToken))
        {
            return new BearerTokenCredentials(RequireHeaderSafe(options.BearerToken, "setting BearerToken"));
        }

        if (!string.IsNullOrWhiteSpace(options.TokenFile))
        {
            return new TokenFileCredentials(options.TokenFile.Trim(), "setting TokenFile");
        }

        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return new ApiKeyCredentials(RequireHeaderSafe(options.ApiKey, "setting ApiKey"));
        }

        var tokenFile = environment.GetVariable(DominoEnvironmentVariables.TokenFile);
        if (!string.IsNullOrWhiteSpace(tokenFile))
        {
            return new TokenFileCredentials(tokenFile.Trim(), $"environment variable {DominoEnvironmentVariables.TokenFile}");
        }

        var apiKey = environment.GetVariable(DominoEnvironmentVariables.UserApiKey);
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            return new ApiKeyCredentials(RequireHeaderSafe(apiKey, $"environment variable {DominoEnvironmentVariables.UserApiKey}"));
        }

        var hints = options.Hints;
        throw new DominoConfigurationException(
            $"No Domino credentials are set: set {hints.Credentials}the environment variable "
            + $"{DominoEnvironmentVariables.UserApiKey} (an API key) or {DominoEnvironmentVariables.TokenFile} (a file holding a token)."
            + hints.CredentialsNote);
    }

    /// <summary>Trims a key or token and refuses inner whitespace or control characters (they would break the header).</summary>
    internal static string RequireHeaderSafe(string secret, string source)
    {
        var trimmed = secret.Trim();
        foreach (var c in trimmed)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                // Never echo the value: it is a secret.
                throw new DominoConfigurationException(
                    $"The credential from {source} contains spaces or control characters: give the key or token exactly as Domino issued it, on one line.");
            }
        }

        return trimmed;
    }

    private static RetrySettings ResolveRetry(DominoRetryOptions retry)
    {
        RequireSet(retry, "Retry");
        if (retry.MaxRetries < 0)
        {
            throw new DominoConfigurationException(
                $"Retry.MaxRetries is {retry.MaxRetries}: give zero (no retries) or a positive count, for example 5.");
        }

        return new RetrySettings(
            retry.MaxRetries,
            RequirePositive(retry.BaseDelay, "Retry.BaseDelay", allowInfinite: false),
            RequirePositive(retry.MaxDelay, "Retry.MaxDelay", allowInfinite: false),
            RequirePositive(retry.MaxRetryAfter, "Retry.MaxRetryAfter", allowInfinite: false),
            RequirePositive(retry.MaxTotalRetryTime, "Retry.MaxTotalRetryTime", allowInfinite: false));
    }

    private static TimeSpan RequirePositive(TimeSpan value, string name, bool allowInfinite)
    {
        var valid = allowInfinite ? value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan : value >= TimeSpan.Zero;
        return valid ? value : throw new DominoConfigurationException(
            $"{name} is {value}: give a positive duration, for example 00:00:30" + (allowInfinite ? " (or Timeout.InfiniteTimeSpan)." : "."));
    }

    private static void RequireSet(object? value, string name)
    {
        if (value is null)
        {
            throw new DominoConfigurationException($"DominoClientOptions.{name} is null: leave it at its default or give an instance.");
        }
    }
}
