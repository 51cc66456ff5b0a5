using System.Net.Http.Headers;

namespace Domino.Client.Configuration;

/// <summary>One of the three ways to authenticate. Applied to each attempt, so a token file is re-read every time.</summary>
internal abstract class DominoCredentials
{
    public const string ApiKeyHeader = "X-Domino-Api-Key";

    /// <summary>The secret values known so far, so messages can be scrubbed of them.</summary>
    public abstract IEnumerable<string> KnownSecrets { get; }

    public abstract void Apply(HttpRequestMessage request);

    /// <summary>Removes any credential header (a redirect hop or a request to another origin must not carry one).</summary>
    public static void Remove(HttpRequestMessage request)
    {
        request.Headers.Authorization = null;
        request.Headers.Remove(ApiKeyHeader);
    }
}

internal sealed class ApiKeyCredentials(string key) : DominoCredentials
{
    public override IEnumerable<string> KnownSecrets => [key];

    public override void Apply(HttpRequestMessage request) => request.Headers.TryAddWithoutValidation(ApiKeyHeader, key);
}

internal sealed class BearerTokenCredentials(string token) : DominoCredentials
{
    public override IEnumerable<string> KnownSecrets => [token];

    public override void Apply(HttpRequestMessage request) => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
}

/// <summary>A bearer token read from the first line of a file on every request: tokens inside a run live 5 minutes.</summary>
internal sealed class TokenFileCredentials(string path, SettingSource source) : DominoCredentials
{
    private readonly object _gate = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public string Path => path;

    /// <summary>The token in the first line of <paramref name="file"/>, or <see langword="null"/> when it cannot be read.</summary>
    public static string? TryReadToken(string file)
    {
        try
        {
            using var reader = new StreamReader(file);
            return reader.ReadLine()?.Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    public override IEnumerable<string> KnownSecrets
    {
        get
        {
            lock (_gate)
            {
                return [.. _seen];
            }
        }
    }

    public override void Apply(HttpRequestMessage request)
    {
        string? line;
        try
        {
            // A one-line local file: a synchronous read costs less than the async machinery around it.
            using var reader = new StreamReader(path);
            line = reader.ReadLine();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw ConnectionSettings.Invalid(
                DominoSetting.Credentials,
                source,
                $"the token file '{path}' could not be read ({ex.GetType().Name}); point it at a readable file whose first line is the token.",
                $"The token file '{path}' ({source}) could not be read ({ex.GetType().Name}): point {source} at a readable file whose first line is the token.");
        }

        if (string.IsNullOrWhiteSpace(line))
        {
            throw ConnectionSettings.Invalid(
                DominoSetting.Credentials,
                source,
                $"the token file '{path}' is empty; its first line must be the token.",
                $"The token file '{path}' ({source}) is empty: its first line must be the token.");
        }

        var token = ConnectionSettings.RequireHeaderSafe(line, source);
        lock (_gate)
        {
            _seen.Add(token);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }
}
