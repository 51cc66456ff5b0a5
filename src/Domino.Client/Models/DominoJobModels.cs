namespace Domino.Client;

/// <summary>The kind of git reference a v4 job runs from (<c>mainRepoGitRef.type</c>).</summary>
public enum DominoGitRefType
{
    /// <summary>A branch (<c>branches</c>).</summary>
    Branch,

    /// <summary>A tag (<c>tags</c>).</summary>
    Tag,

    /// <summary>A commit of the project's main git repository (<c>commitId</c>).</summary>
    Commit,
}

/// <summary>
/// The git reference of a git-based project that a v4 job runs from (<c>mainRepoGitRef</c>): a branch, a tag or a
/// commit SHA of the main repository. Create one with <see cref="Branch"/>, <see cref="Tag"/>, <see cref="Commit"/> or <see cref="Parse"/>.
/// </summary>
/// <param name="Type">What <paramref name="Value"/> names.</param>
/// <param name="Value">The branch or tag name, or the commit SHA.</param>
public sealed record DominoGitRef(DominoGitRefType Type, string Value)
{
    private const string Examples = "'branch:main', 'tag:v1.2.0' or 'commit:9f2c1e4'";

    /// <summary>The branch <paramref name="name"/>.</summary>
    public static DominoGitRef Branch(string name) => new(DominoGitRefType.Branch, name);

    /// <summary>The tag <paramref name="name"/>.</summary>
    public static DominoGitRef Tag(string name) => new(DominoGitRefType.Tag, name);

    /// <summary>The main-repository commit <paramref name="sha"/> (7 to 40 hex characters).</summary>
    public static DominoGitRef Commit(string sha) => new(DominoGitRefType.Commit, sha);

    /// <summary>
    /// Parses <c>kind:value</c>, where kind is <c>branch</c> (or <c>branches</c>), <c>tag</c> (or <c>tags</c>) or
    /// <c>commit</c> (or <c>commitId</c>), in any case: for example <c>branch:main</c>, <c>tag:v1.2.0</c>, <c>commit:9f2c1e4</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not of that form, or its name is not a valid git reference.</exception>
    public static DominoGitRef Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? string.Empty : value[..colon].Trim().ToLowerInvariant();
        DominoGitRefType? type = kind switch
        {
            "branch" or "branches" => DominoGitRefType.Branch,
            "tag" or "tags" => DominoGitRefType.Tag,
            "commit" or "commitid" => DominoGitRefType.Commit,
            _ => null,
        };
        if (type is null)
        {
            throw new ArgumentException($"The git ref '{value}' is not valid: give the kind and the name separated by ':', for example {Examples}.", nameof(value));
        }

        var parsed = new DominoGitRef(type.Value, value[(colon + 1)..].Trim());
        parsed.Validate("git ref", nameof(value));
        return parsed;
    }

    /// <summary>The JSON <c>type</c>: <c>branches</c>, <c>tags</c> or <c>commitId</c>.</summary>
    internal string WireType => Type switch
    {
        DominoGitRefType.Branch => "branches",
        DominoGitRefType.Tag => "tags",
        _ => "commitId",
    };

    /// <inheritdoc />
    public override string ToString() => $"{Type.ToString().ToLowerInvariant()}:{Value}";

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming <paramref name="what"/>, with <paramref name="paramName"/> as its
    /// <see cref="ArgumentException.ParamName"/>, unless the reference is well formed.
    /// </summary>
    internal void Validate(string what, string paramName)
    {
        if (!Enum.IsDefined(Type))
        {
            throw new ArgumentException($"The {what} has the kind {(int)Type}, which is not Branch, Tag or Commit: give for example {Examples}.", paramName);
        }

        if (Type == DominoGitRefType.Commit)
        {
            if (!IsHex(Value, 7, 40))
            {
                throw new ArgumentException(
                    $"The {what} commit '{Value}' is not valid: a git commit is 7 to 40 hexadecimal characters, for example '9f2c1e4' or 'commit:9f2c1e4a0b...'.", paramName);
            }

            return;
        }

        if (!IsRefName(Value))
        {
            var kind = Type == DominoGitRefType.Branch ? "branch" : "tag";
            throw new ArgumentException(
                $"The {what} {kind} '{Value}' is not a valid git {kind} name: it must be non-empty, without spaces, control characters, "
                + $"'..', '~', '^', ':', '?', '*', '[', '\\\\', a leading '-' or '/', or a trailing '/' or '.lock'; for example '{(kind == "branch" ? "main" : "v1.2.0")}' or 'release/2026-11'.", paramName);
        }
    }

    /// <summary>git's rules for a reference name (<c>git check-ref-format</c>), as far as a client can check them.</summary>
    internal static bool IsRefName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.StartsWith('-') || name.StartsWith('/') || name.EndsWith('/') || name.EndsWith('.')
            || name.EndsWith(".lock", StringComparison.Ordinal) || name == "@"
            || name.Contains("..", StringComparison.Ordinal) || name.Contains("//", StringComparison.Ordinal) || name.Contains("@{", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '~' or '^' or ':' or '?' or '*' or '[' or '\\')
            {
                return false;
            }
        }

        return name.Split('/').All(part => part.Length > 0 && !part.StartsWith('.'));
    }

    private static bool IsHex(string? value, int min, int max) =>
        value is not null && value.Length >= min && value.Length <= max && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F'));
}

