using Domino.Bench;

// Entry point: one subcommand per benchmark (see bench/README.md), plus two internal ones that the
// benchmarks start as child processes: `serve` (an emulator in its own process) and `memory-child`.
return await BenchMain.RunAsync(args).ConfigureAwait(false);
