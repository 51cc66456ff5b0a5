using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using Domino.Emulator;

namespace EndToEnd.Tests.MSBuild;

/// <summary>
/// Once per test run: packs src/Domino.MSBuild to a temporary feed under a unique version, and starts the in-process
/// emulator with project alice/quick (the fixture's main.py and fail.py). Each test then gets a fresh consumer
/// project that restores the package from that feed into an isolated NuGet cache.
/// </summary>
public sealed class MSBuildPackageFixture : IAsyncLifetime
{
    public const string Project = "alice/quick";

    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    private DominoEmulator? _emulator;

    /// <summary>A long random key: the tests assert it appears nowhere in the build's output or binary log.</summary>
    public string ApiKey { get; } = "e2e-key-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "domino-msbuild-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    public string Feed => Path.Combine(Root, "feed");

    public string PackagesFolder => Path.Combine(Root, "nuget-packages");

    /// <summary>A version no cache anywhere can already hold.</summary>
    public string PackageVersion { get; } = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    public string PackagePath => Path.Combine(Feed, $"Domino.MSBuild.{PackageVersion}.nupkg");

    public Uri Host => Emulator.BaseAddress;

    public DominoEmulator Emulator => _emulator ?? throw new InvalidOperationException("The emulator is not running.");

    public ProcessResult? PackResult { get; private set; }

    private static string RepositoryRoot => Metadata("RepoRoot");

    private static string Configuration => Metadata("Configuration");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(PackagesFolder);

        // The package exactly as `dotnet pack` makes it; PackageVersion alone changes no assembly, so nothing rebuilds.
        PackResult = await ProcessRunner.RunAsync(
            "dotnet",
            ["pack", Path.Combine(RepositoryRoot, "src", "Domino.MSBuild", "Domino.MSBuild.csproj"), "-c", Configuration,
             "-o", Feed, $"-p:PackageVersion={PackageVersion}", "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            RepositoryRoot,
            new Dictionary<string, string>(),
            BuildTimeout);
        if (PackResult.ExitCode != 0 || !File.Exists(PackagePath))
        {
            throw new InvalidOperationException($"dotnet pack failed: {PackResult}");
        }

        var projectFolder = Path.Combine(AppContext.BaseDirectory, "MSBuild", "Fixtures", "quick");
        var options = new DominoEmulatorOptions { DataDirectory = Path.Combine(Root, "emulator-data") };
        options.ApiKeys.Add(ApiKey);
        options.Projects[Project] = projectFolder;
        _emulator = await DominoEmulator.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort: a temp folder.
        }
    }

    /// <summary>
    /// Creates a consumer project in a new folder: a nuget.config listing only the temporary feed, and App.csproj
    /// referencing the package, with <paramref name="body"/> inside its Project element.
    /// </summary>
    public string CreateConsumer(string name, string body)
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="e2e" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <UseSharedCompilation>false</UseSharedCompilation>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Domino.MSBuild" Version="{PackageVersion}" />
              </ItemGroup>
            {body}
            </Project>
            """);
        return folder;
    }

    /// <summary>Runs `dotnet build` in <paramref name="folder"/> with the emulator's host and key in the environment.</summary>
    public Task<ProcessResult> BuildAsync(string folder, params string[] arguments) => BuildAsync(folder, null, arguments);

    /// <summary>Runs `dotnet build`, calling <paramref name="onLine"/> with each line of its output as it comes.</summary>
    public Task<ProcessResult> BuildAsync(string folder, Action<string, System.Diagnostics.Process>? onLine, params string[] arguments) =>
        ProcessRunner.RunAsync(
            "dotnet",
            ["build", "-nodeReuse:false", "--disable-build-servers", "-clp:NoSummary", .. arguments],
            folder,
            new Dictionary<string, string>
            {
                ["DOMINO_API_HOST"] = Host.ToString(),
                ["DOMINO_USER_API_KEY"] = ApiKey,
                ["NUGET_PACKAGES"] = PackagesFolder,
            },
            BuildTimeout,
            onLine);

    private static string Metadata(string key) =>
        typeof(MSBuildPackageFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"No {key} metadata.");
}

[CollectionDefinition(Name)]
public sealed class MSBuildEndToEndGroup : ICollectionFixture<MSBuildPackageFixture>
{
    public const string Name = "MSBuild end to end";
}
