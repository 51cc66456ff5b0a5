using Cake.Core;
using Cake.Core.Annotations;
using Cake.Core.IO;
using Domino.Client;

namespace Cake.Domino;

public static partial class DominoAliases
{
    /// <summary>Lists the files of the run's output commit.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A finished run returned by another alias.</param>
    /// <returns>The files: path, size, key, last modified.</returns>
    /// <example>
    /// <code>
    /// foreach (var f in DominoListFiles(done)) { Information("{0} ({1} bytes)", f.Path, f.Size); }
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<DominoFile> DominoListFiles(this ICakeContext context, DominoRunReference run) =>
        Sync(context.DominoListFilesAsync(run, new DominoListFilesSettings()));

    /// <summary>Lists the files of the run's output commit under <see cref="DominoListFilesSettings.Path"/>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A finished run returned by another alias.</param>
    /// <param name="settings">Which folder; connection values set here replace the run's.</param>
    /// <returns>The files.</returns>
    /// <example>
    /// <code>
    /// var results = DominoListFiles(done, new DominoListFilesSettings { Path = "results" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<DominoFile> DominoListFiles(this ICakeContext context, DominoRunReference run, DominoListFilesSettings settings) =>
        Sync(context.DominoListFilesAsync(run, settings));

    /// <summary>Lists the files of a commit.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="commitId">The commit (40 hex characters).</param>
    /// <param name="settings">Which folder, and the host, credentials and project.</param>
    /// <returns>The files.</returns>
    /// <example>
    /// <code>
    /// var files = DominoListFiles(done.CommitId, new DominoListFilesSettings());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<DominoFile> DominoListFiles(this ICakeContext context, string commitId, DominoListFilesSettings settings) =>
        Sync(context.DominoListFilesAsync(commitId, settings));

    /// <summary>Lists the files of the run's output commit.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A finished run returned by another alias.</param>
    /// <returns>The files.</returns>
    /// <example>
    /// <code>
    /// var files = await DominoListFilesAsync(done);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<IReadOnlyList<DominoFile>> DominoListFilesAsync(this ICakeContext context, DominoRunReference run) =>
        context.DominoListFilesAsync(run, new DominoListFilesSettings());

