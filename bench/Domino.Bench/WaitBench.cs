using System.Globalization;
using System.Text.RegularExpressions;
using Domino.Client;

namespace Domino.Bench;

/// <summary>
/// Waiting: for each duration, emulator runs (<c>sleep N</c>, <c>isDirect</c>) are each watched at the same time by
/// <see cref="DominoProjectClient.WaitForRunAsync"/> (with its default options, and optionally other poll settings)
/// and by a fixed-interval polling loop, each through its own client whose requests are counted. Detection delay =
/// when the watcher noticed the end minus the run's own <c>completed</c> timestamp (same machine clock).
/// </summary>
internal static partial class WaitBench
{
    private const string ProjectName = "bench/wait";

    /// <summary>Runs up to this long are "short": target detection within 2 s.</summary>
    private const int ShortRunSeconds = 10;

    /// <summary>Runs at least this long are "long": target fewer status requests than the baseline.</summary>
    private const int LongRunSeconds = 300;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var durations = args.List("durations", args.Quick ? "5,60" : "5,60,600").Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var runsPerDuration = args.Int("runs", 3);
        var baselineInterval = TimeSpan.FromSeconds(args.Double("baseline-interval", 5));
        var defaults = new DominoWaitOptions();
        var variants = new List<Variant> { new($"core (defaults: {Secs(defaults.InitialPollInterval)} x{defaults.PollBackoffFactor.ToString(CultureInfo.InvariantCulture)}, cap {Secs(defaults.MaxPollInterval)})", null, null) };
        foreach (var v in args.List("core-variants", string.Empty))
        {
            // initial:factor, e.g. 1:1.5
            var parts = v.Split(':');
            var initial = TimeSpan.FromSeconds(double.Parse(parts[0], CultureInfo.InvariantCulture));
            var factor = double.Parse(parts[1], CultureInfo.InvariantCulture);
            variants.Add(new Variant($"core ({Secs(initial)} x{factor.ToString(CultureInfo.InvariantCulture)}, cap {Secs(defaults.MaxPollInterval)})", initial, factor));
        }

        var baselineName = $"fixed {baselineInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
        Machine.PrintHeader("wait");
        Console.WriteLine($"# runs: {runsPerDuration} x each of {string.Join(", ", durations.Select(d => $"sleep {d}"))}, all started within a few seconds (one emulator, enough concurrent runs)");
        Console.WriteLine($"# each run watched at once by: {string.Join("; ", variants.Select(v => v.Name))}; baseline = GetRunAsync every {baselineInterval.TotalSeconds} s");
        Console.WriteLine("# detected = watcher noticed a terminal status (core: StatusChanged) minus the run's `completed`; status requests = GET .../runs/{id}; other = output tailing, results");

