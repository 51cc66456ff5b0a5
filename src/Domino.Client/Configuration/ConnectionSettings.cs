namespace Domino.Client.Configuration;

/// <summary>Retry values copied from <see cref="DominoRetryOptions"/> once, so a later change cannot race a request.</summary>
internal sealed record RetrySettings(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan MaxRetryAfter, TimeSpan MaxTotalRetryTime);

/// <summary>
/// Everything a <see cref="DominoClient"/> needs to talk to its host, resolved in one place with the precedence of
/// docs/domino-api.md: explicit option, then the environment, then an error naming both ways to give the value.
/// </summary>
internal sealed record ConnectionSettings(Uri Host, DominoCredentials Credentials, RetrySettings Retry, TimeSpan RequestTimeout, DominoApiMode Api)
{
    private static readonly string[] HostVariables = [DominoEnvironmentVariables.ApiHost];
    private static readonly string[] CredentialVariables = [DominoEnvironmentVariables.UserApiKey, DominoEnvironmentVariables.TokenFile];
    private static readonly string[] ApiVariables = [DominoEnvironmentVariables.ApiMode];

    public static ConnectionSettings Resolve(DominoClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RequireSet(options.Environment, nameof(options.Environment));
        RequireSet(options.TimeProvider, nameof(options.TimeProvider));
        RequireSet(options.Logger, nameof(options.Logger));
        RequireSet(options.Random, nameof(options.Random));

        var environment = options.Environment;
        return new ConnectionSettings(
            ResolveHost(options.Host, environment),
            ResolveCredentials(options, environment),
            ResolveRetry(options.Retry),
            RequirePositive(options.RequestTimeout, "RequestTimeout", DominoSetting.RequestTimeout, allowInfinite: true),
            ResolveApiMode(options.Api, environment));
    }

    /// <summary>The explicit mode, else <c>DOMINO_API_MODE</c> (<c>auto</c>, <c>v4</c>, <c>v1</c>, any case), else <see cref="DominoApiMode.Auto"/>.</summary>
    public static DominoApiMode ResolveApiMode(DominoApiMode? explicitMode, IDominoEnvironment environment)
    {
        if (explicitMode is { } mode)
        {
            return Enum.IsDefined(mode) ? mode : throw Invalid(
                DominoSetting.Api,
                SettingSource.FromOption("Api"),
                $"{(int)mode} is not an API mode; give Auto, V4 or V1.",
                $"The API mode {(int)mode} (setting Api) is not valid: give Auto, V4 or V1.");
        }

        var fromEnvironment = environment.GetVariable(DominoEnvironmentVariables.ApiMode);
        if (string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return DominoApiMode.Auto;
        }

        var value = fromEnvironment.Trim();
        return value.ToLowerInvariant() switch
        {
            "auto" => DominoApiMode.Auto,
            "v4" => DominoApiMode.V4,
            "v1" => DominoApiMode.V1,
            _ => throw Invalid(
                DominoSetting.Api,
                SettingSource.FromVariable(DominoEnvironmentVariables.ApiMode),
                $"'{value}' is not an API mode; give auto (v4 where the server has it, else v1), v4 or v1.",
                $"The environment variable {DominoEnvironmentVariables.ApiMode} is '{value}', which is not an API mode: "
                + "give auto (v4 where the server has it, else v1), v4 or v1, or leave it unset for auto."),
        };
    }

    /// <summary>Reduces a host to <c>scheme://host[:port]/</c>; <paramref name="source"/> says where the value came from.</summary>
    public static Uri NormalizeHost(string value, SettingSource source)
    {
        var trimmed = value.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
        {
            throw Invalid(
                DominoSetting.Host,
                source,
                $"'{trimmed}' is not an absolute http or https address; give one such as 'https://domino.example.com'.",
                $"The Domino host '{trimmed}' ({source}) is not valid: give an absolute http or https address, for example 'https://domino.example.com'.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            // The value is not echoed: it holds a password.
            throw Invalid(
                DominoSetting.Host,
                source,
                "it contains a user name or password; give only the address, such as 'https://domino.example.com', and the credentials as an API key or token.",
                $"The Domino host ({source}) contains a user name or password: give only the address, for example 'https://domino.example.com', and the credentials as an API key or token.");
        }

        // Any path, query or fragment is dropped: only scheme://host[:port] is kept.
        return new Uri(uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + "/");
    }

    /// <summary>Trims a key or token and refuses inner whitespace or control characters (they would break the header).</summary>
    internal static string RequireHeaderSafe(string secret, SettingSource source)
    {
        var trimmed = secret.Trim();
        foreach (var c in trimmed)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                // Never echo the value: it is a secret.
                throw Invalid(
                    DominoSetting.Credentials,
                    source,
                    "it contains spaces or control characters; give the key or token exactly as Domino issued it, on one line.",
                    $"The credential from {source} contains spaces or control characters: give the key or token exactly as Domino issued it, on one line.");
            }
        }

