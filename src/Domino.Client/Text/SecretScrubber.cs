using Domino.Client.Configuration;

namespace Domino.Client.Text;

/// <summary>
/// Replaces every configured credential with <c>***</c>: the API key and bearer token of the options, the API key of
/// the environment, and the token of the token file (as read when this scrubber was made, and every token the
/// client's credentials have read since: the file is re-read per request). The one place credentials are masked,
/// in exception messages, run output and every line the core logs.
/// </summary>
internal sealed class SecretScrubber
{
    public const string Mask = "***";

    private readonly string[] _configured;
    private readonly DominoCredentials? _credentials;

    public SecretScrubber(DominoClientOptions options, DominoCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var environment = options.Environment ?? ProcessDominoEnvironment.Instance;
        var tokenFile = NullIfBlank(options.TokenFile) ?? NullIfBlank(environment.GetVariable(DominoEnvironmentVariables.TokenFile));
        _configured = new[]
            {
                options.ApiKey,
                options.BearerToken,
                environment.GetVariable(DominoEnvironmentVariables.UserApiKey),
                tokenFile is null ? null : TokenFileCredentials.TryReadToken(tokenFile.Trim()),
            }
            .Select(s => s?.Trim())
            .Where(s => !string.IsNullOrEmpty(s))
            .Select(s => s!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        _credentials = credentials;
    }

    public string Scrub(string text)
    {
        var secrets = _credentials is null ? _configured : _configured.Concat(_credentials.KnownSecrets);
        foreach (var secret in secrets.Where(s => s.Length > 0).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    public string? ScrubOrNull(string? text) => text is null ? null : Scrub(text);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>A logger that masks every credential known to its scrubber before passing the line on.</summary>
internal sealed class ScrubbingLogger(IDominoLogger inner, SecretScrubber scrubber) : IDominoLogger
{
    public void Log(DominoLogLevel level, string message) => inner.Log(level, scrubber.Scrub(message ?? string.Empty));

    public bool IsEnabled(DominoLogLevel level) => inner.IsEnabled(level);
}
