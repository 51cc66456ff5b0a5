using System.Globalization;
using System.IO.Compression;

namespace Domino.Bench;

/// <summary>
/// The command-line path of the download benchmark: the <c>domino</c> tool from the packages the build makes, in a
/// fresh process per download, its connection from the <c>DOMINO_*</c> environment variables: a pipeline step's first
/// and only call. Two forms: the framework-dependent tool (the package's <c>tools/net10.0/any/</c>, run as
/// <c>dotnet domino.dll</c>, as its shim runs it on a platform without a native build) and what <c>dotnet tool
/// install</c> puts on this Linux x64 machine (the native executable of Domino.Cli.linux-x64).
/// </summary>
internal sealed class CliTool
{
    private readonly string _fileName;
    private readonly string[] _prefix;
    private readonly Dictionary<string, string?> _env;

    private CliTool(string fileName, string[] prefix, Dictionary<string, string?> env)
    {
        _fileName = fileName;
        _prefix = prefix;
        _env = env;
    }

    /// <summary>The framework-dependent tool, extracted into <paramref name="toolRoot"/> (packed once per process).</summary>
    public static CliTool Prepare(EmulatorProcess emulator, string toolRoot, IReadOnlyDictionary<string, string> childEnv)
    {
        var env = FrontEnd.Environment(emulator, childEnv);
        var folder = Path.Combine(toolRoot, "any");
        var entryPoint = Path.Combine(folder, "domino.dll");
        if (!File.Exists(entryPoint))
        {
            // Domino.Cli.any where the build also made the native tool (Domino.Cli only points to the two), else Domino.Cli.
            const string prefix = "tools/net10.0/any/";
            var packages = Packages(toolRoot);
            var package = packages.FirstOrDefault(p => Path.GetFileName(p).StartsWith("Domino.Cli.any.", StringComparison.Ordinal)) ?? packages[0];
            Directory.CreateDirectory(folder);
            using (var zip = ZipFile.OpenRead(package))
            {
                foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal) && e.Name.Length > 0))
                {
                    var target = Path.Combine(folder, entry.FullName[prefix.Length..]);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    entry.ExtractToFile(target, overwrite: true);
                }
            }

            if (!File.Exists(entryPoint))
            {
                throw new BenchException($"the package {Path.GetFileName(package)} has no {prefix}domino.dll");
            }

            Console.WriteLine($"# domino tool: {prefix} of {Path.GetFileName(package)}");
        }

        return new CliTool("dotnet", [entryPoint], env);
    }

    /// <summary>What <c>dotnet tool install</c> gives on this machine, installed into <paramref name="toolRoot"/> from the packages (packed once per process).</summary>
    public static CliTool PrepareNative(EmulatorProcess emulator, string toolRoot, IReadOnlyDictionary<string, string> childEnv)
    {
        var env = FrontEnd.Environment(emulator, childEnv);
        var tools = Path.Combine(toolRoot, "installed");
        var command = Path.Combine(tools, "domino");
        if (!File.Exists(command))
        {
            // A NuGet cache of its own: no older package of the same version is taken.
            var config = FrontEnd.WriteNuGetConfig(toolRoot, Path.GetDirectoryName(Packages(toolRoot)[0])!, Path.Combine(toolRoot, "packages"));
            Proc.RunChecked("dotnet", ["tool", "install", "Domino.Cli", "--tool-path", tools, "--configfile", config], toolRoot, FrontEnd.BuildEnvironment(), TimeSpan.FromMinutes(5));
            var target = File.ResolveLinkTarget(command, returnFinalTarget: true)?.FullName ?? command;
            if (!target.Contains("domino.cli.linux-x64", StringComparison.OrdinalIgnoreCase))
            {
                throw new BenchException($"dotnet tool install gave '{target}', not the native tool (the build makes it on Linux x64 with clang or gcc)");
            }

            Console.WriteLine($"# native domino: dotnet tool install Domino.Cli ({Path.GetRelativePath(tools, target)}, {new FileInfo(target).Length >> 20} MiB)");
        }

        return new CliTool(command, [], env);
    }

    /// <summary>Runs <c>domino download</c> of the commit into <paramref name="dest"/>; returns the process's wall time.</summary>
    public double Download(string project, string commitId, string dest) =>
        Proc.RunChecked(_fileName, [.. _prefix, "download", commitId, dest, "--project", project], dest, _env, TimeSpan.FromMinutes(10)).Elapsed.TotalSeconds;

    /// <summary>
    /// Runs <c>domino download</c> as <see cref="Download"/> does; returns the process's peak resident memory (its
    /// <c>VmHWM</c>, a high-water mark, read every 10 ms while it runs: the last read is at most 10 ms before its end).
    /// </summary>
    public async Task<(long PeakBytes, double Seconds)> DownloadMeasuringMemoryAsync(string project, string commitId, string dest)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(_fileName) { WorkingDirectory = dest };
        foreach (var a in (string[])[.. _prefix, "download", commitId, dest, "--project", project])
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in _env)
        {
            psi.Environment[k] = v;
        }

        var (_, _, peak, elapsed) = await Proc.RunSamplingAsync(psi, "VmHWM").ConfigureAwait(false);
        return (peak, elapsed.TotalSeconds);
    }

    /// <summary>The Domino.Cli packages, packed from src/Domino.Cli into <paramref name="toolRoot"/>/feed on first use.</summary>
    private static string[] Packages(string toolRoot)
    {
        var feed = Path.Combine(toolRoot, "feed");
        return Directory.Exists(feed) && Directory.GetFiles(feed, "Domino.Cli.*.nupkg") is { Length: > 0 } packed
            ? packed
            : FrontEnd.Pack("Domino.Cli", feed, version: null);
    }
}

