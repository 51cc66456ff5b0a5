// The repo's own pipeline. Run it with ./build.sh (bootstrap) or `dotnet cake build.cake`.
//   --target=Clean|Build|Test|Pack|Demo   (default: Demo)
//   --configuration=Release|Debug         (default: Release)
using System.Diagnostics;

var target = Argument("target", "Demo");
var configuration = Argument("configuration", "Release");

var root = MakeAbsolute(Directory("."));
var solution = root.CombineWithFilePath("Cake.Domino.sln");
var artifacts = root.Combine("artifacts");
var packages = artifacts.Combine("packages");
var demoOutput = artifacts.Combine("demo");
var demoCliOutput = artifacts.Combine("demo-cli");

Task("Clean")
    .Description("Deletes build outputs and artifacts.")
    .Does(() =>
{
    CleanDirectories(GetDirectories("./src/*/bin").Concat(GetDirectories("./src/*/obj")).Concat(GetDirectories("./tests/*/bin")).Concat(GetDirectories("./tests/*/obj")));
    CleanDirectory(artifacts);
    CleanDirectory("./samples/cake/tools");
});

Task("Build")
    .Description("Builds the solution with warnings as errors.")
    .Does(() =>
{
    DotNetBuild(solution.FullPath, new DotNetBuildSettings
    {
        Configuration = configuration,
        MSBuildSettings = new DotNetMSBuildSettings { TreatAllWarningsAs = MSBuildTreatAllWarningsAs.Error },
        ArgumentCustomization = args => args.Append("-nodeReuse:false"),
    });
});

Task("Test")
    .Description("Runs every test project: unit and end-to-end.")
    .IsDependentOn("Build")
    .Does(() =>
{
    DotNetTest(solution.FullPath, new DotNetTestSettings { Configuration = configuration, NoBuild = true });
});

Task("Pack")
    .Description("Packs every packable project into artifacts/packages.")
    .IsDependentOn("Build")
    .Does(() =>
{
    EnsureDirectoryExists(packages);
    DotNetPack(solution.FullPath, new DotNetPackSettings
    {
        Configuration = configuration,
        NoBuild = true,
        OutputDirectory = packages,
        ArgumentCustomization = args => args.Append("-nodeReuse:false"),
    });
    foreach (var package in GetFiles(packages.FullPath + "/*.nupkg"))
    {
        Information("Package: {0}", package.GetFilename());
    }
});

Task("Demo")
    .Description("Starts the emulator on samples/project, runs main.py through the packed add-in (results in artifacts/demo), then through the packed domino tool (results in artifacts/demo-cli).")
    .IsDependentOn("Pack")
    .Does(() =>
{
    var apiKey = "demo-" + Guid.NewGuid().ToString("N");
    var dataDir = System.IO.Directory.CreateTempSubdirectory("domino-demo-").FullName;
    var project = "demo/quickstart";
    CleanDirectory(demoOutput);
    CleanDirectory(demoCliOutput);

    var emulator = StartEmulator(dataDir, apiKey, project, root.Combine("samples/project"));
    try
    {
        Information("Emulator: {0} (data in {1})", emulator.Url, dataDir);

        // The sample script loads Cake.Domino from artifacts/packages through #addin, exactly as a user would.
        // A private package cache and a clean tools folder make sure it is the package just built.
        var sample = root.Combine("samples/cake");
        CleanDirectory(sample.Combine("tools"));
        var packageCache = artifacts.Combine("demo-nuget-cache");
        CleanDirectory(packageCache);
        var exitCode = StartProcess("dotnet", new ProcessSettings
        {
            Arguments = new ProcessArgumentBuilder()
                .Append("cake")
                .AppendQuoted(sample.CombineWithFilePath("build.cake").FullPath)
                .AppendQuoted("--out=" + demoOutput.FullPath)
                .Append("--command=\"main.py foo 1\"")
                // No version in its #addin on purpose: it loads whatever Pack just built (local feed, clean cache).
                .Append("--settings_skippackageversioncheck=true"),
            // Cake reads nuget.config from its working directory: samples/cake/nuget.config points at artifacts/packages.
            WorkingDirectory = sample,
            EnvironmentVariables = new Dictionary<string, string>
            {
                ["DOMINO_API_HOST"] = emulator.Url,
                ["DOMINO_USER_API_KEY"] = apiKey,
                ["DOMINO_PROJECT_OWNER"] = project.Split('/')[0],
                ["DOMINO_PROJECT_NAME"] = project.Split('/')[1],
                ["NUGET_PACKAGES"] = packageCache.FullPath,
            },
        });
        if (exitCode != 0)
        {
            throw new CakeException(exitCode, $"The sample build script failed with exit code {exitCode}.");
        }

        Information("");
        Information("Demo finished. Results in {0}:", demoOutput);
        foreach (var file in GetFiles(demoOutput.FullPath + "/results/**/*"))
        {
            Information("  {0}", demoOutput.GetRelativePath(file));
        }

        // The same sample through the command-line front end, installed from the package just built as a pipeline
        // without Cake or MSBuild would install it (the local feed only, a clean cache and tool folder). Other arguments
        // than the first run's: the same ones would rewrite identical results, and only what a run changes is downloaded.
        Information("");
        Information("The same run through the domino command-line tool:");
        var toolPath = artifacts.Combine("demo-tools");
        CleanDirectory(toolPath);
        var environment = new Dictionary<string, string>
        {
            ["DOMINO_API_HOST"] = emulator.Url,
            ["DOMINO_USER_API_KEY"] = apiKey,
            ["NUGET_PACKAGES"] = packageCache.FullPath,
        };
        RunOrFail("dotnet", new ProcessArgumentBuilder()
            .Append("tool").Append("install").Append("Domino.Cli")
            .Append("--tool-path").AppendQuoted(toolPath.FullPath)
            .Append("--configfile").AppendQuoted(sample.CombineWithFilePath("nuget.config").FullPath), root, environment);
        RunOrFail(toolPath.CombineWithFilePath("domino").FullPath, new ProcessArgumentBuilder()
            .Append("run").Append("--project").Append(project).Append("--title").AppendQuoted("domino CLI demo")
            .Append("--wait").Append("--download").AppendQuoted(demoCliOutput.FullPath)
            .Append("--").Append("main.py").Append("bar").Append("2"), root, environment);
        Information("Results of the command-line run in {0}:", demoCliOutput);
        foreach (var file in GetFiles(demoCliOutput.FullPath + "/results/**/*"))
        {
            Information("  {0}", demoCliOutput.GetRelativePath(file));
        }
    }
    finally
    {
        emulator.Dispose();
        DeleteDirectory(dataDir, new DeleteDirectorySettings { Recursive = true, Force = true });
    }
});

