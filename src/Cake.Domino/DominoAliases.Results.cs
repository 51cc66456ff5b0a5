using Cake.Core;
using Cake.Core.Annotations;
using Cake.Core.IO;
using Domino.Client;

namespace Cake.Domino;

public static partial class DominoAliases
{
    /// <summary>
    /// Downloads every file of the run's output commit into <paramref name="destination"/>, keeping their relative
    /// paths, and skipping files already there and unchanged.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by <c>DominoWaitForRun</c> (or another alias).</param>
    /// <param name="destination">The local folder; relative paths are resolved against the working directory.</param>
    /// <returns>The absolute paths of the result files, written or already up to date.</returns>
    /// <example>
    /// <code>
    /// var done = DominoWaitForRun(run);
    /// var files = DominoDownloadResults(done, "./out");
    /// Information("GOT=" + string.Join(";", files.Select(f => f.FullPath)));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<FilePath> DominoDownloadResults(this ICakeContext context, DominoRunReference run, DirectoryPath destination) =>
        Sync(context.DominoDownloadResultsAsync(run, destination, new DominoDownloadSettings()));

    /// <summary>Downloads the files of the run's output commit that <paramref name="settings"/> select.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <param name="destination">The local folder.</param>
    /// <param name="settings">What to download; connection values set here replace the run's.</param>
    /// <returns>The absolute paths of the result files.</returns>
    /// <example>
    /// <code>
    /// var files = DominoDownloadResults(done, "./out", new DominoDownloadSettings { RemotePath = "results", StripRemotePath = true });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<FilePath> DominoDownloadResults(this ICakeContext context, DominoRunReference run, DirectoryPath destination, DominoDownloadSettings settings) =>
        Sync(context.DominoDownloadResultsAsync(run, destination, settings));

    /// <summary>Downloads the files of the run's output commit, configured by <paramref name="configure"/>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <param name="destination">The local folder.</param>
    /// <param name="configure">Fills in a new <see cref="DominoDownloadSettings"/>.</param>
    /// <returns>The absolute paths of the result files.</returns>
    /// <example>
    /// <code>
    /// var files = DominoDownloadResults(done, "./out", s => s.WithInclude("results/**/*.json").WithExclude("**/*.tmp"));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<FilePath> DominoDownloadResults(this ICakeContext context, DominoRunReference run, DirectoryPath destination, Action<DominoDownloadSettings> configure) =>
        Sync(context.DominoDownloadResultsAsync(run, destination, Configure(configure)));

    /// <summary>Downloads the files of the output commit of the run given by id.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="runId">The run's id.</param>
    /// <param name="destination">The local folder.</param>
    /// <param name="settings">What to download, and the host, credentials and project.</param>
    /// <returns>The absolute paths of the result files.</returns>
    /// <example>
    /// <code>
    /// var files = DominoDownloadResults("553af271e4b0364c0f717b24", "./out", new DominoDownloadSettings { Project = "alice/churn" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<FilePath> DominoDownloadResults(this ICakeContext context, string runId, DirectoryPath destination, DominoDownloadSettings settings) =>
        Sync(context.DominoDownloadResultsAsync(runId, destination, settings));

    /// <summary>Downloads every file of the run's output commit into <paramref name="destination"/>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <param name="destination">The local folder.</param>
    /// <returns>The absolute paths of the result files.</returns>
    /// <example>
    /// <code>
    /// var files = await DominoDownloadResultsAsync(done, "./out");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<IReadOnlyList<FilePath>> DominoDownloadResultsAsync(this ICakeContext context, DominoRunReference run, DirectoryPath destination) =>
        context.DominoDownloadResultsAsync(run, destination, new DominoDownloadSettings());

    /// <summary>Downloads the files of the run's output commit that <paramref name="settings"/> select.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <param name="destination">The local folder.</param>
    /// <param name="settings">What to download; connection values set here replace the run's.</param>
    /// <returns>The absolute paths of the result files.</returns>
    /// <example>
    /// <code>
    /// var files = await DominoDownloadResultsAsync(done, "./out", new DominoDownloadSettings { MaxParallelism = 2 });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<IReadOnlyList<FilePath>> DominoDownloadResultsAsync(this ICakeContext context, DominoRunReference run, DirectoryPath destination, DominoDownloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.DownloadResultsAsync(run, run.RunId, run.Project, destination, settings, worker.Connect(run, settings));
    }

    /// <summary>Downloads the files of the run's output commit, configured by <paramref name="configure"/>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <param name="destination">The local folder.</param>
    /// <param name="configure">Fills in a new <see cref="DominoDownloadSettings"/>.</param>
    /// <returns>The absolute paths of the result files.</returns>
    /// <example>
    /// <code>
    /// var files = await DominoDownloadResultsAsync(done, "./out", s => s.WithRemotePath("results", strip: true));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<IReadOnlyList<FilePath>> DominoDownloadResultsAsync(this ICakeContext context, DominoRunReference run, DirectoryPath destination, Action<DominoDownloadSettings> configure) =>
        context.DominoDownloadResultsAsync(run, destination, Configure(configure));

    /// <summary>Downloads the files of the output commit of the run given by id.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="runId">The run's id.</param>
    /// <param name="destination">The local folder.</param>
    /// <param name="settings">What to download, and the host, credentials and project.</param>
    /// <returns>The absolute paths of the result files.</returns>
    /// <example>
    /// <code>
    /// var files = await DominoDownloadResultsAsync("553af271e4b0364c0f717b24", "./out", new DominoDownloadSettings());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<IReadOnlyList<FilePath>> DominoDownloadResultsAsync(this ICakeContext context, string runId, DirectoryPath destination, DominoDownloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.DownloadResultsAsync(null, runId, settings.Project, destination, settings, worker.Connect(settings));
    }
}
