using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.Text;

namespace Domino.Emulator.Internal.Storage;

/// <summary>A git reference a job asks for: <c>branches</c>, <c>tags</c> or <c>commitId</c>, and its value.</summary>
internal sealed record GitRef(string Type, string Value)
{
    public const string Branches = "branches";
    public const string Tags = "tags";
    public const string CommitId = "commitId";

    public static readonly string[] Types = [Branches, Tags, CommitId];

    /// <summary>What <c>git rev-parse</c> is asked for.</summary>
    public string Revision => Type switch
    {
        Branches => "refs/heads/" + Value,
        Tags => "refs/tags/" + Value,
        _ => Value,
    };

    public override string ToString() => $"{Type} {Value}";
}

/// <summary>Reads a project's files at a git ref of its source folder (<c>git rev-parse</c>, then <c>git archive</c>) into the blob store.</summary>
internal sealed class GitSource
{
    private static readonly TimeSpan GitTimeout = TimeSpan.FromMinutes(2);

    private readonly BlobStore _blobs;

    public GitSource(BlobStore blobs)
    {
        _blobs = blobs;
    }

    /// <summary>Whether the folder is the top of a git work tree (holds a <c>.git</c> folder or file).</summary>
    public static bool IsRepository(string? folder) =>
        !string.IsNullOrEmpty(folder) && (Directory.Exists(Path.Combine(folder, ".git")) || File.Exists(Path.Combine(folder, ".git")));

    /// <summary>Checks a ref's value before git sees it: null when acceptable, else the reason.</summary>
    public static string? Validate(GitRef gitRef)
    {
        if (gitRef.Value.Length == 0 || gitRef.Value.StartsWith('-') || gitRef.Value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return $"mainRepoGitRef.value '{gitRef.Value}' is not a git {gitRef.Type} name.";
        }

        if (gitRef.Type == GitRef.CommitId && (gitRef.Value.Length is < 4 or > 40 || !gitRef.Value.All(char.IsAsciiHexDigit)))
        {
            return $"mainRepoGitRef.value '{gitRef.Value}' is not a git commit id (4 to 40 hex digits, such as 3f2a9c1).";
        }

        return null;
    }

    /// <summary>The full commit id the ref names in the repository, or null when it names none.</summary>
    public static async Task<string?> ResolveAsync(string folder, GitRef gitRef, CancellationToken cancellationToken)
    {
        using Process process = StartGit(folder, "rev-parse", "--verify", "--quiet", "--end-of-options", gitRef.Revision + "^{commit}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await WaitAsync(process, cancellationToken).ConfigureAwait(false);
        string sha = (await stdout.ConfigureAwait(false)).Trim();
        await stderr.ConfigureAwait(false);
        return process.ExitCode == 0 && Ids.IsSha1(sha) ? sha.ToLowerInvariant() : null;
    }

    /// <summary>Stores every regular file of the commit's tree; symbolic links and submodules are left out.</summary>
    public async Task<SortedDictionary<string, ManifestEntry>> ArchiveAsync(string folder, string commit, CancellationToken cancellationToken)
    {
        var files = new SortedDictionary<string, ManifestEntry>(StringComparer.Ordinal);
        using Process process = StartGit(folder, "archive", "--format=tar", commit);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var reader = new TarReader(process.StandardOutput.BaseStream, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    continue;
                }

                string? problem = PathRules.ValidateRelativeFilePath(entry.Name);
                if (problem is not null)
                {
                    throw new InvalidOperationException($"git archive gave an unsafe path: {problem}");
                }

                (string key, long size) = await _blobs.StoreAsync(entry.DataStream, cancellationToken).ConfigureAwait(false);
                files[entry.Name] = new ManifestEntry
                {
                    Key = key,
                    Size = size,
                    LastModified = entry.ModificationTime.ToUnixTimeMilliseconds(),
                    Executable = (entry.Mode & UnixFileMode.UserExecute) != 0,
                };
            }
        }

        await WaitAsync(process, cancellationToken).ConfigureAwait(false);
        string errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git archive of {commit} failed: {errors.Trim()}");
        }

        return files;
    }

    private static Process StartGit(string folder, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add("-C");
        startInfo.ArgumentList.Add(folder);
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["GIT_TERMINAL_PROMPT"] = "0";
        startInfo.Environment["LC_ALL"] = "C";
        try
        {
            Process process = Process.Start(startInfo) ?? throw new InvalidOperationException("git could not be started.");
            process.StandardInput.Close();
            return process;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("git is needed to run a job from a git ref, and could not be started: " + ex.Message, ex);
        }
    }

    private static async Task WaitAsync(Process process, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(GitTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
