namespace Domino.Client;

/// <summary>
/// Where the client reads environment variables from. Cake passes its own environment, tests a dictionary.
/// </summary>
public interface IDominoEnvironment
{
    /// <summary>Returns the variable's value, or <see langword="null"/> when it is not set.</summary>
    string? GetVariable(string name);
}

/// <summary>The process environment.</summary>
public sealed class ProcessDominoEnvironment : IDominoEnvironment
{
    /// <summary>The shared instance.</summary>
    public static ProcessDominoEnvironment Instance { get; } = new();

    /// <inheritdoc />
    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);
}

/// <summary>An environment backed by a dictionary (tests, or a host that captures variables up front).</summary>
public sealed class DictionaryDominoEnvironment : IDominoEnvironment
{
    private readonly IReadOnlyDictionary<string, string?> _variables;

    /// <summary>Creates an environment from the given variables.</summary>
    public DictionaryDominoEnvironment(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        _variables = variables;
    }

    /// <inheritdoc />
    public string? GetVariable(string name) => _variables.TryGetValue(name, out var value) ? value : null;
}

/// <summary>The names of the environment variables the client reads.</summary>
public static class DominoEnvironmentVariables
{
    /// <summary>The Domino host, for example <c>https://domino.example.com</c>.</summary>
    public const string ApiHost = "DOMINO_API_HOST";

    /// <summary>The user's API key, sent as <c>X-Domino-Api-Key</c>.</summary>
    public const string UserApiKey = "DOMINO_USER_API_KEY";

    /// <summary>A file whose first line is a bearer token, re-read on every request.</summary>
    public const string TokenFile = "DOMINO_TOKEN_FILE";

    /// <summary>The default project's owner.</summary>
    public const string ProjectOwner = "DOMINO_PROJECT_OWNER";

    /// <summary>The default project's name.</summary>
    public const string ProjectName = "DOMINO_PROJECT_NAME";

    /// <summary>Which API the client speaks: <c>auto</c> (the default), <c>v4</c> or <c>v1</c>, in any case (see <see cref="DominoApiMode"/>).</summary>
    public const string ApiMode = "DOMINO_API_MODE";
}
