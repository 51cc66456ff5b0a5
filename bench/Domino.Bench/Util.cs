using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Domino.Bench;

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static string F(double value, int decimals = 2) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    public static string Mb(long bytes) => F(bytes / 1e6, 1);

    public static string Mib(long bytes) => F(bytes / 1048576.0, 1);

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => F(bytes / 1073741824.0, 2) + " GiB",
        >= 1L << 20 => F(bytes / 1048576.0, 1) + " MiB",
        _ => F(bytes / 1024.0, 1) + " KiB",
    };
}

/// <summary>What the figures were measured on; printed at the top of every benchmark.</summary>
internal static class Machine
{
    public static void PrintHeader(string benchmark)
    {
        Console.WriteLine($"# {benchmark}: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"# machine: {Environment.ProcessorCount} cpus, {Stats.F(TotalMemoryBytes() / 1073741824.0, 1)} GiB RAM, {Environment.OSVersion.VersionString}, .NET runtime {Environment.Version}, SDK {SdkVersion()}");
        if (LoadAverage() is { } load)
        {
            Console.WriteLine($"# load average at start: {load}");
        }
    }

    public static long TotalMemoryBytes()
    {
        foreach (var line in SafeReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                return ProcStatus.ParseKb(line) * 1024;
            }
        }

        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    public static string? LoadAverage()
    {
        var lines = SafeReadLines("/proc/loadavg");
        return lines.Length > 0 ? string.Join(' ', lines[0].Split(' ').Take(3)) : null;
    }

    private static string SdkVersion()
    {
        try
        {
            return Proc.Run("dotnet", ["--version"], timeout: TimeSpan.FromSeconds(30)).Stdout.Trim();
        }
        catch (Exception ex) when (ex is BenchException or System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static string[] SafeReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}

/// <summary>Reads <c>/proc/{pid}/status</c> (Linux).</summary>
internal static class ProcStatus
{
    /// <summary>A field such as <c>VmHWM</c> or <c>VmRSS</c>, in bytes; null when unreadable (process gone).</summary>
    public static long? Read(string pidOrSelf, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pidOrSelf}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return ParseKb(line) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>CPU seconds used by a process (user + system), with its waited-for children when <paramref name="children"/>.</summary>
    public static double CpuSeconds(string pidOrSelf, bool children = false)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pidOrSelf}/stat");

            // Fields after the command name (which may hold spaces) start at field 3 (state).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double Field(int n) => double.Parse(fields[n - 3], CultureInfo.InvariantCulture);
            var ticks = Field(14) + Field(15) + (children ? Field(16) + Field(17) : 0);
            return ticks / 100.0; // USER_HZ is 100 on Linux.
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    public static long ParseKb(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(parts[1], CultureInfo.InvariantCulture);
    }
}

internal sealed record ProcResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed);

internal static class Proc
{
    /// <summary>Runs a process to completion, capturing its output; times it from start to exit.</summary>
    public static ProcResult Run(
        string fileName,
        IEnumerable<string> args,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new BenchException($"could not start {fileName}");
        p.StandardInput.Close();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(30)))
        {
            p.Kill(entireProcessTree: true);
            throw new BenchException($"{fileName} {string.Join(' ', psi.ArgumentList)} did not finish within {timeout}");
        }

        p.WaitForExit();
        sw.Stop();
        lock (stdout)
        {
            lock (stderr)
            {
                return new ProcResult(p.ExitCode, stdout.ToString(), stderr.ToString(), sw.Elapsed);
            }
        }
    }

    /// <summary>Runs and throws with the tail of its output unless it exits 0.</summary>
    public static ProcResult RunChecked(
        string fileName,
        IEnumerable<string> args,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var argList = args.ToList();
        var r = Run(fileName, argList, workingDirectory, environment, timeout);
        if (r.ExitCode != 0)
        {
            throw new BenchException($"`{fileName} {string.Join(' ', argList)}` exited {r.ExitCode}:\n{Tail(r.Stdout + r.Stderr, 3000)}");
        }

        return r;
    }

    /// <summary>
    /// Runs to its end, reading the <c>/proc/PID/status</c> field <paramref name="field"/> (such as <c>VmRSS</c> or
    /// <c>VmHWM</c>) every 10 ms meanwhile; throws with the tail of its output unless it exits 0. Returns its output, the
    /// largest value read and its wall time.
    /// </summary>
    public static async Task<(string Stdout, string Stderr, long MaxField, TimeSpan Elapsed)> RunSamplingAsync(ProcessStartInfo psi, string field)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new BenchException($"could not start {psi.FileName}");
        var pid = p.Id.ToString(CultureInfo.InvariantCulture);
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        long max = 0;
        while (!p.HasExited)
        {
            max = Math.Max(max, ProcStatus.Read(pid, field) ?? 0);
            await Task.Delay(10).ConfigureAwait(false);
        }

        await p.WaitForExitAsync().ConfigureAwait(false);
        sw.Stop();
        var stdout = await stdoutTask.ConfigureAwait(false);
        var stderr = await stderrTask.ConfigureAwait(false);
        return p.ExitCode == 0
            ? (stdout, stderr, max, sw.Elapsed)
            : throw new BenchException($"`{psi.FileName} {string.Join(' ', psi.ArgumentList)}` exited {p.ExitCode}:\n{Tail(stdout + stderr, 3000)}");
    }

    public static string Tail(string text, int chars) => text.Length <= chars ? text : "..." + text[^chars..];

    /// <summary>The command line that starts this same benchmark executable (apphost or <c>dotnet Domino.Bench.dll</c>).</summary>
    public static (string FileName, List<string> Prefix) Self()
    {
        var processPath = Environment.ProcessPath ?? "dotnet";
        var dll = typeof(Proc).Assembly.Location;
        var name = Path.GetFileNameWithoutExtension(processPath);
        return string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase)
            ? (processPath, ["exec", dll])
            : (processPath, []);
    }
}

