using System.IO.Compression;
using System.Xml.Linq;
using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests.Cli;

/// <summary>
/// The packed <c>domino</c> tool, laid out as <c>dotnet tool install</c> lays it (the package's tools/net10.0/any
/// folder), and run as its shim does: <c>dotnet domino.dll ...</c>. Unpacked once per test class.
/// </summary>
public sealed class CliTool : IDisposable
{
    private readonly TempDirectory _root = new("domino-e2e-cli-");

    public CliTool()
    {
        ZipFile.ExtractToDirectory(TestPaths.CliPackage, _root.Path);
        var settings = XDocument.Load(Path.Combine(_root.Path, "tools", "net10.0", "any", "DotnetToolSettings.xml"));
        var command = settings.Descendants("Command").Single();
        CommandName = (string)command.Attribute("Name")!;
        EntryPoint = Path.Combine(_root.Path, "tools", "net10.0", "any", (string)command.Attribute("EntryPoint")!);
    }

    /// <summary>The cap the tool sets on its garbage collector's youngest generation (System.GC.Gen0MaxBudget, docs/cli.md).</summary>
    public const long Gen0MaxBudget = 16L << 20;

    /// <summary>The command name the package declares.</summary>
    public string CommandName { get; }

    /// <summary>The tool's entry assembly inside the unpacked package.</summary>
    public string EntryPoint { get; }

    /// <summary>The <c>configProperties</c> of the tool's <c>domino.runtimeconfig.json</c>: the runtime settings it ships.</summary>
    public System.Text.Json.JsonElement RuntimeSettings() => ReadRuntimeSettings(Path.ChangeExtension(EntryPoint, ".runtimeconfig.json"));

    /// <summary>The <c>configProperties</c> of a <c>runtimeconfig.json</c>.</summary>
    public static System.Text.Json.JsonElement ReadRuntimeSettings(string path)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    /// <summary>Whether an assembly carries ReadyToRun code (its CLI header points to a native header).</summary>
    public static bool IsPrecompiled(string assemblyPath)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assemblyPath));
        return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }

    /// <summary>Starts the tool in <paramref name="workingDirectory"/> with only the given variables of ours (no inherited DOMINO_*).</summary>
    public ProcessRunner Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, IEnumerable<string> arguments, Action<string, ProcessRunner>? onLine = null) =>
        ProcessRunner.Start("dotnet", [EntryPoint, .. arguments], workingDirectory, environment, defaultSigint: true, onLine: onLine);

    public async Task<ProcessResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        using var runner = Start(workingDirectory, environment, arguments);
        return await runner.WaitAsync(TimeSpan.FromMinutes(2));
    }

    public void Dispose() => _root.Dispose();
}
