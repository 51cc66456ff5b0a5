using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.Cake;

/// <summary>
/// A build script in its own temp folder, run by the real Cake runner (<c>dotnet Cake.dll</c>) as a user would.
/// The folder has a nuget.config whose only source is a temp feed holding the Cake.Domino package the build
/// produced, and the run uses a private NuGet package cache, so <c>#addin nuget:?package=Cake.Domino</c> loads
/// exactly that package.
/// </summary>
public sealed class CakeScript : IDisposable
{
    private readonly TempDirectory _root = new("domino-e2e-cake-");

    public CakeScript(string script)
    {
        Directory = _root.Combine("script");
        System.IO.Directory.CreateDirectory(Directory);
        var feed = _root.Combine("feed");
        System.IO.Directory.CreateDirectory(feed);
        File.Copy(TestPaths.CakeDominoPackage, Path.Combine(feed, Path.GetFileName(TestPaths.CakeDominoPackage)));
        NuGetConfig.WriteLocalFeed(Directory, feed);
        File.WriteAllText(Path.Combine(Directory, "build.cake"), script);
        PackageCache = _root.Combine("nuget-packages");
    }

    /// <summary>The script's folder (Cake's working directory).</summary>
    public string Directory { get; }

    /// <summary>The private NuGet package cache of the run.</summary>
    public string PackageCache { get; }

    /// <summary>Starts <c>dotnet Cake.dll build.cake --verbosity=...</c> with the given extra variables.</summary>
    public ProcessRunner Start(IReadOnlyDictionary<string, string?> environment, string verbosity = "diagnostic", params string[] arguments)
    {
        var env = new Dictionary<string, string?>(environment)
        {
            ["NUGET_PACKAGES"] = PackageCache,
        };
        return ProcessRunner.Start(
            "dotnet",
            [TestPaths.CakeDll, "build.cake", $"--verbosity={verbosity}", .. arguments],
            Directory,
            env,
            defaultSigint: true);
    }

    /// <summary>Runs the script to its end (bounded).</summary>
    public Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string?> environment, string verbosity = "diagnostic", params string[] arguments)
    {
        var runner = Start(environment, verbosity, arguments);
        return RunToEndAsync(runner);
    }

    public void Dispose() => _root.Dispose();

    private static async Task<ProcessResult> RunToEndAsync(ProcessRunner runner)
    {
        using (runner)
        {
            return await runner.WaitAsync(TimeSpan.FromMinutes(3));
        }
    }
}
