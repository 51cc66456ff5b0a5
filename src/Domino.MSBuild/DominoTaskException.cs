namespace Domino.MSBuild;

/// <summary>A problem the task found itself (a parameter, the configuration): logged as an error with its code.</summary>
internal sealed class DominoTaskException : Exception
{
    public DominoTaskException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public string Code { get; }

    public static DominoTaskException Parameter(string message) => new(DominoErrorCodes.InvalidParameter, message);

    public static DominoTaskException Configuration(string message) => new(DominoErrorCodes.ConfigurationMissing, message);
}
