using System.Text.Json;
using Domino.Emulator.Internal.Runs;
using Domino.Emulator.Internal.Storage;
using Microsoft.AspNetCore.Http;

namespace Domino.Emulator.Internal.Endpoints;

/// <summary>The outcome of reading a start request: the request, or the status and message that refuse it.</summary>
internal sealed record StartParseResult(StartRunRequest? Request, int Status, string? Error)
{
    public static StartParseResult Refuse(string error, int status = StatusCodes.Status400BadRequest) => new(null, status, error);
}

/// <summary>Reads the body of <c>POST /v4/jobs/start</c> (every field of Domino's, each of them nullable) into a start request.</summary>
internal sealed class JobStartParser
{
    private readonly EmulatorStore _store;
    private readonly ComputeCatalog _compute;

    public JobStartParser(EmulatorStore store, ComputeCatalog compute)
    {
        _store = store;
        _compute = compute;
    }

    public async Task<StartParseResult> ParseAsync(JsonElement root, ProjectState project, CancellationToken cancellationToken)
    {
        if (!JsonFields.TryGetOptionalString(root, "commandToRun", out string? commandToRun) || string.IsNullOrWhiteSpace(commandToRun))
        {
            return StartParseResult.Refuse("commandToRun is required: one string such as \"main.py arg1 'two words'\".");
        }

        (List<string>? command, string? splitError) = ShellWords.Split(commandToRun);
        if (command is null || command.Count == 0 || string.IsNullOrWhiteSpace(command[0]))
        {
            return StartParseResult.Refuse($"commandToRun '{commandToRun}' cannot be split into arguments: {splitError ?? "it names no file or program to run."}");
        }

        if (!JsonFields.TryGetOptionalString(root, "title", out string? title) ||
            !JsonFields.TryGetOptionalString(root, "commitId", out string? commitId) ||
            !JsonFields.TryGetOptionalString(root, "overrideHardwareTierId", out string? tierId) ||
            !JsonFields.TryGetOptionalString(root, "environmentId", out string? environmentId))
        {
            return StartParseResult.Refuse("title, commitId, overrideHardwareTierId and environmentId must be strings or null.");
        }

        ComputeChoice tier = _compute.DefaultTier;
        if (tierId is not null)
        {
            ComputeChoice? match = _compute.FindTier(tierId);
            if (match is null)
            {
                return StartParseResult.Refuse($"Unknown hardware tier id '{tierId}'. {DescribeTiers()}");
            }

            tier = match;
        }

        ComputeChoice environment = _compute.DefaultEnvironment;
        if (environmentId is not null)
        {
            ComputeChoice? match = _compute.FindEnvironment(environmentId);
            if (match is null)
            {
                return StartParseResult.Refuse($"Unknown environment id '{environmentId}'. Environments: {string.Join(", ", _compute.Environments.Select(e => $"{e.Id} ({e.Name})"))}.");
            }

            environment = match;
        }

        var notes = new List<string>();
        string? problem = ReadExtras(root, notes);
        if (problem is not null)
        {
            return StartParseResult.Refuse(problem);
        }

        (GitRef? gitRef, string? gitRefProblem) = ReadGitRef(root);
        if (gitRefProblem is not null)
        {
            return StartParseResult.Refuse(gitRefProblem);
        }

        if (commitId is null && gitRef is null)
        {
            await _store.SnapshotSourceAsync(project, cancellationToken).ConfigureAwait(false);
        }

        CommitRecord commit = Commits.Head(project);
        if (commitId is not null)
        {
            if (!Ids.IsSha1(commitId))
            {
                return StartParseResult.Refuse($"{commitId} is not a valid ID");
            }

            CommitRecord? pinned = Commits.Get(project, commitId);
            if (pinned is null)
            {
                return StartParseResult.Refuse($"Commit {commitId} not found in project {project.Owner}/{project.Name}.", StatusCodes.Status404NotFound);
            }

            commit = pinned;
        }

        string? gitDescription = null;
        if (gitRef is not null)
        {
            (CommitRecord? gitCommit, string? description, string? error) = await _store.CommitForGitRefAsync(project, gitRef, cancellationToken).ConfigureAwait(false);
            if (gitCommit is null)
            {
                return StartParseResult.Refuse(error!);
            }

            if (commitId is not null)
            {
                notes.Add($"commitId {commitId} is accepted, but the files come from mainRepoGitRef.");
            }

            commit = gitCommit;
            gitDescription = description;
        }

        var request = new StartRunRequest(command, false, title, tier, environment, commit.Id, false, commandToRun, gitDescription, notes);
        return new StartParseResult(request, StatusCodes.Status200OK, null);
    }

