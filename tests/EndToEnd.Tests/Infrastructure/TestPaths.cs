using System.Reflection;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>Paths the build wrote into this assembly (AssemblyMetadata), so the tests find the real tools.</summary>
public static class TestPaths
{
    private static readonly IReadOnlyDictionary<string, string?> Metadata = typeof(TestPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .ToDictionary(a => a.Key, a => a.Value);

    /// <summary>The repository root, with a trailing separator.</summary>
    public static string RepoRoot => Get("RepoRoot");

    /// <summary>Cake.dll of the Cake.Tool 7.0.0 package.</summary>
    public static string CakeDll => Get("CakeDll");

    /// <summary>Where the build packs the packages (artifacts/packages).</summary>
    public static string PackagesDirectory => Get("PackagesDirectory");

    /// <summary>The version the build gave Cake.Domino.</summary>
    public static string CakeDominoVersion => Get("CakeDominoVersion");

    /// <summary>The configuration this assembly was built in (Debug, Release).</summary>
    public static string Configuration => Get("Configuration");

    /// <summary>samples/project.</summary>
    public static string SampleProject => Path.Combine(RepoRoot, "samples", "project");

    /// <summary>The Cake.Domino package the build produced.</summary>
    public static string CakeDominoPackage
    {
        get
        {
            var path = Path.Combine(PackagesDirectory, $"Cake.Domino.{CakeDominoVersion}.nupkg");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"The Cake.Domino package is missing: {path}. Build src/Cake.Domino first (it packs on build).", path);
        }
    }

    /// <summary>
    /// The framework-dependent Domino.Cli tool package the build produced (same version as the other packages):
    /// Domino.Cli.any where the build also made the native tool (Domino.Cli then only points to the two), else Domino.Cli.
    /// </summary>
    public static string CliPackage =>
        new[] { $"Domino.Cli.any.{CakeDominoVersion}.nupkg", $"Domino.Cli.{CakeDominoVersion}.nupkg" }
            .Select(name => Path.Combine(PackagesDirectory, name))
            .FirstOrDefault(path => File.Exists(path) && !IsPointer(path))
        ?? throw new FileNotFoundException($"The Domino.Cli package is missing from {PackagesDirectory}. Build src/Domino.Cli first (it packs on build).");

    /// <summary>Whether a tool package only points to RID-specific ones (it holds no tools/net*/ folder with the tool's files).</summary>
    private static bool IsPointer(string package)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(package);
        return !zip.Entries.Any(e => e.FullName.StartsWith("tools/net", StringComparison.Ordinal));
    }

    private static string Get(string key) =>
        Metadata.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw new InvalidOperationException($"The test assembly has no '{key}' metadata: build it with MSBuild.");
}
