using System.Diagnostics;
using System.Text.RegularExpressions;
using Domino.Client;

namespace Domino.Bench;

/// <summary>
/// Waiting: for each duration, one emulator run (<c>sleep N</c>, <c>isDirect</c>) is watched at the same time by
/// <see cref="DominoProjectClient.WaitForRunAsync"/> and by a fixed-interval polling loop, each through its own
/// client whose requests are counted. Detection delay = when the watcher noticed the end minus the run's own
/// <c>completed</c> timestamp (same machine clock).
/// </summary>
internal static partial class WaitBench
{
    private const string ProjectName = "bench/wait";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var durations = args.List("durations", args.Quick ? "5,60" : "5,60,600").Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var baselineInterval = TimeSpan.FromSeconds(args.Double("baseline-interval", 5));
        Machine.PrintHeader("wait");
        Console.WriteLine($"# runs: {string.Join(", ", durations.Select(d => $"sleep {d}"))}, all started at once (one emulator, max {durations.Length} concurrent runs)");
        Console.WriteLine($"# each run watched by: core = WaitForRunAsync (default DominoWaitOptions), baseline = GetRunAsync every {baselineInterval.TotalSeconds} s");
        Console.WriteLine("# status requests = GET .../runs/{id}; other = every other request of that watcher (output tailing, results)");

        using var work = new WorkDir(args, "wait");
        var folder = work.Sub("project");
        await File.WriteAllTextAsync(Path.Combine(folder, "README.md"), "wait benchmark\n").ConfigureAwait(false);
        var emulator = await EmulatorProcess.StartAsync(work.Sub("emulator-data"), new Dictionary<string, string> { [ProjectName] = folder }, Math.Max(2, durations.Length)).ConfigureAwait(false);
        await using (emulator.ConfigureAwait(false))
        {
            var results = await Task.WhenAll(durations.Select(d => MeasureAsync(emulator, d, baselineInterval))).ConfigureAwait(false);
            Console.WriteLine();
            Console.WriteLine("| run | watcher | detected after completion s | returned after completion s | status requests | other requests |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|");
            var missed = false;
            foreach (var r in results)
            {
                Console.WriteLine($"| sleep {r.Duration} | core | {Stats.F(r.Core.Detected, 2)} | {Stats.F(r.Core.Returned, 2)} | {r.Core.Status} | {r.Core.Other} |");
                Console.WriteLine($"| sleep {r.Duration} | fixed {baselineInterval.TotalSeconds} s | {Stats.F(r.Baseline.Detected, 2)} | {Stats.F(r.Baseline.Returned, 2)} | {r.Baseline.Status} | {r.Baseline.Other} |");
            }

            Console.WriteLine();
            foreach (var r in results)
            {
                var fast = r.Core.Detected <= 2.0;
                var fewer = r.Core.Status < r.Baseline.Status;
                var isShort = r.Duration <= 60;
                var verdict = isShort
                    ? $"detected within 2 s: {(fast ? "met" : "MISSED")}"
                    : $"fewer status requests than the baseline: {(fewer ? "met" : "MISSED")} ({r.Core.Status} vs {r.Baseline.Status}, ratio {Stats.F((double)r.Core.Status / r.Baseline.Status)})";
                Console.WriteLine($"sleep {r.Duration}: {verdict}; core/baseline status requests {r.Core.Status}/{r.Baseline.Status}, detection {Stats.F(r.Core.Detected)} s vs {Stats.F(r.Baseline.Detected)} s");
                missed |= isShort ? !fast : !fewer;
            }

            return missed ? 3 : 0;
        }
    }

    private static async Task<RunResult> MeasureAsync(EmulatorProcess emulator, int seconds, TimeSpan baselineInterval)
    {
        string runId;
        using (var starter = emulator.CreateClient())
        {
            var started = await starter.GetProjectClient(ProjectName).StartRunAsync(new DominoStartRunRequest
            {
                Command = [$"sleep {seconds}"],
                IsDirect = true,
                Title = $"wait benchmark: sleep {seconds}",
            }).ConfigureAwait(false);
            runId = started.RunId;
        }

        var coreTask = WatchCoreAsync(emulator, runId);
        var baselineTask = WatchFixedAsync(emulator, runId, baselineInterval);
        var core = await coreTask.ConfigureAwait(false);
        var baseline = await baselineTask.ConfigureAwait(false);

        DominoRun final;
        using (var reader = emulator.CreateClient())
        {
            final = await reader.GetProjectClient(ProjectName).GetRunAsync(runId).ConfigureAwait(false);
        }

        var completed = final.Completed ?? throw new BenchException($"run {runId} ({final.Status}) has no completed timestamp");
        if (!final.IsSucceeded)
        {
            throw new BenchException($"run {runId} (sleep {seconds}) ended {final.Status}");
        }

        return new RunResult(
            seconds,
            core.ToFigures(completed),
            baseline.ToFigures(completed));
    }

    private static async Task<Watch> WatchCoreAsync(EmulatorProcess emulator, string runId)
    {
        var counter = new CountingHandler(new SocketsHttpHandler());
        using var client = emulator.CreateClient(counter);
        var watch = new Watch(counter);
        var options = new DominoWaitOptions
        {
            StatusChanged = new SyncProgress<DominoRunStatusChange>(change =>
            {
                if (DominoRunStatus.Classify(change.NewStatus) is DominoRunStatusKind.Succeeded or DominoRunStatusKind.Failed)
                {
                    watch.Noticed ??= DateTimeOffset.UtcNow;
                }
            }),
        };
        _ = await client.GetProjectClient(ProjectName).WaitForRunAsync(runId, options).ConfigureAwait(false);
        watch.Returned = DateTimeOffset.UtcNow;
        watch.Noticed ??= watch.Returned;
        return watch;
    }

    private static async Task<Watch> WatchFixedAsync(EmulatorProcess emulator, string runId, TimeSpan interval)
    {
        var counter = new CountingHandler(new SocketsHttpHandler());
        using var client = emulator.CreateClient(counter);
        var project = client.GetProjectClient(ProjectName);
        var watch = new Watch(counter);
        while (true)
        {
            var run = await project.GetRunAsync(runId).ConfigureAwait(false);
            if (run.IsFinished)
            {
                watch.Noticed = watch.Returned = DateTimeOffset.UtcNow;
                return watch;
            }

            await Task.Delay(interval).ConfigureAwait(false);
        }
    }

    [GeneratedRegex("^/v1/projects/[^/]+/[^/]+/runs/[0-9a-f]{24}/?$")]
    private static partial Regex RunStatusPath();

    /// <summary>Counts the requests that pass through it: status polls apart from the rest.</summary>
    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int status;
        private int other;

        public int Status => Volatile.Read(ref status);

        public int Other => Volatile.Read(ref other);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get && request.RequestUri is { } uri && RunStatusPath().IsMatch(uri.AbsolutePath))
            {
                Interlocked.Increment(ref status);
            }
            else
            {
                Interlocked.Increment(ref other);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Reports synchronously, on the reporting thread (Progress&lt;T&gt; would post and add delay).</summary>
    private sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }

    private sealed class Watch(CountingHandler counter)
    {
        public DateTimeOffset? Noticed { get; set; }

        public DateTimeOffset Returned { get; set; }

        public Figures ToFigures(DateTimeOffset completed) => new(
            (Noticed!.Value - completed).TotalSeconds,
            (Returned - completed).TotalSeconds,
            counter.Status,
            counter.Other);
    }

    private sealed record Figures(double Detected, double Returned, int Status, int Other);

    private sealed record RunResult(int Duration, Figures Core, Figures Baseline);
}
