using Domino.Emulator;

namespace Domino.Bench;

/// <summary>The internal <c>serve</c> command: hosts the in-process emulator until stdin closes.</summary>
internal static class EmulatorServe
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var key = Environment.GetEnvironmentVariable("DOMINO_BENCH_EMULATOR_KEY") ?? args.Require("api-key");
        var options = new DominoEmulatorOptions
        {
            DataDirectory = args.Require("data-dir"),
            MaxConcurrentRuns = args.Int("max-concurrent-runs", 2),
        };
        options.ApiKeys.Add(key);
        foreach (var p in args.All("project"))
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            options.Projects[p[..eq]] = p[(eq + 1)..];
        }

        var emulator = await DominoEmulator.StartAsync(options).ConfigureAwait(false);
        await using (emulator.ConfigureAwait(false))
        {
            // Simulated network latency: every blob request waits this long before it is served.
            if (args.Int("latency-ms", 0) is var latency and > 0)
            {
                emulator.Faults.Add("GET", "/v1/projects/{owner}/{project}/blobs/{key}", EmulatorFault.Delay(TimeSpan.FromMilliseconds(latency)), int.MaxValue);
            }

            Console.WriteLine($"Domino emulator listening on {emulator.BaseAddress}");
            Console.Out.Flush();

            // Stop when the parent closes our stdin (or dies).
            while (await Console.In.ReadLineAsync().ConfigureAwait(false) is not null)
            {
            }
        }

        return 0;
    }
}