Task("Default").IsDependentOn("Demo");

RunTarget(target);

// ---------------------------------------------------------------------------------------------------------
// A child process that must succeed.

void RunOrFail(FilePath program, ProcessArgumentBuilder arguments, DirectoryPath workingDirectory, IDictionary<string, string> environment)
{
    var exitCode = StartProcess(program, new ProcessSettings { Arguments = arguments, WorkingDirectory = workingDirectory, EnvironmentVariables = environment });
    if (exitCode != 0)
    {
        throw new CakeException(exitCode, $"{program.GetFilename()} failed with exit code {exitCode}.");
    }
}

// ---------------------------------------------------------------------------------------------------------
// The emulator, as a child process: started on a free port, stopped (with its children) on Dispose.

EmulatorProcess StartEmulator(string dataDir, string apiKey, string project, DirectoryPath projectPath)
{
    var dll = GetFiles($"./src/Domino.Emulator/bin/{configuration}/*/Domino.Emulator.dll").FirstOrDefault()
        ?? throw new CakeException($"The emulator is not built: no src/Domino.Emulator/bin/{configuration}/*/Domino.Emulator.dll. Run the Build target.");
    var info = new ProcessStartInfo("dotnet")
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
        WorkingDirectory = root.FullPath,
    };
    foreach (var arg in new[] { dll.FullPath, "--port", "0", "--data-dir", dataDir, "--project", $"{project}={projectPath.FullPath}" })
    {
        info.ArgumentList.Add(arg);
    }

    info.Environment["DOMINO_EMULATOR_API_KEY"] = apiKey; // Not on the command line, where any process listing shows it.

    var process = Process.Start(info) ?? throw new CakeException("Could not start the emulator.");
    var url = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
    process.OutputDataReceived += (_, e) =>
    {
        if (e.Data is null) { url.TrySetException(new CakeException("The emulator exited before it was listening.")); return; }
        Verbose("[emulator] {0}", e.Data.Replace(apiKey, "***"));
        var marker = "listening on ";
        var at = e.Data.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0) { url.TrySetResult(e.Data.Substring(at + marker.Length).Trim()); }
    };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Warning("[emulator] {0}", e.Data.Replace(apiKey, "***")); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    var emulator = new EmulatorProcess(process);
    if (!url.Task.Wait(TimeSpan.FromSeconds(60)))
    {
        emulator.Dispose();
        throw new CakeException("The emulator did not report its URL within 60 seconds.");
    }

    emulator.Url = url.Task.Result;
    return emulator;
}

public sealed class EmulatorProcess : IDisposable
{
    private readonly Process _process;
    public EmulatorProcess(Process process) { _process = process; }
    public string Url { get; set; }
    public void Dispose()
    {
        try { if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(10000); } }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