        return trimmed;
    }

    /// <summary>A configuration error for an invalid value, with its neutral message and its parts for front ends.</summary>
    internal static DominoConfigurationException Invalid(DominoSetting setting, SettingSource source, string detail, string message) =>
        new(message, setting, DominoSettingProblem.Invalid, detail, source.Option, source.EnvironmentVariable, VariablesOf(setting));

    private static string[] VariablesOf(DominoSetting setting) => setting switch
    {
        DominoSetting.Host => HostVariables,
        DominoSetting.Credentials => CredentialVariables,
        DominoSetting.Api => ApiVariables,
        _ => Array.Empty<string>(),
    };

    private static Uri ResolveHost(string? explicitHost, IDominoEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(explicitHost))
        {
            return NormalizeHost(explicitHost, SettingSource.FromOption("Host"));
        }

        var fromEnvironment = environment.GetVariable(DominoEnvironmentVariables.ApiHost);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return NormalizeHost(fromEnvironment, SettingSource.FromVariable(DominoEnvironmentVariables.ApiHost));
        }

        throw new DominoConfigurationException(
            $"No Domino host is set: set Host in the client options (for example 'https://domino.example.com') or the environment variable {DominoEnvironmentVariables.ApiHost}.",
            DominoSetting.Host,
            DominoSettingProblem.Missing,
            "the address of the Domino server, for example 'https://domino.example.com'",
            environmentVariables: HostVariables);
    }

    private static DominoCredentials ResolveCredentials(DominoClientOptions options, IDominoEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.BearerToken))
        {
            return new BearerTokenCredentials(RequireHeaderSafe(options.BearerToken, SettingSource.FromOption("BearerToken")));
        }

        if (!string.IsNullOrWhiteSpace(options.TokenFile))
        {
            return new TokenFileCredentials(options.TokenFile.Trim(), SettingSource.FromOption("TokenFile"));
        }

        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return new ApiKeyCredentials(RequireHeaderSafe(options.ApiKey, SettingSource.FromOption("ApiKey")));
        }

        var tokenFile = environment.GetVariable(DominoEnvironmentVariables.TokenFile);
        if (!string.IsNullOrWhiteSpace(tokenFile))
        {
            return new TokenFileCredentials(tokenFile.Trim(), SettingSource.FromVariable(DominoEnvironmentVariables.TokenFile));
        }

        var apiKey = environment.GetVariable(DominoEnvironmentVariables.UserApiKey);
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            return new ApiKeyCredentials(RequireHeaderSafe(apiKey, SettingSource.FromVariable(DominoEnvironmentVariables.UserApiKey)));
        }

        throw new DominoConfigurationException(
            "No Domino credentials are set: set ApiKey, BearerToken or TokenFile in the client options, or the environment variable "
            + $"{DominoEnvironmentVariables.UserApiKey} (an API key) or {DominoEnvironmentVariables.TokenFile} (a file holding a token).",
            DominoSetting.Credentials,
            DominoSettingProblem.Missing,
            "an API key, a bearer token, or a file holding a token",
            environmentVariables: CredentialVariables);
    }

    private static RetrySettings ResolveRetry(DominoRetryOptions retry)
    {
        RequireSet(retry, "Retry");
        if (retry.MaxRetries < 0)
        {
            throw Invalid(
                DominoSetting.Retry,
                SettingSource.FromOption("Retry.MaxRetries"),
                $"{retry.MaxRetries} is not a retry count; give zero (no retries) or a positive count, such as 5.",
                $"Retry.MaxRetries is {retry.MaxRetries}: give zero (no retries) or a positive count, for example 5.");
        }

        return new RetrySettings(
            retry.MaxRetries,
            RequirePositive(retry.BaseDelay, "Retry.BaseDelay", DominoSetting.Retry, allowInfinite: false),
            RequirePositive(retry.MaxDelay, "Retry.MaxDelay", DominoSetting.Retry, allowInfinite: false),
            RequirePositive(retry.MaxRetryAfter, "Retry.MaxRetryAfter", DominoSetting.Retry, allowInfinite: false),
            RequirePositive(retry.MaxTotalRetryTime, "Retry.MaxTotalRetryTime", DominoSetting.Retry, allowInfinite: false));
    }

    private static TimeSpan RequirePositive(TimeSpan value, string name, DominoSetting setting, bool allowInfinite)
    {
        var valid = allowInfinite ? value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan : value >= TimeSpan.Zero;
        var advice = "give a positive duration, for example 00:00:30" + (allowInfinite ? " (or Timeout.InfiniteTimeSpan)." : ".");
        return valid ? value : throw Invalid(setting, SettingSource.FromOption(name), $"{value} is not a positive duration; {advice}", $"{name} is {value}: {advice}");
    }

    private static void RequireSet(object? value, string name)
    {
        if (value is null)
        {
            throw Invalid(
                DominoSetting.Other,
                SettingSource.FromOption(name),
                "it is null; leave it at its default or give an instance.",
                $"DominoClientOptions.{name} is null: leave it at its default or give an instance.");
        }
    }
}

/// <summary>Where a setting's value came from: a property of the client options, or an environment variable.</summary>
internal sealed record SettingSource(string? Option, string? EnvironmentVariable)
{
    public static SettingSource FromOption(string option) => new(option, null);

    public static SettingSource FromVariable(string variable) => new(null, variable);

    /// <summary>The neutral words for the source: "setting Host", "environment variable DOMINO_API_HOST".</summary>
    public override string ToString() => Option is not null ? $"setting {Option}" : $"environment variable {EnvironmentVariable}";
}
