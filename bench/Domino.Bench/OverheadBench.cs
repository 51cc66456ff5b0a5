using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Domino.Client;

namespace Domino.Bench;

/// <summary>
/// Overhead of the front ends: the added wall time of a <c>dotnet build</c> whose target calls the
/// <c>DominoGetRun</c> task (from the packed Domino.MSBuild package) versus the same build with the call switched
/// off, and of a Cake script calling the <c>DominoGetRun</c> alias versus an empty script. Runs are interleaved;
/// medians and their differences are printed.
/// </summary>
internal static class OverheadBench
{
    private const string ProjectName = "bench/overhead";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var reps = args.Int("reps", args.Quick ? 3 : 5);
        var repo = args.Get("repo") ?? FindRepoRoot();
        var parts = args.List("parts", "msbuild,cake");
        Machine.PrintHeader("overhead");
        Console.WriteLine($"# repository: {repo}; {reps} repetitions (+1 warm-up) per variant, interleaved, medians");

        using var work = new WorkDir(args, "overhead");
        var version = "0.0.0-bench." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var feed = work.Sub("feed");
        var folder = work.Sub("project");
        await File.WriteAllTextAsync(Path.Combine(folder, "README.md"), "overhead benchmark\n").ConfigureAwait(false);
        var emulator = await EmulatorProcess.StartAsync(work.Sub("emulator-data"), new Dictionary<string, string> { [ProjectName] = folder }).ConfigureAwait(false);
        await using (emulator.ConfigureAwait(false))
        {
            var runId = await FinishedRunAsync(emulator).ConfigureAwait(false);
            var env = new Dictionary<string, string?>
            {
                ["DOMINO_API_HOST"] = emulator.BaseAddress.ToString(),
                ["DOMINO_USER_API_KEY"] = emulator.ApiKey,
                ["DOMINO_PROJECT_OWNER"] = "bench",
                ["DOMINO_PROJECT_NAME"] = "overhead",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["MSBUILDDISABLENODEREUSE"] = "1",
            };
            Console.WriteLine($"# a finished run {runId} is read by DominoGetRun");

            if (parts.Contains("msbuild"))
            {
                await MsBuildAsync(repo, work, feed, version, runId, env, reps).ConfigureAwait(false);
            }

            if (parts.Contains("cake"))
            {
                await CakeAsync(repo, work, runId, env, reps).ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static async Task<string> FinishedRunAsync(EmulatorProcess emulator)
    {
        using var client = emulator.CreateClient();
        var project = client.GetProjectClient(ProjectName);
        var started = await project.StartRunAsync(new DominoStartRunRequest { Command = ["true"], IsDirect = true, Title = "overhead benchmark" }).ConfigureAwait(false);
        var run = await project.WaitForRunAsync(started.RunId, new DominoWaitOptions { StreamOutput = false }).ConfigureAwait(false);
        return run.Id;
    }

    private static Task MsBuildAsync(string repo, WorkDir work, string feed, string version, string runId, Dictionary<string, string?> env, int reps)
    {
        Console.WriteLine();
        Console.WriteLine("## dotnet build -nodeReuse:false, target calling DominoGetRun vs the same target switched off");
        Proc.RunChecked("dotnet", ["pack", Path.Combine(repo, "src", "Domino.MSBuild"), "-c", "Release", "-o", feed, $"-p:PackageVersion={version}", "-nodeReuse:false", "-p:UseSharedCompilation=false"], environment: env, timeout: TimeSpan.FromMinutes(10));
        var dir = work.Sub("msbuild-project");
        FrontEnd.WriteNuGetConfig(dir, feed, work.Sub("packages"));
        File.WriteAllText(Path.Combine(dir, "Small.csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Domino.MSBuild" Version="{{version}}" PrivateAssets="all" />
              </ItemGroup>
              <Target Name="BenchDominoGetRun" AfterTargets="Build" Condition="'$(CallDomino)' == 'true'">
                <DominoGetRun RunId="$(BenchRunId)">
                  <Output TaskParameter="Status" PropertyName="BenchRunStatus" />
                </DominoGetRun>
                <Error Condition="'$(BenchRunStatus)' != 'Succeeded'" Text="DominoGetRun returned '$(BenchRunStatus)'" />
              </Target>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Class1.cs"), "namespace Small;\n\n/// <summary>A class.</summary>\npublic static class Class1\n{\n    /// <summary>A method.</summary>\n    public static int Answer() => 42;\n}\n");
        Proc.RunChecked("dotnet", ["restore", "-nodeReuse:false"], dir, env, TimeSpan.FromMinutes(10));
        var variants = new (string Name, string Call)[] { ("without DominoGetRun", "false"), ("with DominoGetRun", "true") };
        var times = Repeat(reps, variants, v =>
            Proc.RunChecked("dotnet", ["build", "--no-restore", "-nodeReuse:false", "-p:UseSharedCompilation=false", $"-p:CallDomino={v.Call}", $"-p:BenchRunId={runId}"], dir, env, TimeSpan.FromMinutes(10)).Elapsed.TotalSeconds);
        Report(variants.Select(v => v.Name).ToArray(), times);
        return Task.CompletedTask;
    }

    private static Task CakeAsync(string repo, WorkDir work, string runId, Dictionary<string, string?> env, int reps)
    {
        Console.WriteLine();
        Console.WriteLine("## Cake script calling DominoGetRun vs an empty script (same Cake.dll)");
        var cakeDll = FindCakeDll(repo);
        Console.WriteLine($"# Cake: {cakeDll}");
        var dir = work.Sub("cake");
        var addin = Path.Combine(dir, "addin");

        // The add-in as its package lays it out (lib/net10.0: Cake.Domino.dll and the bundled Domino.Client.dll),
        // built straight into a folder: Cake.Core/Cake.Common are the runner's own (not copied).
        Proc.RunChecked("dotnet", ["build", Path.Combine(repo, "src", "Cake.Domino"), "-c", "Release", "-o", addin, "-p:GeneratePackageOnBuild=false", "-nodeReuse:false", "-p:UseSharedCompilation=false"], environment: env, timeout: TimeSpan.FromMinutes(10));
        foreach (var name in new[] { "Cake.Domino.dll", "Domino.Client.dll" })
        {
            if (!File.Exists(Path.Combine(addin, name)))
            {
                throw new BenchException($"building src/Cake.Domino did not produce {name}");
            }
        }

        // #r both assemblies the package ships (as #addin would), client first.
        var refs = $"#r \"{Path.Combine(addin, "Domino.Client.dll")}\"\n#r \"{Path.Combine(addin, "Cake.Domino.dll")}\"";
        File.WriteAllText(Path.Combine(dir, "empty.cake"), """
            Task("Default").Does(() => { });
            RunTarget("Default");
            """);
        File.WriteAllText(Path.Combine(dir, "getrun.cake"), refs + "\n" + """
            var runId = Argument<string>("runid");
            Task("Default").Does(() =>
            {
                var run = DominoGetRun(runId);
                if (run.Status != "Succeeded")
                {
                    throw new Exception($"DominoGetRun returned {run.Status}");
                }
            });
            RunTarget("Default");
            """);
        var variants = new (string Name, string Script)[] { ("empty script", "empty.cake"), ("script calling DominoGetRun", "getrun.cake") };
        var times = Repeat(reps, variants, v =>
            Proc.RunChecked("dotnet", [cakeDll, v.Script, $"--runid={runId}"], dir, env, TimeSpan.FromMinutes(10)).Elapsed.TotalSeconds);
        Report(variants.Select(v => v.Name).ToArray(), times);
        return Task.CompletedTask;
    }

    /// <summary>One warm-up of each, then <paramref name="reps"/> rounds with the order alternating.</summary>
    private static List<double>[] Repeat<T>(int reps, T[] variants, Func<T, double> run)
    {
        var times = variants.Select(_ => new List<double>()).ToArray();
        foreach (var v in variants)
        {
            _ = run(v);
        }

        for (var rep = 0; rep < reps; rep++)
        {
            for (var i = 0; i < variants.Length; i++)
            {
                var index = (i + rep) % variants.Length;
                times[index].Add(run(variants[index]));
            }
        }

        return times;
    }

    private static void Report(string[] names, List<double>[] times)
    {
        Console.WriteLine("| variant | median s | runs (s) |");
        Console.WriteLine("|---|---:|---|");
        for (var i = 0; i < names.Length; i++)
        {
            Console.WriteLine($"| {names[i]} | {Stats.F(Stats.Median(times[i]), 3)} | {string.Join(' ', times[i].Select(t => Stats.F(t, 3)))} |");
        }

        var baseline = Stats.Median(times[0]);
        var with = Stats.Median(times[1]);
        Console.WriteLine($"added by DominoGetRun: {Stats.F(with - baseline, 3)} s (median difference), ratio {Stats.F(with / baseline)}x");
    }

    /// <summary>Cake.dll of Cake.Tool 7.0.0 in the NuGet packages folder (NUGET_PACKAGES, else what dotnet reports).</summary>
    internal static string FindCakeDll(string repo)
    {
        string Candidate(string root) => Path.Combine(root, "cake.tool", "7.0.0", "tools", "net10.0", "any", "Cake.dll");
        var root = NuGetRoot();
        if (!File.Exists(Candidate(root)))
        {
            Proc.RunChecked("dotnet", ["tool", "restore"], repo);
        }

        return File.Exists(Candidate(root)) ? Candidate(root) : throw new BenchException($"Cake.Tool 7.0.0 not found at {Candidate(root)}");
    }

    private static string NuGetRoot()
    {
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } fromEnv)
        {
            return fromEnv;
        }

        var output = Proc.RunChecked("dotnet", ["nuget", "locals", "global-packages", "--list"]).Stdout;
        const string prefix = "global-packages:";
        var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            ?? throw new BenchException($"cannot find the NuGet packages folder in: {output}");
        return line[prefix.Length..].Trim();
    }

    internal static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cake.Domino.sln")))
            {
                return dir.FullName;
            }
        }

        throw new BenchException("cannot find the repository (Cake.Domino.sln) above the benchmark; pass --repo DIR");
    }
}
