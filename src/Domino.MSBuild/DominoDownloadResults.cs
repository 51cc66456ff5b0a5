using System.Globalization;
using Domino.Client;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Task = System.Threading.Tasks.Task;

namespace Domino.MSBuild;

/// <summary>
/// Downloads the files of a run's output commit (or of any commit) into a folder, keeping their relative paths,
/// skipping files already there unchanged. Files are written whole or not at all, and a listed path that would
/// land outside the folder is refused.
/// </summary>
/// <example>
/// <code><![CDATA[
/// <DominoDownloadResults Project="alice/quick" RunId="$(RunId)" RemotePath="results" DestinationFolder="$(OutDir)results">
///   <Output TaskParameter="DownloadedFiles" ItemName="Got" />
/// </DominoDownloadResults>
/// ]]></code>
/// </example>
public sealed class DominoDownloadResults : DominoTaskBase
{
    private string? _runId;
    private string? _commitId;
    private string _destination = string.Empty;
    private DominoDownloadOptions _options = new();

    /// <summary>The run whose output commit to download. Give this or <see cref="CommitId"/>.</summary>
    public string? RunId { get; set; }

    /// <summary>The commit to download (40 hex characters). Give this or <see cref="RunId"/>.</summary>
    public string? CommitId { get; set; }

    /// <summary>Only files under this remote folder (for example <c>results</c>). Default: the whole commit.</summary>
    public string? RemotePath { get; set; }

    /// <summary>Glob patterns (<c>*</c>, <c>?</c>, <c>**</c>, relative to the project root), a <c>;</c> list; a file must match one. Default: all.</summary>
    public string? Include { get; set; }

    /// <summary>Glob patterns that leave a file out, a <c>;</c> list. Default: none.</summary>
    public string? Exclude { get; set; }

    /// <summary>Drop <see cref="RemotePath"/> from the local paths (<c>results/a.png</c> lands as <c>a.png</c>). Default: false.</summary>
    public string? StripRemotePath { get; set; }

    /// <summary>The local folder; relative paths are taken from the project's folder. Required.</summary>
    public string? DestinationFolder { get; set; }

    /// <summary>Skip files already downloaded with the same content. Default: true.</summary>
    public string? SkipUnchangedFiles { get; set; }

    /// <summary>
    /// With <c>RunId</c>: also download the files the run did not add or change (its inputs). Default: false, only the
    /// files of the output commit that are new or whose content differs from the run's input commit.
    /// </summary>
    public string? IncludeUnchanged { get; set; }

    /// <summary>How long a failing Domino is tolerated before the task fails with DOM015 (files written stay). Default: 5 minutes.</summary>
    public string? MaxOutage { get; set; }

    /// <summary>The most files downloaded at once, 1 to 64 (within it the download adapts to the throughput and backs off when Domino pushes back). Default: 32.</summary>
    public string? MaxParallelism { get; set; }

