using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Xml.Linq;

namespace Domino.MSBuild.Tests;

/// <summary>
/// build/Domino.MSBuild.props and .targets, evaluated by the real `dotnet msbuild` as another MSBuild would evaluate
/// them: the MSBuild runtime type and version the files read are injected through the properties they compute
/// (_DominoMSBuildRuntimeType, _DominoMSBuildVersion). Each UsingTask's own condition is evaluated by MSBuild, so the
/// assertions are on the UsingTask elements that take effect.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class TargetsEvaluationTests : IDisposable
{
    private static readonly string[] TaskNames =
    [
        "Domino.MSBuild.DominoStartRun", "Domino.MSBuild.DominoWaitForRun", "Domino.MSBuild.DominoDownloadResults",
        "Domino.MSBuild.DominoGetRun", "Domino.MSBuild.DominoStopRun",
    ];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "domino-targets-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<XElement> _usingTasks;
    private readonly string _probe;

    public TargetsEvaluationTests()
    {
        Directory.CreateDirectory(_folder);
        var build = Path.Combine(RepoRoot(), "src", "Domino.MSBuild", "build");
        var props = Path.Combine(build, "Domino.MSBuild.props");
        _usingTasks = XDocument.Load(props).Root!.Elements("UsingTask").ToList();

        // One property per UsingTask, set when (and only when) that UsingTask's condition holds.
        var probe = new XElement("Project",
            new XElement("Import", new XAttribute("Project", props)),
            new XElement("Import", new XAttribute("Project", Path.Combine(build, "Domino.MSBuild.targets"))),
            new XElement("PropertyGroup", _usingTasks.Select((u, i) =>
                new XElement($"_DominoProbe{i}", new XAttribute("Condition", (string?)u.Attribute("Condition") ?? "true"), "true"))));
        _probe = Path.Combine(_folder, "probe.proj");
        probe.Save(_probe);
    }

    [Theory]
    [InlineData("Core", "18.0.5")]
    [InlineData("Core", "17.11.48")]
    public void In_the_dotnet_MSBuild_the_tasks_load_in_process(string runtime, string version)
    {
        var (host, active) = Evaluate(runtime, version);

        Assert.Equal("Core", host);
        Assert.Equal(TaskNames, active.Select(u => (string)u.Attribute("TaskName")!));
        Assert.All(active, u =>
        {
            Assert.Null(u.Attribute("Runtime"));
            Assert.Null(u.Attribute("TaskFactory"));
        });
    }

    [Theory]
    [InlineData("18.0.5")]
    [InlineData("18.3.1")]
    [InlineData("19.0.0")]
    public void In_the_NET_Framework_MSBuild_18_or_later_the_tasks_run_in_a_NET_task_host(string version)
    {
        var (host, active) = Evaluate("Full", version);

        Assert.Equal("NetTaskHost", host);
        Assert.Equal(TaskNames, active.Select(u => (string)u.Attribute("TaskName")!));
        Assert.All(active, u =>
        {
            Assert.Equal("NET", (string?)u.Attribute("Runtime"));
            Assert.Equal("TaskHostFactory", (string?)u.Attribute("TaskFactory"));
        });
    }

    [Fact]
    public void Unchanged_the_files_see_the_dotnet_MSBuild_running_them()
    {
        var json = Msbuild("-getProperty:_DominoTaskHost", "-getProperty:_DominoMSBuildRuntimeType");

        Assert.Equal("Core", Property(json, "_DominoTaskHost"));
        Assert.Equal("Core", Property(json, "_DominoMSBuildRuntimeType"));
    }

    [Theory]
    [InlineData("Full", "17.14.8")]
    [InlineData("Mono", "16.10.1")]
    public void An_MSBuild_that_cannot_run_NET_tasks_stops_DominoRun_with_DOM014_naming_what_it_found(string runtime, string version)
    {
        Assert.Equal("Unsupported", Evaluate(runtime, version).Host);

        var (exitCode, output) = Run("-t:DominoRun", $"-p:_DominoMSBuildRuntimeType={runtime}", $"-p:_DominoMSBuildVersion={version}");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("error DOM014", output, StringComparison.Ordinal);
        Assert.Contains($"it is the {runtime} MSBuild {version}", output, StringComparison.Ordinal);
        Assert.Contains("`dotnet build`", output, StringComparison.Ordinal);
        Assert.Contains("Visual Studio 2026 (MSBuild 18 or later)", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private (string Host, List<XElement> Active) Evaluate(string runtime, string version)
    {
        var json = Msbuild(
            [
                $"-p:_DominoMSBuildRuntimeType={runtime}", $"-p:_DominoMSBuildVersion={version}", "-getProperty:_DominoTaskHost",
                .. _usingTasks.Select((_, i) => $"-getProperty:_DominoProbe{i}"),
            ]);
        var active = _usingTasks.Where((_, i) => Property(json, $"_DominoProbe{i}") == "true").ToList();
        return (Property(json, "_DominoTaskHost"), active);
    }

    private static string Property(JsonDocument json, string name) =>
        json.RootElement.GetProperty("Properties").GetProperty(name).GetString() ?? "";

    private JsonDocument Msbuild(params string[] arguments)
    {
        var (exitCode, output) = Run(arguments);
        Assert.True(exitCode == 0, $"dotnet msbuild failed ({exitCode}):\n{output}");
        return JsonDocument.Parse(output);
    }

    private (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["msbuild", _probe, "-nologo", "-nodeReuse:false", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet msbuild did not finish within 2 minutes.");
        }

        return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string RepoRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
