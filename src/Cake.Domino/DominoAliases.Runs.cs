using Cake.Core;
using Cake.Core.Annotations;
using Domino.Client;

namespace Cake.Domino;

public static partial class DominoAliases
{
    /// <summary>Starts a Domino run and returns at once; logs its URL.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">What to run; unset connection values come from the environment.</param>
    /// <returns>The started run; pass it to <c>DominoWaitForRun</c>.</returns>
    /// <example>
    /// <code>
    /// var run = DominoStartRun(new DominoStartRunSettings { Command = new[] { "main.py", "foo", "1" } });
    /// Information("Watch it at {0}", run.RunUrl);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DominoStartedRun DominoStartRun(this ICakeContext context, DominoStartRunSettings settings) =>
        Sync(context.DominoStartRunAsync(settings));

    /// <summary>Starts a Domino run, configured by <paramref name="configure"/>, and returns at once.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="configure">Fills in a new <see cref="DominoStartRunSettings"/>.</param>
    /// <returns>The started run.</returns>
    /// <example>
    /// <code>
    /// var run = DominoStartRun(s => s.WithCommand("train.py", "--epochs", "3").WithTitle("nightly"));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DominoStartedRun DominoStartRun(this ICakeContext context, Action<DominoStartRunSettings> configure) =>
        Sync(context.DominoStartRunAsync(configure));

