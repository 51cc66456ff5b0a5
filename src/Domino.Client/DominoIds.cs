namespace Domino.Client;

/// <summary>Validation of the identifiers Domino uses, so a malformed id fails locally instead of as a request.</summary>
public static class DominoIds
{
    /// <summary>True when <paramref name="value"/> is a 24-character lower-case hex id (runs, projects).</summary>
    public static bool IsObjectId(string? value) => IsLowerHex(value, 24);

    /// <summary>True when <paramref name="value"/> is a 40-character lower-case hex id (commits, blob keys).</summary>
    public static bool IsSha1(string? value) => IsLowerHex(value, 40);

    /// <summary>Throws a clear <see cref="ArgumentException"/> unless <paramref name="runId"/> is a valid run id.</summary>
    public static string RequireRunId(string? runId, string parameterName = "runId") =>
        IsObjectId(runId) ? runId! : throw new ArgumentException(
            $"The run id '{runId}' is not valid: a Domino run id is 24 lower-case hex characters, for example '553af271e4b0364c0f717b24'.",
            parameterName);

    /// <summary>Throws a clear <see cref="ArgumentException"/> unless <paramref name="projectId"/> is a valid project id.</summary>
    public static string RequireProjectId(string? projectId, string parameterName = "projectId") =>
        IsObjectId(projectId) ? projectId! : throw new ArgumentException(
            $"The project id '{projectId}' is not valid: a Domino project id is 24 lower-case hex characters, for example '5a4cf8a3e4b0a0cbbd9f8c33'.",
            parameterName);

    /// <summary>Throws a clear <see cref="ArgumentException"/> unless <paramref name="commitId"/> is a valid commit id.</summary>
    public static string RequireCommitId(string? commitId, string parameterName = "commitId") =>
        IsSha1(commitId) ? commitId! : throw new ArgumentException(
            $"The commit id '{commitId}' is not valid: a Domino commit id is 40 lower-case hex characters (a SHA-1), for example 'a4dc3ec5b22e8e2a0cd1bbdcc8e1c4de8c6a2f3e'.",
            parameterName);

    /// <summary>Throws a clear <see cref="ArgumentException"/> unless <paramref name="key"/> is a valid blob key.</summary>
    public static string RequireBlobKey(string? key, string parameterName = "key") =>
        IsSha1(key) ? key! : throw new ArgumentException(
            $"The blob key '{key}' is not valid: a Domino blob key is 40 lower-case hex characters, for example 'd0839a5b9c2c5b0b9ff6b5bd1e4e5c7c4e1c8a77'.",
            parameterName);

    private static bool IsLowerHex(string? value, int length)
    {
        if (value is null || value.Length != length)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
