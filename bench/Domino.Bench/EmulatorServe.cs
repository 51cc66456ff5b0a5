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

            // Simulated network latency: every request (whatever the route: v1 blobs, v4 file content, listings) waits this long.
            Latency = TimeSpan.FromMilliseconds(args.Int("latency-ms", 0)),
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