    /// <summary>Starts a Domino run and returns at once.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">What to run.</param>
    /// <returns>The started run.</returns>
    /// <example>
    /// <code>
    /// var run = await DominoStartRunAsync(new DominoStartRunSettings { Command = new[] { "main.py" } });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<DominoStartedRun> DominoStartRunAsync(this ICakeContext context, DominoStartRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.StartRunAsync(settings, worker.Connect(settings));
    }

    /// <summary>Starts a Domino run, configured by <paramref name="configure"/>, and returns at once.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="configure">Fills in a new <see cref="DominoStartRunSettings"/>.</param>
    /// <returns>The started run.</returns>
    /// <example>
    /// <code>
    /// var run = await DominoStartRunAsync(s => s.WithCommand("main.py"));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<DominoStartedRun> DominoStartRunAsync(this ICakeContext context, Action<DominoStartRunSettings> configure) =>
        context.DominoStartRunAsync(Configure(configure));

    /// <summary>Gets a run's current state.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias (it carries its project and connection).</param>
    /// <returns>The run's state: status, timings, commit ids.</returns>
    /// <example>
    /// <code>
    /// var now = DominoGetRun(run);
    /// Information("{0} is {1}", now.RunId, now.Status);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DominoRunResult DominoGetRun(this ICakeContext context, DominoRunReference run) =>
        Sync(context.DominoGetRunAsync(run, new DominoSettings()));

    /// <summary>Gets a run's current state, with connection values overridden by <paramref name="settings"/>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <param name="settings">Connection values replacing the run's.</param>
    /// <returns>The run's state.</returns>
    /// <example>
    /// <code>
    /// var now = DominoGetRun(run, new DominoSettings { RequestTimeout = TimeSpan.FromSeconds(20) });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DominoRunResult DominoGetRun(this ICakeContext context, DominoRunReference run, DominoSettings settings) =>
        Sync(context.DominoGetRunAsync(run, settings));

    /// <summary>Gets the state of a run given by id, in the project of the environment.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="runId">The run's id (24 hex characters).</param>
    /// <returns>The run's state.</returns>
    /// <example>
    /// <code>
    /// var run = DominoGetRun("553af271e4b0364c0f717b24");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DominoRunResult DominoGetRun(this ICakeContext context, string runId) =>
        Sync(context.DominoGetRunAsync(runId, new DominoSettings()));

    /// <summary>Gets the state of a run given by id.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="runId">The run's id (24 hex characters).</param>
    /// <param name="settings">Host, credentials and project.</param>
    /// <returns>The run's state.</returns>
    /// <example>
    /// <code>
    /// var run = DominoGetRun("553af271e4b0364c0f717b24", new DominoSettings { Project = "alice/churn" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DominoRunResult DominoGetRun(this ICakeContext context, string runId, DominoSettings settings) =>
        Sync(context.DominoGetRunAsync(runId, settings));

    /// <summary>Gets a run's current state.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <returns>The run's state.</returns>
    /// <example>
    /// <code>
    /// var now = await DominoGetRunAsync(run);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<DominoRunResult> DominoGetRunAsync(this ICakeContext context, DominoRunReference run) =>
        context.DominoGetRunAsync(run, new DominoSettings());

    /// <summary>Gets a run's current state, with connection values overridden by <paramref name="settings"/>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <param name="settings">Connection values replacing the run's.</param>
    /// <returns>The run's state.</returns>
    /// <example>
    /// <code>
    /// var now = await DominoGetRunAsync(run, new DominoSettings { MaxRetries = 0 });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<DominoRunResult> DominoGetRunAsync(this ICakeContext context, DominoRunReference run, DominoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.GetRunAsync(run.RunId, run.Project, worker.Connect(run, settings));
    }

    /// <summary>Gets the state of a run given by id, in the project of the environment.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="runId">The run's id.</param>
    /// <returns>The run's state.</returns>
    /// <example>
    /// <code>
    /// var run = await DominoGetRunAsync("553af271e4b0364c0f717b24");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<DominoRunResult> DominoGetRunAsync(this ICakeContext context, string runId) =>
        context.DominoGetRunAsync(runId, new DominoSettings());

    /// <summary>Gets the state of a run given by id.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="runId">The run's id.</param>
    /// <param name="settings">Host, credentials and project.</param>
    /// <returns>The run's state.</returns>
    /// <example>
    /// <code>
    /// var run = await DominoGetRunAsync("553af271e4b0364c0f717b24", new DominoSettings { Project = "alice/churn" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<DominoRunResult> DominoGetRunAsync(this ICakeContext context, string runId, DominoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.GetRunAsync(runId, settings.Project, worker.Connect(settings));
    }

    /// <summary>
    /// Waits until the run finishes, streaming its output into the build log, and throws
    /// a <see cref="CakeException"/> unless it succeeded (message: run id, status, URL, last output lines; inner exception: the
    /// client's <see cref="DominoRunFailedException"/>). Ctrl-C stops the remote run before the script exits.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by <c>DominoStartRun</c> (or another alias).</param>
    /// <returns>The finished run, with its output commit; pass it to <c>DominoDownloadResults</c>.</returns>
    /// <example>
    /// <code>
    /// var run = DominoStartRun(new DominoStartRunSettings { Command = new[] { "main.py", "foo", "1" } });
    /// var done = DominoWaitForRun(run);
    /// Information("{0} in {1}", done.Status, done.Duration);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DominoRunResult DominoWaitForRun(this ICakeContext context, DominoRunReference run) =>
        Sync(context.DominoWaitForRunAsync(run, new DominoWaitSettings()));

    /// <summary>Waits until the run finishes, as <paramref name="settings"/> say.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <param name="settings">How to wait; connection values set here replace the run's.</param>
    /// <returns>The finished run.</returns>
    /// <example>
    /// <code>
    /// var done = DominoWaitForRun(run, new DominoWaitSettings { Timeout = TimeSpan.FromHours(2), StopOnTimeout = true });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DominoRunResult DominoWaitForRun(this ICakeContext context, DominoRunReference run, DominoWaitSettings settings) =>
        Sync(context.DominoWaitForRunAsync(run, settings));

    /// <summary>Waits until the run finishes, configured by <paramref name="configure"/>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <param name="configure">Fills in a new <see cref="DominoWaitSettings"/>.</param>
    /// <returns>The finished run.</returns>
    /// <example>
    /// <code>
    /// var done = DominoWaitForRun(run, s => s.WithTimeout(TimeSpan.FromMinutes(30)).WithAcceptStatuses("Stopped"));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DominoRunResult DominoWaitForRun(this ICakeContext context, DominoRunReference run, Action<DominoWaitSettings> configure) =>
        Sync(context.DominoWaitForRunAsync(run, Configure(configure)));

    /// <summary>Waits until the run given by id finishes.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="runId">The run's id.</param>
    /// <param name="settings">How to wait, and the host, credentials and project.</param>
    /// <returns>The finished run.</returns>
    /// <example>
    /// <code>
    /// var done = DominoWaitForRun("553af271e4b0364c0f717b24", new DominoWaitSettings { Project = "alice/churn" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DominoRunResult DominoWaitForRun(this ICakeContext context, string runId, DominoWaitSettings settings) =>
        Sync(context.DominoWaitForRunAsync(runId, settings));

    /// <summary>Waits until the run finishes.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <returns>The finished run.</returns>
    /// <example>
    /// <code>
    /// var done = await DominoWaitForRunAsync(run);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<DominoRunResult> DominoWaitForRunAsync(this ICakeContext context, DominoRunReference run) =>
        context.DominoWaitForRunAsync(run, new DominoWaitSettings());

    /// <summary>Waits until the run finishes, as <paramref name="settings"/> say.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <param name="settings">How to wait; connection values set here replace the run's.</param>
    /// <returns>The finished run.</returns>
    /// <example>
    /// <code>
    /// var done = await DominoWaitForRunAsync(run, new DominoWaitSettings { StreamOutput = false });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<DominoRunResult> DominoWaitForRunAsync(this ICakeContext context, DominoRunReference run, DominoWaitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.WaitForRunAsync(run.RunId, run.Project, settings, worker.Connect(run, settings));
    }

    /// <summary>Waits until the run finishes, configured by <paramref name="configure"/>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <param name="configure">Fills in a new <see cref="DominoWaitSettings"/>.</param>
    /// <returns>The finished run.</returns>
    /// <example>
    /// <code>
    /// var done = await DominoWaitForRunAsync(run, s => s.WithTimeout(TimeSpan.FromMinutes(30)));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<DominoRunResult> DominoWaitForRunAsync(this ICakeContext context, DominoRunReference run, Action<DominoWaitSettings> configure) =>
        context.DominoWaitForRunAsync(run, Configure(configure));

    /// <summary>Waits until the run given by id finishes.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="runId">The run's id.</param>
    /// <param name="settings">How to wait, and the host, credentials and project.</param>
    /// <returns>The finished run.</returns>
    /// <example>
    /// <code>
    /// var done = await DominoWaitForRunAsync("553af271e4b0364c0f717b24", new DominoWaitSettings());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<DominoRunResult> DominoWaitForRunAsync(this ICakeContext context, string runId, DominoWaitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.WaitForRunAsync(runId, settings.Project, settings, worker.Connect(settings));
    }

    /// <summary>Lists the runs of the project of the environment, most recently queued first.</summary>
    /// <param name="context">The Cake context.</param>
    /// <returns>The runs.</returns>
    /// <example>
    /// <code>
    /// foreach (var r in DominoListRuns().Take(5)) { Information("{0} {1}", r.RunId, r.Status); }
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<DominoRunResult> DominoListRuns(this ICakeContext context) =>
        Sync(context.DominoListRunsAsync(new DominoSettings()));

    /// <summary>Lists a project's runs, most recently queued first.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">Host, credentials and project.</param>
    /// <returns>The runs.</returns>
    /// <example>
    /// <code>
    /// var running = DominoListRuns(new DominoSettings { Project = "alice/churn" }).Where(r => !r.IsFinished);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<DominoRunResult> DominoListRuns(this ICakeContext context, DominoSettings settings) =>
        Sync(context.DominoListRunsAsync(settings));

    /// <summary>Lists the runs of the project of the environment.</summary>
    /// <param name="context">The Cake context.</param>
    /// <returns>The runs.</returns>
    /// <example>
    /// <code>
    /// var runs = await DominoListRunsAsync();
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<IReadOnlyList<DominoRunResult>> DominoListRunsAsync(this ICakeContext context) =>
        context.DominoListRunsAsync(new DominoSettings());

    /// <summary>Lists a project's runs.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">Host, credentials and project.</param>
    /// <returns>The runs.</returns>
    /// <example>
    /// <code>
    /// var runs = await DominoListRunsAsync(new DominoSettings { Project = "alice/churn" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<IReadOnlyList<DominoRunResult>> DominoListRunsAsync(this ICakeContext context, DominoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.ListRunsAsync(settings.Project, worker.Connect(settings));
    }

    /// <summary>Asks Domino to stop a run, keeping the files it wrote so far.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <example>
    /// <code>
    /// DominoStopRun(run);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static void DominoStopRun(this ICakeContext context, DominoRunReference run) =>
        Sync(context.DominoStopRunAsync(run, new DominoStopRunSettings()));

    /// <summary>Asks Domino to stop a run.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <param name="settings">Whether to keep its results; connection values set here replace the run's.</param>
    /// <example>
    /// <code>
    /// DominoStopRun(run, new DominoStopRunSettings { CommitResults = false });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static void DominoStopRun(this ICakeContext context, DominoRunReference run, DominoStopRunSettings settings) =>
        Sync(context.DominoStopRunAsync(run, settings));

    /// <summary>Asks Domino to stop the run given by id.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="runId">The run's id.</param>
    /// <param name="settings">Whether to keep its results, and the host, credentials and project.</param>
    /// <example>
    /// <code>
    /// DominoStopRun("553af271e4b0364c0f717b24", new DominoStopRunSettings());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static void DominoStopRun(this ICakeContext context, string runId, DominoStopRunSettings settings) =>
        Sync(context.DominoStopRunAsync(runId, settings));

    /// <summary>Asks Domino to stop a run, keeping the files it wrote so far.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <returns>A task that completes once the stop was requested.</returns>
    /// <example>
    /// <code>
    /// await DominoStopRunAsync(run);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task DominoStopRunAsync(this ICakeContext context, DominoRunReference run) =>
        context.DominoStopRunAsync(run, new DominoStopRunSettings());

    /// <summary>Asks Domino to stop a run.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="run">A run returned by another alias.</param>
    /// <param name="settings">Whether to keep its results; connection values set here replace the run's.</param>
    /// <returns>A task that completes once the stop was requested.</returns>
    /// <example>
    /// <code>
    /// await DominoStopRunAsync(run, new DominoStopRunSettings { CommitResults = false });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task DominoStopRunAsync(this ICakeContext context, DominoRunReference run, DominoStopRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.StopRunAsync(run.RunId, run.Project, settings, worker.Connect(run, settings));
    }

    /// <summary>Asks Domino to stop the run given by id.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="runId">The run's id.</param>
    /// <param name="settings">Whether to keep its results, and the host, credentials and project.</param>
    /// <returns>A task that completes once the stop was requested.</returns>
    /// <example>
    /// <code>
    /// await DominoStopRunAsync("553af271e4b0364c0f717b24", new DominoStopRunSettings());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task DominoStopRunAsync(this ICakeContext context, string runId, DominoStopRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.StopRunAsync(runId, settings.Project, settings, worker.Connect(settings));
    }

    /// <summary>
    /// Starts a run, waits for it (streaming its output, failing unless it succeeded) and, when
    /// <see cref="DominoRunSettings.Destination"/> is set, downloads its results: the whole pipeline step in one call.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">What to run, how to wait, what to download and where.</param>
    /// <returns>The finished run and the downloaded files.</returns>
    /// <example>
    /// <code>
    /// var outcome = DominoRun(new DominoRunSettings { Command = new[] { "main.py", "foo", "1" }, Destination = "./out" });
    /// Information("{0} file(s) from run {1}", outcome.Files.Count, outcome.Run.RunId);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DominoRunOutcome DominoRun(this ICakeContext context, DominoRunSettings settings) =>
        Sync(context.DominoRunAsync(settings));

    /// <summary>Starts a run, waits for it and downloads its results, configured by <paramref name="configure"/>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="configure">Fills in a new <see cref="DominoRunSettings"/>.</param>
    /// <returns>The finished run and the downloaded files.</returns>
    /// <example>
    /// <code>
    /// var outcome = DominoRun(s => s.WithCommand("main.py").WithDestination("./out").WithWait(w => w.WithTimeout(TimeSpan.FromHours(1))));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static DominoRunOutcome DominoRun(this ICakeContext context, Action<DominoRunSettings> configure) =>
        Sync(context.DominoRunAsync(Configure(configure)));

    /// <summary>Starts a run, waits for it and downloads its results.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">What to run, how to wait, what to download and where.</param>
    /// <returns>The finished run and the downloaded files.</returns>
    /// <example>
    /// <code>
    /// var outcome = await DominoRunAsync(new DominoRunSettings { Command = new[] { "main.py" }, Destination = "./out" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<DominoRunOutcome> DominoRunAsync(this ICakeContext context, DominoRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        return Worker(context).RunAsync(settings);
    }

    /// <summary>Starts a run, waits for it and downloads its results, configured by <paramref name="configure"/>.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="configure">Fills in a new <see cref="DominoRunSettings"/>.</param>
    /// <returns>The finished run and the downloaded files.</returns>
    /// <example>
    /// <code>
    /// var outcome = await DominoRunAsync(s => s.WithCommand("main.py").WithDestination("./out"));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<DominoRunOutcome> DominoRunAsync(this ICakeContext context, Action<DominoRunSettings> configure) =>
        context.DominoRunAsync(Configure(configure));
}
