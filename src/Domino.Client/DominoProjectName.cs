using System.Diagnostics.CodeAnalysis;

namespace Domino.Client;

/// <summary>
/// A Domino project address, <c>owner/name</c>. Both parts are single URL path segments.
/// </summary>
public readonly record struct DominoProjectName
{
    /// <summary>Creates a project name from its two parts, validating each.</summary>
    /// <param name="owner">The project's owner (user or organisation name).</param>
    /// <param name="name">The project's name.</param>
    /// <exception cref="ArgumentException">A part is empty or contains <c>/</c>.</exception>
    public DominoProjectName(string owner, string name)
    {
        ValidatePart(owner, nameof(owner), "owner");
        ValidatePart(name, nameof(name), "name");
        Owner = owner;
        Name = name;
    }

    /// <summary>The project's owner.</summary>
    public string Owner { get; }

    /// <summary>The project's name.</summary>
    public string Name { get; }

    /// <summary>Parses <c>owner/name</c>.</summary>
    /// <exception cref="ArgumentException">The value is not of the form <c>owner/name</c>.</exception>
    public static DominoProjectName Parse(string value)
    {
        if (TryParse(value, out var project))
        {
            return project;
        }

        throw new ArgumentException(
            $"The Domino project '{value}' is not valid: give it as 'owner/name', for example 'alice/churn-model' (exactly one '/', neither part empty).",
            nameof(value));
    }

    /// <summary>Tries to parse <c>owner/name</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out DominoProjectName project)
    {
        project = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var parts = value.Trim().Split('/');
        if (parts.Length != 2 || !IsValidPart(parts[0]) || !IsValidPart(parts[1]))
        {
            return false;
        }

        project = new DominoProjectName(parts[0], parts[1]);
        return true;
    }

    /// <summary>
    /// The project to use: <paramref name="project"/> when given, else <c>DOMINO_PROJECT_OWNER</c> and
    /// <c>DOMINO_PROJECT_NAME</c> from <paramref name="environment"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="project"/> is given but malformed.</exception>
    /// <exception cref="DominoConfigurationException">Neither is set.</exception>
    public static DominoProjectName Resolve(string? project, IDominoEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(project))
        {
            return Parse(project);
        }

        var owner = environment.GetVariable(DominoEnvironmentVariables.ProjectOwner);
        var name = environment.GetVariable(DominoEnvironmentVariables.ProjectName);
        if (!string.IsNullOrWhiteSpace(owner) && !string.IsNullOrWhiteSpace(name))
        {
            return new DominoProjectName(owner.Trim(), name.Trim());
        }

        throw new DominoConfigurationException(
            "No Domino project is set: give it as 'owner/name', or set the environment variables "
            + $"{DominoEnvironmentVariables.ProjectOwner} and {DominoEnvironmentVariables.ProjectName}.",
            DominoSetting.Project,
            DominoSettingProblem.Missing,
            "the project, as 'owner/name', for example 'alice/churn-model'",
            environmentVariables: [DominoEnvironmentVariables.ProjectOwner, DominoEnvironmentVariables.ProjectName]);
    }

    /// <inheritdoc />
    public override string ToString() => Owner is null ? string.Empty : $"{Owner}/{Name}";

    private static bool IsValidPart(string part) =>
        part.Length > 0 && part.Trim() == part && part != "." && part != ".." && part.IndexOfAny(['/', '\\', '?', '#']) < 0;

    private static void ValidatePart(string part, string parameterName, string what)
    {
        if (part is null || !IsValidPart(part))
        {
            throw new ArgumentException(
                $"The Domino project {what} '{part}' is not valid: it must be non-empty, without '/', '\\', '?' or '#', and without surrounding spaces.",
                parameterName);
        }
    }
}
