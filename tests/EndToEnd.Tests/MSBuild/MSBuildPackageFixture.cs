using System.Globalization;
using Domino.Emulator;
using EndToEnd.Tests.Infrastructure;

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

    private readonly TempDirectory _root = new("domino-msbuild-e2e-");
    private EmulatorFixture? _emulator;

    /// <summary>A long random key: the tests assert it appears nowhere in the build's output or binary log.</summary>
    public string ApiKey => EmulatorFixture.ApiKey;

    public string Root => _root.Path;

    public string Feed => Path.Combine(Root, "feed");

    public string PackagesFolder => Path.Combine(Root, "nuget-packages");

    /// <summary>A version no cache anywhere can already hold.</summary>
    public string PackageVersion { get; } = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    public string PackagePath => Path.Combine(Feed, $"Domino.MSBuild.{PackageVersion}.nupkg");

    public Uri Host => Emulator.BaseAddress;

    public DominoEmulator Emulator => EmulatorFixture.Emulator;

    public ProcessResult? PackResult { get; private set; }

    private EmulatorFixture EmulatorFixture => _emulator ?? throw new InvalidOperationException("The emulator is not running.");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(PackagesFolder);

        // The package exactly as `dotnet pack` makes it; PackageVersion alone changes no assembly, so nothing rebuilds.
        PackResult = await ProcessRunner.RunAsync(
            "dotnet",
            ["pack", Path.Combine(TestPaths.RepoRoot, "src", "Domino.MSBuild", "Domino.MSBuild.csproj"), "-c", TestPaths.Configuration,
             "-o", Feed, $"-p:PackageVersion={PackageVersion}", "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            TestPaths.RepoRoot,
            new Dictionary<string, string?>(),
            BuildTimeout);
        if (PackResult.ExitCode != 0 || !File.Exists(PackagePath))
        {
            throw new InvalidOperationException($"dotnet pack failed: {PackResult}");
        }

        _emulator = await EmulatorFixture.StartAsync(projectSource: Path.Combine(AppContext.BaseDirectory, "MSBuild", "Fixtures", "quick"));
    }

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _root.Dispose();
    }

    /// <summary>
    /// Creates a consumer project in a new folder: a nuget.config listing only the temporary feed, and App.csproj
    /// referencing the package, with <paramref name="body"/> inside its Project element.
    /// </summary>
    public string CreateConsumer(string name, string body)
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        NuGetConfig.WriteLocalFeed(folder, Feed);
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
    public Task<ProcessResult> BuildAsync(string folder, params string[] arguments) => BuildAsync(folder, (Action<string, ProcessRunner>?)null, arguments);

    /// <summary>
    /// Runs `dotnet build`, calling <paramref name="onLine"/> with each line of its output as it comes (then with
    /// SIGINT at its default action, so the callback can interrupt the build as Ctrl+C would).
    /// </summary>
    public Task<ProcessResult> BuildAsync(string folder, Action<string, ProcessRunner>? onLine, params string[] arguments) =>
        BuildAsync(folder, onLine, new Dictionary<string, string?>(), arguments);

    /// <summary>
    /// Runs `dotnet build` with <paramref name="environment"/> added to the emulator's host and key (a CI system's variables);
    /// a variable given there wins (for example <c>DOMINO_API_HOST</c> of another emulator).
    /// </summary>
    public Task<ProcessResult> BuildAsync(string folder, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        BuildAsync(folder, null, environment, arguments);

    private Task<ProcessResult> BuildAsync(string folder, Action<string, ProcessRunner>? onLine, IReadOnlyDictionary<string, string?> environment, string[] arguments)
    {
        var variables = new Dictionary<string, string?>
        {
            ["DOMINO_API_HOST"] = Host.ToString(),
            ["DOMINO_USER_API_KEY"] = ApiKey,
            ["NUGET_PACKAGES"] = PackagesFolder,
        };
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        return ProcessRunner.RunAsync(
            "dotnet",
            ["build", "-nodeReuse:false", "--disable-build-servers", "-clp:NoSummary", .. arguments],
            folder,
            variables,
            BuildTimeout,
            defaultSigint: onLine is not null,
            onLine);
    }
}

[CollectionDefinition(Name)]
public sealed class MSBuildEndToEndGroup : ICollectionFixture<MSBuildPackageFixture>
{
    public const string Name = "MSBuild end to end";
}
