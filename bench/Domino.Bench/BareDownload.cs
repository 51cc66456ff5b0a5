using System.Globalization;
using System.Text;

namespace Domino.Bench;

/// <summary>
/// The floor of the download benchmark: what any downloader built on .NET's <see cref="HttpClient"/> gets on this
/// machine and in this host. N workers each take the next blob of a list, GET it whole and write it with
/// <see cref="File.WriteAllBytesAsync(string, byte[], CancellationToken)"/> (<see cref="BareLoop"/>): no listing, no
/// size check, no atomic or resumable write, no manifest, no retries. The same loop runs in the bench's process
/// (<c>bare</c>, warm), in a fresh process (<c>bare-cold</c>), in Cake's process (<c>cake-bare</c>, as script text)
/// and as a task in a fresh MSBuild process (<c>msbuild-bare</c>): beside curl, it tells what the runtime and the host
/// allow from what the client spends on its guarantees.
/// </summary>
internal static class BareDownload
{
    /// <summary>
    /// Writes the list the loop reads: one <c>URL TAB relative path</c> line per file. Returns the list's path.
    /// </summary>
    public static string WriteList(string path, IEnumerable<(Uri Url, string Path)> files)
    {
        var sb = new StringBuilder();
        foreach (var (url, local) in files)
        {
            sb.Append(url).Append('\t').Append(local).Append('\n');
        }

        File.WriteAllText(path, sb.ToString());
        return path;
    }

    /// <summary>The loop in a fresh process (this benchmark's <c>bare-child</c>): runtime start and JIT included.</summary>
    public static double Cold(EmulatorProcess emulator, string list, string dest, int parallelism, IReadOnlyDictionary<string, string> childEnv)
    {
        var (file, prefix) = Proc.Self();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Proc.RunChecked(file, [.. prefix, "bare-child", "--list", list, "--dest", dest, "--parallelism", parallelism.ToString(CultureInfo.InvariantCulture)],
            environment: new Dictionary<string, string?>(childEnv.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value))) { ["DOMINO_USER_API_KEY"] = emulator.ApiKey },
            timeout: TimeSpan.FromMinutes(10));
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>The child: the loop once, the API key from <c>DOMINO_USER_API_KEY</c>.</summary>
    public static async Task<int> RunChildAsync(BenchArgs args)
    {
        var key = Environment.GetEnvironmentVariable("DOMINO_USER_API_KEY") ?? throw new BenchException("bare-child needs DOMINO_USER_API_KEY");
        await BareLoop.RunAsync(args.Require("list"), args.Require("dest"), args.Int("parallelism", 8), key).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// The loop as Cake script text: <c>DownloadOnce(dest)</c>, reading the list and the number of workers from the
    /// script's <c>list</c> and <c>parallelism</c> arguments (the code of <see cref="BareLoop.RunAsync"/>, compiled by
    /// Cake with the script).
    /// </summary>
    public const string ScriptFunction = """
        var bareList = Argument<string>("list");
        var bareParallelism = Argument<int>("parallelism", 8);

        int DownloadOnce(string dest)
        {
            var lines = System.IO.File.ReadAllLines(bareList);
            using var http = new System.Net.Http.HttpClient();
            http.DefaultRequestHeaders.Add("X-Domino-Api-Key", EnvironmentVariable("DOMINO_USER_API_KEY"));
            var next = -1;
            async System.Threading.Tasks.Task WorkerAsync()
            {
                for (int i; (i = System.Threading.Interlocked.Increment(ref next)) < lines.Length;)
                {
                    var tab = lines[i].IndexOf('\t');
                    var bytes = await http.GetByteArrayAsync(new Uri(lines[i].Substring(0, tab))).ConfigureAwait(false);
                    var local = System.IO.Path.Combine(dest, lines[i].Substring(tab + 1));
                    System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(local));
                    await System.IO.File.WriteAllBytesAsync(local, bytes).ConfigureAwait(false);
                }
            }

            System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, bareParallelism).Select(_ => System.Threading.Tasks.Task.Run(WorkerAsync))).GetAwaiter().GetResult();
            return lines.Length;
        }
        """;
}
