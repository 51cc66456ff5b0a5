using Cake.Core;
using Domino.Client;
using Domino.Client.Ci;

namespace Cake.Domino.Internal;

/// <summary>A snapshot of the connection values of a <see cref="DominoSettings"/>, with paths made absolute.</summary>
internal sealed class DominoConnection
{
    public static readonly DominoConnection Empty = new();

    public string? Host { get; private init; }

    public string? ApiKey { get; private init; }

    public string? Token { get; private init; }

    public string? TokenFile { get; private init; }

    public TimeSpan? RequestTimeout { get; private init; }

    public int? MaxRetries { get; private init; }

    public TimeSpan? RetryBaseDelay { get; private init; }

    public TimeSpan? RetryMaxDelay { get; private init; }

    public TimeSpan? MaxRetryAfter { get; private init; }

    public TimeSpan? MaxTotalRetryTime { get; private init; }

    /// <summary>Which API to speak (<see cref="DominoSettings.Api"/>); unset leaves it to the client (<c>DOMINO_API_MODE</c>, then Auto).</summary>
    public DominoApiMode? Api { get; private init; }

    /// <summary>Whether to report to the CI system (<see cref="DominoSettings.CiIntegration"/>); unset means on.</summary>
    public DominoCiIntegration? CiIntegration { get; private init; }

    public static DominoConnection From(DominoSettings settings, ICakeEnvironment environment) => Empty.OverriddenBy(settings, environment);

    /// <summary>This connection, with every value the settings set replacing the one here.</summary>
    public DominoConnection OverriddenBy(DominoSettings? settings, ICakeEnvironment environment)
    {
        if (settings is null)
        {
            return this;
        }

        return new DominoConnection
        {
            Host = NullIfBlank(settings.Host) ?? Host,
            ApiKey = NullIfBlank(settings.ApiKey) ?? ApiKey,
            Token = NullIfBlank(settings.Token) ?? Token,
            TokenFile = settings.TokenFile?.MakeAbsolute(environment).FullPath ?? TokenFile,
            RequestTimeout = settings.RequestTimeout ?? RequestTimeout,
            MaxRetries = settings.MaxRetries ?? MaxRetries,
            RetryBaseDelay = settings.RetryBaseDelay ?? RetryBaseDelay,
            RetryMaxDelay = settings.RetryMaxDelay ?? RetryMaxDelay,
            MaxRetryAfter = settings.MaxRetryAfter ?? MaxRetryAfter,
            MaxTotalRetryTime = settings.MaxTotalRetryTime ?? MaxTotalRetryTime,
            Api = settings.Api ?? Api,
            CiIntegration = settings.CiIntegration ?? CiIntegration,
        };
    }

    /// <summary>The client options: explicit values here, the rest left to the client (which reads <paramref name="environment"/>).</summary>
    public DominoClientOptions ToClientOptions(IDominoEnvironment environment, IDominoLogger logger, DominoCiSystem ciSystem)
    {
        var options = new DominoClientOptions
        {
            Host = Host,
            ApiKey = ApiKey,
            BearerToken = Token,
            TokenFile = TokenFile,
            Api = Api,
            Environment = environment,
            Logger = logger,
            CiIntegration = CiIntegration ?? DominoCiIntegration.Auto,
            CiSystem = ciSystem,
            UserAgentSuffix = "Cake.Domino/" + (typeof(DominoConnection).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"),
        };
        if (RequestTimeout is { } requestTimeout)
        {
            options.RequestTimeout = requestTimeout;
        }

        if (MaxRetries is { } maxRetries)
        {
            options.Retry.MaxRetries = maxRetries;
        }

        if (RetryBaseDelay is { } baseDelay)
        {
            options.Retry.BaseDelay = baseDelay;
        }

        if (RetryMaxDelay is { } maxDelay)
        {
            options.Retry.MaxDelay = maxDelay;
        }

        if (MaxRetryAfter is { } maxRetryAfter)
        {
            options.Retry.MaxRetryAfter = maxRetryAfter;
        }

        if (MaxTotalRetryTime is { } maxTotal)
        {
            options.Retry.MaxTotalRetryTime = maxTotal;
        }

        return options;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