/// <summary>A temporary folder for one benchmark, deleted at the end unless <c>--keep</c>.</summary>
internal sealed class WorkDir : IDisposable
{
    private readonly bool _keep;

    public WorkDir(BenchArgs args, string name)
    {
        var root = args.Get("work-dir") ?? Path.GetTempPath();
        Root = System.IO.Path.Combine(System.IO.Path.GetFullPath(root), $"domino-bench-{name}-{Environment.ProcessId}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}");
        Directory.CreateDirectory(Root);
        _keep = args.Flag("keep");
    }

    public string Root { get; }

    public string Sub(string name)
    {
        var p = System.IO.Path.Combine(Root, name);
        Directory.CreateDirectory(p);
        return p;
    }

    public void Dispose()
    {
        if (_keep)
        {
            Console.WriteLine($"# kept {Root}");
            return;
        }

        Discard.Folder(Root);
    }

    public static void TryDelete(string path)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 2)
            {
                Thread.Sleep(500);
            }
            catch (UnauthorizedAccessException) when (attempt < 2)
            {
                Thread.Sleep(500);
            }
        }
    }
}

/// <summary>
/// Folders the benchmark is done with. Deleting thousands of small files makes an ext4 file system without a journal
/// (this machine's disk) skip the freed inodes for a minute after, each later file creation looking at them one by one:
/// the next method would pay for the files of the one before, a cost a CI job's fresh workspace never has (see
/// bench/README.md, issue 14, fifth pass). So folders of small files are moved aside (a rename frees nothing) and
/// deleted when the benchmark ends; folders of large files (few inodes, much space) are deleted at once. With
/// <c>--delete-between</c> every folder is deleted at once, as before.
/// </summary>
internal static class Discard
{
    /// <summary>Folders whose files average less than this are kept until the end.</summary>
    public const long SmallFileBytes = 1024 * 1024;

    private static readonly List<string> Trash = [];
    private static int _count;

    /// <summary>Whether small-file folders are kept until <see cref="EmptyTrash"/> (the default) or deleted at once.</summary>
    public static bool Deferred { get; set; } = true;

    /// <summary>Removes <paramref name="path"/> from where it was: moved aside until the end, or deleted now.</summary>
    public static void Folder(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        var files = new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
        if (!Deferred || files.Count == 0 || files.Sum(f => f.Length) / files.Count >= SmallFileBytes)
        {
            WorkDir.TryDelete(path);
            return;
        }

        // A sibling folder, so the rename stays on the same file system.
        var trash = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, $".domino-bench-trash-{Environment.ProcessId}");
        Directory.CreateDirectory(trash);
        lock (Trash)
        {
            if (!Trash.Contains(trash))
            {
                Trash.Add(trash);
            }
        }

        Directory.Move(path, System.IO.Path.Combine(trash, Interlocked.Increment(ref _count).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Deletes everything moved aside.</summary>
    public static void EmptyTrash()
    {
        lock (Trash)
        {
            foreach (var trash in Trash)
            {
                WorkDir.TryDelete(trash);
            }

            Trash.Clear();
        }
    }
}

/// <summary>Random-content files for a project folder; every file differs (blobs are content-addressed).</summary>
internal static class DataGen
{
    public static long Generate(string folder, string prefix, int count, long size, int filesPerFolder = 0)
    {
        var buffer = new byte[(int)Math.Min(size, 1 << 20)];
        long total = 0;
        for (var i = 0; i < count; i++)
        {
            var rel = filesPerFolder > 0
                ? Path.Combine(prefix, $"d{i / filesPerFolder:000}", $"f{i:00000}.bin")
                : Path.Combine(prefix, $"f{i:00000}.bin");
            var full = Path.Combine(folder, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using var fs = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            var left = size;
            while (left > 0)
            {
                var n = (int)Math.Min(left, buffer.Length);
                Random.Shared.NextBytes(buffer.AsSpan(0, n));
                fs.Write(buffer, 0, n);
                left -= n;
            }

            total += size;
        }

        return total;
    }

    /// <summary>Files and bytes under a folder (to verify a download).</summary>
    public static (int Files, long Bytes) Measure(string folder, string? excludeFileName = null)
    {
        var files = 0;
        long bytes = 0;
        if (!Directory.Exists(folder))
        {
            return (0, 0);
        }

        foreach (var f in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (excludeFileName is not null && f.Name == excludeFileName)
            {
                continue;
            }

            files++;
            bytes += f.Length;
        }

        return (files, bytes);
    }
}
