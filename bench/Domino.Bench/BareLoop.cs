namespace Domino.Bench;

/// <summary>
/// The loop of <see cref="BareDownload"/>, in a file of its own: the MSBuild floor's task assembly compiles this file
/// too (it needs nothing else of the bench).
/// </summary>
internal static class BareLoop
{
    /// <summary>Downloads every file of the list into <paramref name="dest"/> with <paramref name="parallelism"/> workers.</summary>
    public static async Task RunAsync(string list, string dest, int parallelism, string apiKey)
    {
        var lines = await File.ReadAllLinesAsync(list).ConfigureAwait(false);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Domino-Api-Key", apiKey);
        var next = -1;
        async Task WorkerAsync()
        {
            for (int i; (i = Interlocked.Increment(ref next)) < lines.Length;)
            {
                var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
                var bytes = await http.GetByteArrayAsync(new Uri(lines[i][..tab])).ConfigureAwait(false);
                var local = Path.Combine(dest, lines[i][(tab + 1)..]);
                Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                await File.WriteAllBytesAsync(local, bytes).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(_ => Task.Run(WorkerAsync))).ConfigureAwait(false);
    }
}