    /// <summary>
    /// The files written, by full local path, with metadata <c>RemotePath</c>, <c>RelativePath</c> (to the
    /// destination), <c>Key</c>, <c>Size</c> and <c>CommitId</c>.
    /// </summary>
    [Output]
    public ITaskItem[] DownloadedFiles { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>The files already present and unchanged, not downloaded again; same metadata as <see cref="DownloadedFiles"/>.</summary>
    [Output]
    public ITaskItem[] SkippedFiles { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>The commit the files came from.</summary>
    [Output]
    public string? DownloadedCommitId { get; private set; }

    /// <summary>The manifest the download keeps in the destination (used to skip unchanged files next time).</summary>
    [Output]
    public string? ManifestFile { get; private set; }

    private protected override bool YieldsWhileWorking => true;

    private protected override string DescribeOperation() =>
        _runId is not null ? $"downloading the results of run {_runId}" : $"downloading commit {_commitId}";

    private protected override void PrepareParameters()
    {
        var hasRun = !string.IsNullOrWhiteSpace(RunId);
        var hasCommit = !string.IsNullOrWhiteSpace(CommitId);
        if (hasRun == hasCommit)
        {
            throw DominoTaskException.Parameter(hasRun
                ? "Give RunId or CommitId, not both: RunId downloads that run's output commit."
                : "Give RunId (to download a run's results) or CommitId (to download a commit); both are empty.");
        }

        _runId = hasRun ? TaskParameters.RequireRunId(RunId, nameof(RunId)) : null;
        _commitId = hasCommit ? TaskParameters.OptionalCommitId(CommitId, nameof(CommitId)) : null;

        var destination = TaskParameters.Trimmed(DestinationFolder)
            ?? throw DominoTaskException.Parameter("DestinationFolder is empty: give the folder to download into, for example DestinationFolder=\"$(OutDir)results\".");
        try
        {
            // Resolved now, while the current directory is the project's: it may change once the task yields.
            _destination = Path.GetFullPath(destination);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw DominoTaskException.Parameter($"DestinationFolder '{DestinationFolder}' is not a valid path: {exception.Message}");
        }

        var options = new DominoDownloadOptions
        {
            RemotePath = TaskParameters.Trimmed(RemotePath),
            StripRemotePath = TaskParameters.ParseBool(StripRemotePath, nameof(StripRemotePath), false),
            SkipUnchanged = TaskParameters.ParseBool(SkipUnchangedFiles, nameof(SkipUnchangedFiles), true),
            IncludeUnchanged = TaskParameters.ParseBool(IncludeUnchanged, nameof(IncludeUnchanged), false),
            ThrowOnFailure = true,
        };
        options.MaxParallelism = TaskParameters.ParsePositiveInt(MaxParallelism, nameof(MaxParallelism), DominoDownloadOptions.MaxParallelismTextLimit) ?? options.MaxParallelism;
        options.MaxOutage = TaskParameters.ParseDuration(MaxOutage, nameof(MaxOutage)) ?? options.MaxOutage;
        foreach (var pattern in TaskParameters.SplitList(Include))
        {
            options.Include.Add(pattern);
        }

        foreach (var pattern in TaskParameters.SplitList(Exclude))
        {
            options.Exclude.Add(pattern);
        }

        // The core's own checks and its normalisation of separators, before anything is sent.
        TaskParameters.Check(options.Validate, static property => property == nameof(DominoDownloadOptions.SkipUnchanged) ? nameof(SkipUnchangedFiles) : property);
        _options = options;
    }

    private protected override async Task ExecuteCoreAsync(DominoProjectClient project, CancellationToken cancellationToken)
    {
        var report = _runId is not null
            ? await project.DownloadResultsAsync(_runId, _destination, _options, cancellationToken).ConfigureAwait(false)
            : await project.DownloadCommitAsync(_commitId!, _destination, _options, cancellationToken).ConfigureAwait(false);
        SetOutputs(report);
        LogMilestone(string.Create(
            CultureInfo.InvariantCulture,
            $"Domino: downloaded {report.Written.Count} file(s) ({report.BytesWritten} bytes), skipped {report.Skipped.Count} unchanged, from commit {report.CommitId} into {report.Destination}"));
    }

    private protected override (string Code, string Message)? DescribeFailure(Exception exception)
    {
        if (exception is not DominoDownloadException failure)
        {
            return null;
        }

        var message = $"{char.ToUpperInvariant(DescribeOperation()[0])}{DescribeOperation()[1..]} into {_destination} failed: {failure.Message}";
        if (failure.Report is { } report)
        {
            SetOutputs(report);
            foreach (var failed in report.Failed)
            {
                message += $"{Environment.NewLine}  {failed.RemotePath}: {failed.Error}";
            }
        }

        return (DominoErrorCodes.DownloadFailed, message);
    }

    private void SetOutputs(DominoDownloadReport report)
    {
        DownloadedCommitId = report.CommitId;
        ManifestFile = report.ManifestPath;
        DownloadedFiles = report.Written.Select(file => ToItem(file, report)).ToArray();
        SkippedFiles = report.Skipped.Select(file => ToItem(file, report)).ToArray();
    }

    private static TaskItem ToItem(DominoDownloadedFile file, DominoDownloadReport report)
    {
        var item = new TaskItem(file.LocalPath);
        item.SetMetadata("RemotePath", file.RemotePath);
        item.SetMetadata("RelativePath", Path.GetRelativePath(report.Destination, file.LocalPath));
        item.SetMetadata("Key", file.Key);
        item.SetMetadata("Size", file.Size.ToString(CultureInfo.InvariantCulture));
        item.SetMetadata("CommitId", report.CommitId);
        return item;
    }
}