    private string DescribeTiers() => "Hardware tiers: " + string.Join(", ", _compute.Tiers.Select(t => $"{t.Id} ({t.Name})")) + ".";

    private static (GitRef? GitRef, string? Problem) ReadGitRef(JsonElement root)
    {
        if (!JsonFields.TryGetOptional(root, "mainRepoGitRef", JsonValueKind.Object, out JsonElement? element))
        {
            return (null, "mainRepoGitRef must be an object such as {\"type\": \"branches\", \"value\": \"main\"}, or null.");
        }

        if (element is not { } gitRef)
        {
            return (null, null);
        }

        if (!JsonFields.TryGetOptionalString(gitRef, "type", out string? type) || !JsonFields.TryGetOptionalString(gitRef, "value", out string? value) || type is null || value is null)
        {
            return (null, "mainRepoGitRef needs the strings type and value, such as {\"type\": \"branches\", \"value\": \"main\"}.");
        }

        if (!GitRef.Types.Contains(type, StringComparer.Ordinal))
        {
            return (null, $"mainRepoGitRef.type '{type}' is not one of {string.Join(", ", GitRef.Types)}.");
        }

        var parsed = new GitRef(type, value);
        return (parsed, GitSource.Validate(parsed));
    }

    /// <summary>Checks the fields the emulator accepts but cannot act on, and notes each in the setup output.</summary>
    private string? ReadExtras(JsonElement root, List<string> notes)
    {
        if (!JsonFields.TryGetOptional(root, "externalVolumeMounts", JsonValueKind.Array, out JsonElement? mounts) ||
            (mounts is { } list && list.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String)))
        {
            return "externalVolumeMounts must be an array of external volume mount ids (strings), or null.";
        }

        if (mounts is { } given && given.GetArrayLength() > 0)
        {
            notes.Add($"externalVolumeMounts {string.Join(", ", given.EnumerateArray().Select(m => m.GetString()))} accepted; the emulator mounts no external volumes.");
        }

        foreach (string name in new[] { "computeClusterProperties", "onDemandSparkClusterProperties" })
        {
            if (!JsonFields.TryGetOptional(root, name, JsonValueKind.Object, out JsonElement? cluster))
            {
                return $"{name} must be an object or null.";
            }

            if (cluster is not { } properties)
            {
                continue;
            }

            foreach (string field in new[] { "masterHardwareTierId", "workerHardwareTierId", "executorHardwareTierId" })
            {
                if (!properties.TryGetProperty(field, out JsonElement tierElement) || tierElement.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                JsonElement idElement = tierElement.ValueKind == JsonValueKind.Object && tierElement.TryGetProperty("value", out JsonElement wrapped) ? wrapped : tierElement;
                string? id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
                if (id is null || _compute.FindTier(id) is null)
                {
                    return $"{name}.{field} names an unknown hardware tier ({tierElement.GetRawText()}); give a tier id as {{\"value\": \"{_compute.DefaultTier.Id}\"}}. {DescribeTiers()}";
                }
            }

            string kind = properties.TryGetProperty("clusterType", out JsonElement type) && type.ValueKind == JsonValueKind.String ? type.GetString() + " " : "Spark ";
            notes.Add($"{name} accepted; the emulator starts no {kind}cluster: the command runs on its own.");
        }

        return null;
    }
}
