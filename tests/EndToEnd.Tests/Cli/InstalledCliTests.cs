using System.Text.Json;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.Cli;

/// <summary>
/// The <c>domino</c> that <c>dotnet tool install</c> gives, run as a pipeline step runs it, against the in-process
/// emulator: on Linux x64 where the build made it, the native executable of Domino.Cli.linux-x64. What trimming or the
/// native compiler could break (JSON in and out, the command line, the v4 probe, streaming, the download's unnamed
/// files) is on the path of these commands.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class InstalledCliTests : IClassFixture<InstalledCli>
{
    private readonly InstalledCli _tool;

    public InstalledCliTests(InstalledCli tool)
    {
        _tool = tool;
    }

    [Fact]
    public async Task Installed_run_with_download_streams_the_output_and_leaves_the_results_as_a_second_download_finds_them()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var work = new TempDirectory();

        var run = await _tool.RunAsync(work.Path, emulator.Environment, "run", "--project", "alice/quick", "--download", "out", "--output", "json", "--", "main.py", "foo", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.StandardOutput);
        Assert.Equal("Succeeded", json.RootElement.GetProperty("status").GetString());
        var runId = json.RootElement.GetProperty("runId").GetString()!;
        Assert.Contains("epoch 8/8", run.StandardError); // The run's output, streamed.
        using var local = new TempDirectory();
        TempDirectory.CopyDirectory(TestPaths.SampleProject, local.Path);
        await ProcessRunner.RunAsync("python3", ["main.py", "foo", "1"], local.Path, new Dictionary<string, string?>(), TimeSpan.FromMinutes(1));
        foreach (var name in new[] { "metrics.json", "summary.txt", "chart.svg" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(local.Path, "results", name)), File.ReadAllBytes(Path.Combine(work.Path, "out", "results", name)));
        }

        // The manifest the first download wrote is read back: nothing is fetched again.
        var again = await _tool.RunAsync(work.Path, emulator.Environment, "download", runId, "out", "--project", "alice/quick");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Matches(@"Downloaded 0 files .*, [1-9][0-9]* already up to date", again.StandardError);
        Assert.DoesNotContain(emulator.ApiKey, run.AllOutput + again.AllOutput);
    }

    [Fact]
    public void Installed_tool_caps_the_youngest_generation_of_its_garbage_collector()
    {
        // Without the cap, a machine that reports a large CPU cache lets about 150 MiB of garbage pile up (docs/cli.md).
        const string Setting = "System.GC.Gen0MaxBudget";
        if (!_tool.IsNative)
        {
            var config = Assert.Single(Directory.GetFiles(_tool.ToolsDirectory, "domino.runtimeconfig.json", SearchOption.AllDirectories));
            Assert.Equal(CliTool.Gen0MaxBudget, CliTool.ReadRuntimeSettings(config).GetProperty(Setting).GetInt64());
            return;
        }

        // The native compiler keeps the runtime settings in the executable, as names and values.
        var executable = File.ReadAllBytes(_tool.Target);
        foreach (var text in new[] { Setting, CliTool.Gen0MaxBudget.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            Assert.True(executable.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0, $"'{_tool.Target}' carries no '{text}'.");
        }
    }

    [Fact]
    public async Task Installed_bad_flag_exits_2_naming_it()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var work = new TempDirectory();

        var result = await _tool.RunAsync(work.Path, emulator.Environment, "download", "--project", "alice/quick", "--al");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Unrecognized option '--al'", result.StandardError);
        Assert.Equal(0, emulator.Emulator.GetRequestCounts().Values.Sum());
    }
}

/// <summary>
/// Installs Domino.Cli once per test class as a user does (<c>dotnet tool install --tool-path</c>, the build's packages
/// as the only source, a NuGet cache of its own so no older package of the same version is taken), and checks what it
/// installed: where the build made Domino.Cli.linux-x64 (Linux x64 with clang or gcc, docs/cli.md), its native
/// executable; else the framework-dependent tool's launcher.
/// </summary>
public sealed class InstalledCli : IDisposable
{
    private readonly TempDirectory _root = new("domino-e2e-installed-");

    public InstalledCli()
    {
        var config = NuGetConfig.WriteLocalFeed(_root.Path, TestPaths.PackagesDirectory);
        var tools = Path.Combine(_root.Path, "tools");
        var install = ProcessRunner.RunAsync(
            "dotnet",
            ["tool", "install", "Domino.Cli", "--version", TestPaths.CakeDominoVersion, "--tool-path", tools, "--configfile", config],
            _root.Path,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(_root.Path, "packages") },
            TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        Assert.True(install.ExitCode == 0, install.ToString());
        ToolsDirectory = tools;
        Executable = Path.Combine(tools, "domino");
        var target = Target = File.ResolveLinkTarget(Executable, returnFinalTarget: true)?.FullName ?? Executable;
        var magic = new byte[4];
        using (var file = File.OpenRead(target))
        {
            file.ReadExactly(magic);
        }

        // The native tool is the executable of the RID-specific package (the command links to it); the framework-dependent
        // one gets a launcher of its own (an executable too) that starts domino.dll.
        var native = IsNative = File.Exists(Path.Combine(TestPaths.PackagesDirectory, $"Domino.Cli.linux-x64.{TestPaths.CakeDominoVersion}.nupkg"));
        Assert.True(magic.SequenceEqual(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }), $"'{target}' is not an executable. {install}");
        Assert.True(
            native == target.Contains("domino.cli.linux-x64", StringComparison.OrdinalIgnoreCase),
            $"The build {(native ? "made" : "did not make")} the native tool, and '{Executable}' resolves to '{target}'. {install}");
    }

    /// <summary>The installed command.</summary>
    public string Executable { get; }

    /// <summary>The file the command resolves to: the native executable, or the framework-dependent tool's launcher.</summary>
    public string Target { get; }

    /// <summary>Whether the build made (and the install gave) the native tool.</summary>
    public bool IsNative { get; }

    /// <summary>The <c>--tool-path</c> folder: the command and the installed packages (<c>.store</c>).</summary>
    public string ToolsDirectory { get; }

    public async Task<ProcessResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        await ProcessRunner.RunAsync(Executable, arguments, workingDirectory, environment, TimeSpan.FromMinutes(2), defaultSigint: true);

    public void Dispose() => _root.Dispose();
}