/// <summary>
/// The MSBuild path of the download benchmark: the <c>DominoDownloadResults</c> task from the Domino.MSBuild package, in
/// a project restored once against a local feed holding that package, run by one <c>dotnet msbuild -t:BenchDownload
/// -nodeReuse:false</c> per download. The target reads the clock right before and after the task (property functions),
/// so the task's own time (its first call in a fresh MSBuild process: loading the task assembly included) is
/// reported apart from the process's wall time (MSBuild's start and the project's evaluation).
/// </summary>
internal sealed class MsBuildTask
{
    private const string TaskLinePrefix = "BENCH-TASK ";

    private readonly string _dir;
    private readonly Dictionary<string, string?> _env;

    private MsBuildTask(string dir, Dictionary<string, string?> env)
    {
        _dir = dir;
        _env = env;
    }

    /// <summary>
    /// Packs <c>src/Domino.MSBuild</c> under a fresh version, writes and restores the project in <paramref name="dir"/>;
    /// with <paramref name="bare"/>, also builds the bare loop's task (<see cref="BareDownload"/>, the floor in MSBuild's
    /// process) into a sibling folder and gives the project a target that runs it.
    /// </summary>
    public static MsBuildTask Prepare(EmulatorProcess emulator, string project, string dir, IReadOnlyDictionary<string, string> childEnv, bool bare)
    {
        var env = FrontEnd.Environment(emulator, childEnv);
        var version = "0.0.0-bench." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var feed = Path.Combine(dir, "feed");
        FrontEnd.Pack("Domino.MSBuild", feed, version);
        FrontEnd.WriteNuGetConfig(dir, feed, Path.Combine(dir, "packages"));
        var bareTarget = bare
            ? $"""<UsingTask TaskName="Domino.Bench.BareDownloadTask" AssemblyFile="{BuildBareTask(dir + "-bare-task")}" />"""
                + "\n" + TimedTarget("BenchBare", """<BareDownloadTask List="$(BenchList)" Dest="$(BenchDest)" Parallelism="$(BenchParallelism)" />""")
            : "";
        File.WriteAllText(Path.Combine(dir, "Bench.csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Domino.MSBuild" Version="{{version}}" PrivateAssets="all" />
              </ItemGroup>
            {{TimedTarget("BenchDownload", $"""<DominoDownloadResults Project="{project}" CommitId="$(BenchCommit)" DestinationFolder="$(BenchDest)" />""")}}
            {{bareTarget}}
            </Project>
            """);
        Proc.RunChecked("dotnet", ["restore", "-nodeReuse:false"], dir, FrontEnd.BuildEnvironment(), TimeSpan.FromMinutes(10));
        Console.WriteLine($"# msbuild task: DominoDownloadResults of Domino.MSBuild {version} (packed from src/Domino.MSBuild)");
        return new MsBuildTask(dir, env);
    }

    /// <summary>Runs the target once into <paramref name="dest"/>; returns the task's time (as the target measured it) and the process's wall time.</summary>
    public (double Task, double Process) Download(string commitId, string dest) =>
        RunTarget("BenchDownload", $"-p:BenchCommit={commitId}", $"-p:BenchDest={dest}");

    /// <summary>Runs the bare loop's task once over <paramref name="list"/> into <paramref name="dest"/> (prepared with <c>bare</c>).</summary>
    public (double Task, double Process) Bare(string list, int parallelism, string dest) =>
        RunTarget("BenchBare", $"-p:BenchList={list}", $"-p:BenchParallelism={parallelism.ToString(CultureInfo.InvariantCulture)}", $"-p:BenchDest={dest}");

    /// <summary>
    /// The bare loop as an MSBuild task: a project outside <paramref name="dir"/>'s feed-only nuget.config (it restores
    /// the MSBuild API from the machine's NuGet sources) compiling <c>BareLoop.cs</c> and a task calling it. Returns the
    /// built assembly.
    /// </summary>
    private static string BuildBareTask(string dir)
    {
        Directory.CreateDirectory(dir);
        var loop = Path.Combine(OverheadBench.FindRepoRoot(), "bench", "Domino.Bench", "BareLoop.cs");
        File.WriteAllText(Path.Combine(dir, "BareTask.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.Build.Utilities.Core" Version="17.11.48" ExcludeAssets="runtime" PrivateAssets="all" />
                <Compile Include="{loop}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "BareDownloadTask.cs"), """
            namespace Domino.Bench;

            public sealed class BareDownloadTask : Microsoft.Build.Utilities.Task
            {
                [Microsoft.Build.Framework.Required]
                public string List { get; set; } = "";

                [Microsoft.Build.Framework.Required]
                public string Dest { get; set; } = "";

                public int Parallelism { get; set; } = 8;

                public override bool Execute()
                {
                    BareLoop.RunAsync(List, Dest, Parallelism, Environment.GetEnvironmentVariable("DOMINO_USER_API_KEY") ?? "").GetAwaiter().GetResult();
                    return true;
                }
            }
            """);
        var output = Path.Combine(dir, "bin");
        Proc.RunChecked("dotnet", ["build", "-c", "Release", "-o", output, "-nodeReuse:false", "-p:UseSharedCompilation=false"], dir, FrontEnd.BuildEnvironment(), TimeSpan.FromMinutes(10));
        Console.WriteLine("# msbuild-bare: the bare loop as a task (BareLoop.cs built into a task assembly), in a fresh MSBuild process");
        return Path.Combine(output, "BareTask.dll");
    }

    /// <summary>
    /// A target running <paramref name="task"/> between two readings of the clock and printing the difference: the
    /// task's time, without MSBuild's start and the project's evaluation.
    /// </summary>
    private static string TimedTarget(string name, string task) => $$"""
        <Target Name="{{name}}">
          <PropertyGroup>
            <BenchTaskStart>$([System.DateTime]::UtcNow.Ticks)</BenchTaskStart>
          </PropertyGroup>
          {{task}}
          <PropertyGroup>
            <BenchTaskEnd>$([System.DateTime]::UtcNow.Ticks)</BenchTaskEnd>
          </PropertyGroup>
          <Message Importance="high" Text="{{TaskLinePrefix}}ticks=$([MSBuild]::Subtract($(BenchTaskEnd), $(BenchTaskStart)))" />
        </Target>
        """;

    private (double Task, double Process) RunTarget(string target, params string[] properties)
    {
        var result = Proc.RunChecked("dotnet", ["msbuild", $"-t:{target}", "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false", .. properties], _dir, _env, TimeSpan.FromMinutes(10));
        var line = result.Stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(TaskLinePrefix + "ticks=", StringComparison.Ordinal));
        if (line is null || !double.TryParse(line[(TaskLinePrefix.Length + "ticks=".Length)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var ticks))
        {
            throw new BenchException($"dotnet msbuild printed no '{TaskLinePrefix}ticks=N' line; its output:\n{Proc.Tail(result.Stdout + result.Stderr, 3000)}");
        }

        return (ticks / TimeSpan.TicksPerSecond, result.Elapsed.TotalSeconds);
    }
}

/// <summary>What the front ends in the bench share: their environment, a local feed's nuget.config, packing a front end from the repository.</summary>
internal static class FrontEnd
{
    /// <summary>For the processes that build, pack or install: no connection (none of them needs the key).</summary>
    public static Dictionary<string, string?> BuildEnvironment() => new()
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
    };

    /// <summary>For the processes measured: the connection in the <c>DOMINO_*</c> variables (as a pipeline's secrets give it), plus the bench's <c>--child-env</c>.</summary>
    public static Dictionary<string, string?> Environment(EmulatorProcess emulator, IReadOnlyDictionary<string, string> childEnv)
    {
        var env = BuildEnvironment();
        env["DOMINO_API_HOST"] = emulator.BaseAddress.ToString();
        env["DOMINO_USER_API_KEY"] = emulator.ApiKey;
        foreach (var (name, value) in childEnv)
        {
            env[name] = value;
        }

        return env;
    }

    /// <summary>Writes <paramref name="dir"/>/nuget.config: <paramref name="feed"/> the only source, <paramref name="packages"/> the NuGet cache (no older package of the same version is taken); returns its path.</summary>
    public static string WriteNuGetConfig(string dir, string feed, string packages)
    {
        var path = Path.Combine(dir, "nuget.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
              <packageSources>
                <clear />
                <add key="bench-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        return path;
    }

    /// <summary>Packs <c>src/<paramref name="name"/></c> (Release) into <paramref name="feed"/>; returns the packages it made (a tool may make several).</summary>
    public static string[] Pack(string name, string feed, string? version)
    {
        var repo = OverheadBench.FindRepoRoot();
        WorkDir.TryDelete(feed);
        Directory.CreateDirectory(feed);

        // GeneratePackageOnBuild=false: with it true (the projects' default) pack assumes the build already ran and does not build.
        List<string> args = ["pack", Path.Combine(repo, "src", name), "-c", "Release", "-o", feed, "-p:GeneratePackageOnBuild=false", "-nodeReuse:false", "-p:UseSharedCompilation=false"];
        if (version is not null)
        {
            args.Add($"-p:PackageVersion={version}");
        }

        Proc.RunChecked("dotnet", args, environment: BuildEnvironment(), timeout: TimeSpan.FromMinutes(15));
        var packages = Directory.GetFiles(feed, name + ".*.nupkg");
        return packages.Length > 0
            ? packages
            : throw new BenchException($"packing src/{name} left no {name}.*.nupkg in {feed}");
    }
}