        using var work = new WorkDir(args, "wait");
        var folder = work.Sub("project");
        await File.WriteAllTextAsync(Path.Combine(folder, "README.md"), "wait benchmark\n").ConfigureAwait(false);
        var total = durations.Length * runsPerDuration;
        var emulator = await EmulatorProcess.StartAsync(work.Sub("emulator-data"), new Dictionary<string, string> { [ProjectName] = folder }, Math.Max(2, total)).ConfigureAwait(false);
        await using (emulator.ConfigureAwait(false))
        {
            var tasks = new List<Task<RunResult>>();
            var index = 0;
            foreach (var d in durations)
            {
                for (var r = 0; r < runsPerDuration; r++)
                {
                    // Stagger the starts so the runs end at different phases of the pollers.
                    tasks.Add(MeasureAsync(emulator, d, TimeSpan.FromMilliseconds(index++ * 730), variants, baselineInterval));
                }
            }

            var results = await Task.WhenAll(tasks).ConfigureAwait(false);
            Console.WriteLine();
            Console.WriteLine($"| run | watcher | detected s (median) | detected s (max) | returned s (median) | status requests (median) | other requests (median) |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
            var missed = false;
            var verdicts = new List<string>();
            foreach (var d in durations)
            {
                var runs = results.Where(r => r.Duration == d).ToList();
                var names = variants.Select(v => v.Name).Append(baselineName).ToList();
                var figures = names.ToDictionary(n => n, n => runs.Select(r => r.Figures[n]).ToList());
                foreach (var n in names)
                {
                    var f = figures[n];
                    Console.WriteLine($"| sleep {d} | {n} | {Stats.F(Stats.Median(f.Select(x => x.Detected)))} | {Stats.F(f.Max(x => x.Detected))} | {Stats.F(Stats.Median(f.Select(x => x.Returned)))} | {Stats.F(Stats.Median(f.Select(x => (double)x.Status)), 1)} | {Stats.F(Stats.Median(f.Select(x => (double)x.Other)), 1)} |");
                }

                var core = figures[variants[0].Name];
                var baseline = figures[baselineName];
                var maxDetected = core.Max(x => x.Detected);
                var coreRequests = Stats.Median(core.Select(x => (double)x.Status));
                var baseRequests = Stats.Median(baseline.Select(x => (double)x.Status));
                var comparison = $"core vs {baselineName}: detection max {Stats.F(maxDetected)} s vs {Stats.F(baseline.Max(x => x.Detected))} s, status requests {Stats.F(coreRequests, 1)} vs {Stats.F(baseRequests, 1)} (ratio {Stats.F(coreRequests / baseRequests)})";
                if (d <= ShortRunSeconds)
                {
                    verdicts.Add($"sleep {d} (short): detected within 2 s: {(maxDetected <= 2 ? "met" : "MISSED")}; {comparison}");
                    missed |= maxDetected > 2;
                }
                else if (d >= LongRunSeconds)
                {
                    verdicts.Add($"sleep {d} (long): fewer status requests than the baseline: {(coreRequests < baseRequests ? "met" : "MISSED")}; {comparison}");
                    missed |= coreRequests >= baseRequests;
                }
                else
                {
                    verdicts.Add($"sleep {d} (medium, no target): {comparison}");
                }
            }

            Console.WriteLine();
            verdicts.ForEach(Console.WriteLine);
            return missed ? 3 : 0;
        }
    }

    private static string Secs(TimeSpan t) => t.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s";

    private static async Task<RunResult> MeasureAsync(EmulatorProcess emulator, int seconds, TimeSpan startDelay, List<Variant> variants, TimeSpan baselineInterval)
    {
        await Task.Delay(startDelay).ConfigureAwait(false);
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

        var watchers = variants.Select(v => (v.Name, Task: WatchCoreAsync(emulator, runId, v))).ToList();
        watchers.Add(($"fixed {baselineInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", WatchFixedAsync(emulator, runId, baselineInterval)));
        await Task.WhenAll(watchers.Select(w => w.Task)).ConfigureAwait(false);

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

        var figures = new Dictionary<string, Figures>(StringComparer.Ordinal);
        foreach (var (name, task) in watchers)
        {
            figures[name] = (await task.ConfigureAwait(false)).ToFigures(completed);
        }

        return new RunResult(seconds, figures);
    }

    private static async Task<Watch> WatchCoreAsync(EmulatorProcess emulator, string runId, Variant variant)
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
        if (variant.Initial is { } initial)
        {
            options.InitialPollInterval = initial;
        }

        if (variant.Factor is { } factor)
        {
            options.PollBackoffFactor = factor;
        }

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

    private sealed record Variant(string Name, TimeSpan? Initial, double? Factor);

    /// <summary>Counts the requests that pass through it: status polls apart from the rest.</summary>
    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _status;
        private int _other;

        public int Status => Volatile.Read(ref _status);

        public int Other => Volatile.Read(ref _other);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get && request.RequestUri is { } uri && RunStatusPath().IsMatch(uri.AbsolutePath))
            {
                Interlocked.Increment(ref _status);
            }
            else
            {
                Interlocked.Increment(ref _other);
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

    private sealed record RunResult(int Duration, Dictionary<string, Figures> Figures);
}
