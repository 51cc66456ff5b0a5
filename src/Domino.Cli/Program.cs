using Domino.Cli;
using Domino.Cli.Hosting;

return await DominoCli.RunAsync(args, CliHost.FromProcess()).ConfigureAwait(false);