/// <summary>
/// A compute cluster (Spark, Ray, Dask or MPI) attached to a v4 job (<c>computeClusterProperties</c>).
/// </summary>
public sealed record DominoComputeCluster
{
    /// <summary>The cluster types Domino knows.</summary>
    public static IReadOnlyList<string> ClusterTypes { get; } = ["Spark", "Ray", "Dask", "MPI"];

    /// <summary>The cluster type: <c>Spark</c>, <c>Ray</c>, <c>Dask</c> or <c>MPI</c>.</summary>
    public required string ClusterType { get; init; }

    /// <summary>The id of the cluster's compute environment (24 hex characters).</summary>
    public required string ComputeEnvironmentId { get; init; }

    /// <summary>
    /// Which revision of that environment: <c>ActiveRevision</c>, <c>LatestRevision</c>, or a revision id (24 hex characters).
    /// Default: the server's.
    /// </summary>
    public string? ComputeEnvironmentRevision { get; init; }

    /// <summary>The hardware tier id of the master; required except for <c>MPI</c>.</summary>
    public string? MasterHardwareTierId { get; init; }

    /// <summary>The hardware tier id of the workers.</summary>
    public required string WorkerHardwareTierId { get; init; }

    /// <summary>How many workers (at least 1); with <see cref="MaxWorkerCount"/>, the minimum.</summary>
    public required int WorkerCount { get; init; }

    /// <summary>Turns on autoscaling up to this many workers (at least <see cref="WorkerCount"/>).</summary>
    public int? MaxWorkerCount { get; init; }

    /// <summary>Disk space per worker in GiB (positive). Default: the server's.</summary>
    public double? WorkerStorageGiB { get; init; }
}

/// <summary>A hardware tier a project's jobs can run on (<c>GET /v4/projects/{projectId}/hardwareTiers</c>).</summary>
/// <param name="Id">The tier's id, as <see cref="DominoStartRunRequest.Tier"/> takes it, e.g. <c>small-k8s</c>.</param>
/// <param name="Name">The tier's name, as people see it, e.g. <c>Small</c>.</param>
/// <param name="IsDefault">Whether jobs run on it when no tier is given.</param>
public sealed record DominoHardwareTier(string Id, string Name, bool IsDefault);

/// <summary>A compute environment (<c>GET /v4/projects/{projectId}/useableEnvironments</c> or <c>GET /v1/environments</c>).</summary>
/// <param name="Id">The environment's id (24 hex characters), as <see cref="DominoStartRunRequest.EnvironmentId"/> takes it.</param>
/// <param name="Name">The environment's name, e.g. <c>Domino Standard Environment Py3.10</c>.</param>
/// <param name="Visibility">Who can use it (<c>Private</c>, <c>Organization</c>, <c>Global</c>), when the server says.</param>
/// <param name="DockerImage">The image of its latest revision, when the server says.</param>
public sealed record DominoEnvironment(string Id, string Name, string? Visibility, string? DockerImage);

/// <summary>What a v4 job really got to run on (<c>GET /v4/jobs/{jobId}/runtimeExecutionDetails</c>).</summary>
/// <param name="HardwareTierId">The hardware tier's id, when the server says.</param>
/// <param name="HardwareTierName">The hardware tier's name, when the server says.</param>
/// <param name="EnvironmentId">The compute environment's id, when the server says.</param>
/// <param name="EnvironmentName">The compute environment's name, when the server says.</param>
public sealed record DominoRunExecutionDetails(string? HardwareTierId, string? HardwareTierName, string? EnvironmentId, string? EnvironmentName)
{
    /// <summary>For logs: <c>hardware tier 'Large' (large), environment 'Domino Standard Environment' (5f...)</c>.</summary>
    public override string ToString()
    {
        static string Describe(string what, string? name, string? id) =>
            name is not null && id is not null && name != id ? $"{what} '{name}' ({id})"
            : (name ?? id) is { } either ? $"{what} '{either}'"
            : $"{what} unknown";
        return $"{Describe("hardware tier", HardwareTierName, HardwareTierId)}, {Describe("environment", EnvironmentName, EnvironmentId)}";
    }
}
