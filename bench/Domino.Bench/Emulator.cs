using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Domino.Client;

namespace Domino.Bench;

/// <summary>
/// A Domino emulator in its own process (this executable's <c>serve</c> command), so that its CPU and memory
/// are not counted against the client being measured, and the client reaches it over loopback like any server.
/// </summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "Domino emulator listening on ";
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private EmulatorProcess(Process process, Uri baseAddress, string apiKey)
    {
        _process = process;
        BaseAddress = baseAddress;
        ApiKey = apiKey;
    }

    public Uri BaseAddress { get; }

    public string ApiKey { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts the emulator with the given projects (<c>owner/name</c> to folder) and waits until it listens.</summary>
    public static async Task<EmulatorProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> projects, int maxConcurrentRuns = 2, int blobLatencyMs = 0)
    {
        var apiKey = "bench-" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        var (file, prefix) = Proc.Self();
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in prefix)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add("--data-dir");
        psi.ArgumentList.Add(dataDirectory);
        psi.ArgumentList.Add("--max-concurrent-runs");
        psi.ArgumentList.Add(maxConcurrentRuns.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (blobLatencyMs > 0)
        {
            psi.ArgumentList.Add("--latency-ms");
            psi.ArgumentList.Add(blobLatencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var (name, folder) in projects)
        {
            psi.ArgumentList.Add("--project");
            psi.ArgumentList.Add($"{name}={folder}");
        }

        // The key goes through the environment, not the command line (visible in ps).
        psi.Environment["DOMINO_BENCH_EMULATOR_KEY"] = apiKey;
        psi.Environment["Logging__LogLevel__Default"] = "Warning";

        var process = Process.Start(psi) ?? throw new BenchException("could not start the emulator process");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var emulatorLog = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new BenchException("the emulator exited before listening:\n" + emulatorLog));
                return;
            }

            lock (emulatorLog)
            {
                if (emulatorLog.Length < 20000)
                {
                    emulatorLog.AppendLine(e.Data);
                }
            }

            var at = e.Data.IndexOf(ListeningPrefix, StringComparison.Ordinal);
            if (at >= 0)
            {
                listening.TrySetResult(new Uri(e.Data[(at + ListeningPrefix.Length)..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (emulatorLog)
                {
                    if (emulatorLog.Length < 20000)
                    {
                        emulatorLog.AppendLine(e.Data);
                    }
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var timeout = Task.Delay(TimeSpan.FromMinutes(10));
        if (await Task.WhenAny(listening.Task, timeout).ConfigureAwait(false) == timeout)
        {
            process.Kill(entireProcessTree: true);
            throw new BenchException("the emulator did not start listening within 10 minutes:\n" + emulatorLog);
        }

        var address = await listening.Task.ConfigureAwait(false);
        if (!address.IsLoopback)
        {
            process.Kill(entireProcessTree: true);
            throw new BenchException($"the emulator listens on {address}, not on loopback");
        }

        var result = new EmulatorProcess(process, address, apiKey);
        lock (emulatorLog)
        {
            result._log.Append(emulatorLog);
        }

        return result;
    }

    public DominoClient CreateClient(HttpMessageHandler? transport = null) => new(new DominoClientOptions
    {
        Host = BaseAddress.ToString(),
        ApiKey = ApiKey,
        Transport = transport,
    });

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Closing stdin asks `serve` to stop gracefully (it ends its runs' processes).
                _process.StandardInput.Close();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