    /// <summary>Lists the files of the run's output commit under <see cref="DominoListFilesSettings.Path"/>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A finished run returned by another alias.</param>
    /// <param name="settings">Which folder; connection values set here replace the run's.</param>
    /// <returns>The files.</returns>
    /// <example>
    /// <code>
    /// var files = await DominoListFilesAsync(done, new DominoListFilesSettings { Path = "results" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<IReadOnlyList<DominoFile>> DominoListFilesAsync(this ICakeContext context, DominoRunReference run, DominoListFilesSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.ListFilesAsync(run, null, run.Project, settings, worker.Connect(run, settings));
    }

    /// <summary>Lists the files of a commit.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="commitId">The commit (40 hex characters).</param>
    /// <param name="settings">Which folder, and the host, credentials and project.</param>
    /// <returns>The files.</returns>
    /// <example>
    /// <code>
    /// var files = await DominoListFilesAsync(done.CommitId, new DominoListFilesSettings());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<IReadOnlyList<DominoFile>> DominoListFilesAsync(this ICakeContext context, string commitId, DominoListFilesSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(commitId);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.ListFilesAsync(null, commitId, settings.Project, settings, worker.Connect(settings));
    }

    /// <summary>Downloads one file of the run's output commit.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A finished run returned by another alias.</param>
    /// <param name="remotePath">The file's path in the project, for example <c>results/metrics.json</c>.</param>
    /// <param name="localPath">Where to write it; relative paths are resolved against the working directory.</param>
    /// <returns>The absolute local path.</returns>
    /// <example>
    /// <code>
    /// var metrics = DominoDownloadFile(done, "results/metrics.json", "./metrics.json");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static FilePath DominoDownloadFile(this ICakeContext context, DominoRunReference run, string remotePath, FilePath localPath) =>
        Sync(context.DominoDownloadFileAsync(run, remotePath, localPath, new DominoSettings()));

    /// <summary>Downloads one file of the run's output commit, with connection values overridden by <paramref name="settings"/>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A finished run returned by another alias.</param>
    /// <param name="remotePath">The file's path in the project.</param>
    /// <param name="localPath">Where to write it.</param>
    /// <param name="settings">Connection values replacing the run's.</param>
    /// <returns>The absolute local path.</returns>
    /// <example>
    /// <code>
    /// var metrics = DominoDownloadFile(done, "results/metrics.json", "./metrics.json", new DominoSettings { MaxRetries = 10 });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static FilePath DominoDownloadFile(this ICakeContext context, DominoRunReference run, string remotePath, FilePath localPath, DominoSettings settings) =>
        Sync(context.DominoDownloadFileAsync(run, remotePath, localPath, settings));

    /// <summary>Downloads one file of a commit.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="commitId">The commit (40 hex characters).</param>
    /// <param name="remotePath">The file's path in the project.</param>
    /// <param name="localPath">Where to write it.</param>
    /// <param name="settings">Host, credentials and project.</param>
    /// <returns>The absolute local path.</returns>
    /// <example>
    /// <code>
    /// var data = DominoDownloadFile(commitId, "data/train.csv", "./train.csv", new DominoSettings());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static FilePath DominoDownloadFile(this ICakeContext context, string commitId, string remotePath, FilePath localPath, DominoSettings settings) =>
        Sync(context.DominoDownloadFileAsync(commitId, remotePath, localPath, settings));

    /// <summary>Downloads one file of the run's output commit.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A finished run returned by another alias.</param>
    /// <param name="remotePath">The file's path in the project.</param>
    /// <param name="localPath">Where to write it.</param>
    /// <returns>The absolute local path.</returns>
    /// <example>
    /// <code>
    /// var metrics = await DominoDownloadFileAsync(done, "results/metrics.json", "./metrics.json");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<FilePath> DominoDownloadFileAsync(this ICakeContext context, DominoRunReference run, string remotePath, FilePath localPath) =>
        context.DominoDownloadFileAsync(run, remotePath, localPath, new DominoSettings());

    /// <summary>Downloads one file of the run's output commit, with connection values overridden by <paramref name="settings"/>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A finished run returned by another alias.</param>
    /// <param name="remotePath">The file's path in the project.</param>
    /// <param name="localPath">Where to write it.</param>
    /// <param name="settings">Connection values replacing the run's.</param>
    /// <returns>The absolute local path.</returns>
    /// <example>
    /// <code>
    /// var metrics = await DominoDownloadFileAsync(done, "results/metrics.json", "./metrics.json", new DominoSettings());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<FilePath> DominoDownloadFileAsync(this ICakeContext context, DominoRunReference run, string remotePath, FilePath localPath, DominoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        ArgumentNullException.ThrowIfNull(localPath);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.DownloadFileAsync(run, null, run.Project, remotePath, localPath, worker.Connect(run, settings));
    }

    /// <summary>Downloads one file of a commit.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="commitId">The commit (40 hex characters).</param>
    /// <param name="remotePath">The file's path in the project.</param>
    /// <param name="localPath">Where to write it.</param>
    /// <param name="settings">Host, credentials and project.</param>
    /// <returns>The absolute local path.</returns>
    /// <example>
    /// <code>
    /// var data = await DominoDownloadFileAsync(commitId, "data/train.csv", "./train.csv", new DominoSettings());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<FilePath> DominoDownloadFileAsync(this ICakeContext context, string commitId, string remotePath, FilePath localPath, DominoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(commitId);
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        ArgumentNullException.ThrowIfNull(localPath);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.DownloadFileAsync(null, commitId, settings.Project, remotePath, localPath, worker.Connect(settings));
    }

    /// <summary>Uploads a local file into the project of the environment, as a new revision.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="localFile">The file to upload; relative paths are resolved against the working directory.</param>
    /// <param name="remotePath">Its path in the project, for example <c>data/train.csv</c>; missing folders are created.</param>
    /// <returns>The uploaded file as the server lists it.</returns>
    /// <example>
    /// <code>
    /// DominoUploadFile("./data/train.csv", "data/train.csv");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DominoFile DominoUploadFile(this ICakeContext context, FilePath localFile, string remotePath) =>
        Sync(context.DominoUploadFileAsync(localFile, remotePath, new DominoSettings()));

    /// <summary>Uploads a local file into a project, as a new revision.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="localFile">The file to upload.</param>
    /// <param name="remotePath">Its path in the project.</param>
    /// <param name="settings">Host, credentials and project.</param>
    /// <returns>The uploaded file as the server lists it.</returns>
    /// <example>
    /// <code>
    /// DominoUploadFile("./config.json", "config.json", new DominoSettings { Project = "alice/churn" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DominoFile DominoUploadFile(this ICakeContext context, FilePath localFile, string remotePath, DominoSettings settings) =>
        Sync(context.DominoUploadFileAsync(localFile, remotePath, settings));

    /// <summary>Uploads a local file into the project of the environment.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="localFile">The file to upload.</param>
    /// <param name="remotePath">Its path in the project.</param>
    /// <returns>The uploaded file as the server lists it.</returns>
    /// <example>
    /// <code>
    /// await DominoUploadFileAsync("./data/train.csv", "data/train.csv");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<DominoFile> DominoUploadFileAsync(this ICakeContext context, FilePath localFile, string remotePath) =>
        context.DominoUploadFileAsync(localFile, remotePath, new DominoSettings());

    /// <summary>Uploads a local file into a project.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="localFile">The file to upload.</param>
    /// <param name="remotePath">Its path in the project.</param>
    /// <param name="settings">Host, credentials and project.</param>
    /// <returns>The uploaded file as the server lists it.</returns>
    /// <example>
    /// <code>
    /// await DominoUploadFileAsync("./config.json", "config.json", new DominoSettings { Project = "alice/churn" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<DominoFile> DominoUploadFileAsync(this ICakeContext context, FilePath localFile, string remotePath, DominoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(localFile);
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.UploadFileAsync(localFile, remotePath, settings.Project, worker.Connect(settings));
    }
}
