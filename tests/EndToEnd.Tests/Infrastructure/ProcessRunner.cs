using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>What a finished process did.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public string AllOutput => StandardOutput + "\n" + StandardError;

    public override string ToString() =>
        $"exit code {ExitCode} after {Elapsed.TotalSeconds:0.0}s\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>
/// Runs a real process with a clean environment (no inherited <c>DOMINO_*</c>, <c>CAKE_*</c>, or the MSBuild variables
/// `dotnet test` sets), captures its output (ANSI colours removed), and kills its whole tree if it outlives the
/// timeout. <see cref="Interrupt"/> sends SIGINT.
/// </summary>
public sealed partial class ProcessRunner : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();

    /// <summary>Variables the test host inherits from `dotnet test` that would steer a child `dotnet build` wrongly.</summary>
    private static readonly string[] InheritedMSBuildVariables =
    [
        "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly",
        "DOTNET_HOST_PATH", "MSBUILDNOINPROCNODE", "VSTEST_HOST_DEBUG", "NUGET_PACKAGES",
    ];

    private Action<string>? _onLine;

    private ProcessRunner(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public string StandardOutputSoFar
    {
        get
        {
            lock (_gate)
            {
                return StripAnsi(_stdout.ToString());
            }
        }
    }

    public string StandardErrorSoFar
    {
        get
        {
            lock (_gate)
            {
                return StripAnsi(_stderr.ToString());
            }
        }
    }

    /// <summary>
    /// Exec's <paramref name="fileName"/> through a tiny python3 shim that first restores the default SIGINT
    /// action: a process started with SIGINT ignored (a background job, some CI runners) passes that on to its
    /// children, and .NET then never sees Ctrl-C. The process id stays the same across the exec.
    /// </summary>
    private const string DefaultSigintShim = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])";

    /// <summary>
    /// Starts the process. <paramref name="onLine"/>, when given, sees each line of standard output as it comes (with
    /// the runner, for instance to <see cref="Interrupt"/> it).
    /// </summary>
    public static ProcessRunner Start(
        string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment,
        bool defaultSigint = false, Action<string, ProcessRunner>? onLine = null)
    {
        if (defaultSigint)
        {
            arguments = ["-c", DefaultSigintShim, fileName, .. arguments];
            fileName = "python3";
        }

        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys
            .Where(k => k.StartsWith("DOMINO_", StringComparison.Ordinal) || k.StartsWith("CAKE_", StringComparison.Ordinal) || InheritedMSBuildVariables.Contains(k))
            .ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["MSBUILDTERMINALLOGGER"] = "off";
        info.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var runner = new ProcessRunner(process);
        if (onLine is not null)
        {
            runner._onLine = line => onLine(line, runner);
        }

        process.OutputDataReceived += (_, e) =>
        {
            runner.Append(runner._stdout, e.Data);
            if (e.Data is not null)
            {
                runner._onLine?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => runner.Append(runner._stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return runner;
    }

    /// <summary>Runs the process to its end (see <see cref="Start"/> and <see cref="WaitAsync"/>).</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout,
        bool defaultSigint = false, Action<string, ProcessRunner>? onLine = null)
    {
        using var runner = Start(fileName, arguments, workingDirectory, environment, defaultSigint, onLine);
        return await runner.WaitAsync(timeout);
    }

    /// <summary>Waits for the process to exit; kills it (and its children) and fails the test if it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<ProcessResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"The process did not exit within {timeout}.\n{Snapshot(-1)}");
        }

        _process.WaitForExit(); // Flushes the asynchronous output readers.
        return Snapshot(_process.ExitCode);
    }

    /// <summary>Polls (bounded) until the output has a line matching <paramref name="pattern"/>; fails if the process exits first or time runs out.</summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var match = pattern.Match(StandardOutputSoFar);
            if (match.Success)
            {
                return match;
            }

            if (_process.HasExited)
            {
                _process.WaitForExit();
                throw new InvalidOperationException($"The process exited before printing /{pattern}/.\n{Snapshot(_process.ExitCode)}");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No output matched /{pattern}/ within {timeout}.\n{Snapshot(-1)}");
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal would.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -INT {_process.Id} failed with exit code {kill.ExitCode}.");
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    public static string StripAnsi(string text) => AnsiEscape().Replace(text, string.Empty);

    [GeneratedRegex(@"\x1B\[[0-9;?]*[A-Za-z]")]
    private static partial Regex AnsiEscape();

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.AppendLine(line);
        }
    }

    private ProcessResult Snapshot(int exitCode)
    {
        lock (_gate)
        {
            return new ProcessResult(exitCode, StripAnsi(_stdout.ToString()), StripAnsi(_stderr.ToString()), _clock.Elapsed);
        }
    }
}
