namespace Domino.Bench;

internal static class BenchMain
{
    private const string Usage = """
        Domino.Bench: benchmarks of the Domino client. Every figure is measured; ratios compare
        methods measured in the same invocation.

        usage: Domino.Bench <command> [options]

          download  [--quick] [--sets a,b,b-flat,b-latency,b-latency50] [--methods ...] [--reps N] [--parallelism 8] [--work-dir DIR]
                    [--child-env NAME=VALUE ...]
              DownloadCommitAsync (warm, and cold in a fresh process), the Cake alias (first call and warm,
              timed in the script; and an empty Cake script) vs `curl --parallel --parallel-max 8` (and 32)
              vs one file at a time, and the floor: a bare HttpClient loop (warm, fresh process, in Cake).
              --child-env sets a variable for the processes that stand for a user's (the Cake processes
              and the cold children), e.g. DOTNET_TieredCompilation=0.
          memory    [--quick] [--big-mib 2048] [--tiny-count 40000] [--work-dir DIR]
              Peak RSS of a child process downloading one big file, set (b), and many 1 KiB files;
              the bare HttpClient loop's on the small files (the floor).
          wait      [--durations 5,60,600] [--baseline-interval 5]
              Detection delay and status requests of WaitForRunAsync vs fixed 5 s polling, same runs.
          overhead  [--reps N] [--repo DIR]
              Added time of DominoGetRun in `dotnet build` and in a Cake script.

        Common: --quick uses smaller data sets and fewer repetitions; --keep keeps generated data;
        --delete-between deletes each method's files before the next method (by default folders of small
        files are moved aside and deleted at the end: see bench/README.md).
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        var options = BenchArgs.Parse(args.Skip(1));
        Discard.Deferred = !options.Flag("delete-between");
        try
        {
            return args[0] switch
            {
                "download" => await DownloadBench.RunAsync(options).ConfigureAwait(false),
                "memory" => await MemoryBench.RunAsync(options).ConfigureAwait(false),
                "memory-child" => await MemoryBench.RunChildAsync(options).ConfigureAwait(false),
                "download-child" => await CakeAlias.RunChildAsync(options).ConfigureAwait(false),
                "bare-child" => await BareDownload.RunChildAsync(options).ConfigureAwait(false),
                "wait" => await WaitBench.RunAsync(options).ConfigureAwait(false),
                "overhead" => await OverheadBench.RunAsync(options).ConfigureAwait(false),
                "serve" => await EmulatorServe.RunAsync(options).ConfigureAwait(false),
                _ => Fail($"unknown command '{args[0]}'"),
            };
        }
        catch (BenchException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
        finally
        {
            Discard.EmptyTrash();
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}

/// <summary>A benchmark could not run (setup failed, a result was wrong).</summary>
internal sealed class BenchException(string message) : Exception(message);
