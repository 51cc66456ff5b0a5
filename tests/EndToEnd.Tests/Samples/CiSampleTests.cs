using System.Text.Json;
using System.Text.RegularExpressions;
using EndToEnd.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace EndToEnd.Tests.Samples;

/// <summary>
/// The sample pipelines under samples/ci are valid YAML, run the commands the README tells users to run, and read
/// the step outputs the core writes; the README pins the versions this repository builds.
/// </summary>
public class CiSampleTests
{
    private static readonly string[] GitHubOutputs = ["domino-run-id", "domino-run-status", "domino-run-url", "domino-output-commit", "domino-downloaded-count"];
    private static readonly string[] AzureOutputs = ["DominoRunId", "DominoRunStatus", "DominoRunUrl", "DominoOutputCommit", "DominoDownloadedCount"];

    [Fact]
    public void The_GitHub_workflow_parses_and_runs_the_README_commands_in_a_step_whose_outputs_it_reads()
    {
        var root = Load("github-actions.yml");
        var job = Assert.IsType<YamlMappingNode>(Assert.Single(Mapping(root, "jobs").Children.Values));
        var steps = Sequence(job.Children[new YamlScalarNode("steps")]);
        var runs = steps.Select(s => Scalar(s, "run")).Where(r => r is not null).Select(r => r!).ToList();

        AssertRunsTheReadmeCommands(runs);
        var domino = Assert.Single(steps, s => Scalar(s, "id") == "domino");
        Assert.Equal("dotnet cake build.cake --target=Train", Scalar(domino, "run"));
        Assert.Equal("${{ secrets.DOMINO_USER_API_KEY }}", Scalar(Mapping(domino, "env"), "DOMINO_USER_API_KEY"));
        var later = string.Join("\n", runs);
        Assert.All(GitHubOutputs, name => Assert.Contains($"steps.domino.outputs.{name}", later, StringComparison.Ordinal));
    }

    [Fact]
    public void The_Azure_pipeline_parses_and_runs_the_README_commands_in_a_step_whose_output_variables_it_reads()
    {
        var root = Load("azure-pipelines.yml");
        var steps = Sequence(root.Children[new YamlScalarNode("steps")]);
        var scripts = steps.Select(s => Scalar(s, "script")).Where(r => r is not null).Select(r => r!).ToList();

        AssertRunsTheReadmeCommands(scripts);
        var domino = Assert.Single(steps, s => Scalar(s, "name") == "domino");
        Assert.Equal("dotnet cake build.cake --target=Train", Scalar(domino, "script"));
        Assert.Equal("$(DOMINO_USER_API_KEY)", Scalar(Mapping(domino, "env"), "DOMINO_USER_API_KEY"));
        var later = string.Join("\n", scripts);
        Assert.All(AzureOutputs, name => Assert.Contains($"$(domino.{name})", later, StringComparison.Ordinal));
    }

    [Fact]
    public void The_README_pins_the_Cake_runner_of_the_tool_manifest_and_the_add_in_version_this_repository_builds()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, ".config", "dotnet-tools.json")));
        var cakeVersion = manifest.RootElement.GetProperty("tools").GetProperty("cake.tool").GetProperty("version").GetString();

        Assert.Contains("dotnet new tool-manifest\n", readme, StringComparison.Ordinal);
        Assert.Contains($"dotnet tool install Cake.Tool --version {cakeVersion}\n", readme, StringComparison.Ordinal);
        Assert.Contains($"#addin nuget:?package=Cake.Domino&version={TestPaths.CakeDominoVersion}\n", readme, StringComparison.Ordinal);
        Assert.Contains($"<PackageReference Include=\"Domino.MSBuild\"\nVersion=\"{TestPaths.CakeDominoVersion}\"", readme, StringComparison.Ordinal);
    }

    /// <summary>Every <c>dotnet</c> command of the README's setup block that CI needs is run, and every one run is in the README.</summary>
    private static void AssertRunsTheReadmeCommands(IReadOnlyList<string> steps)
    {
        var readmeCommands = ReadmeSetupCommands();
        var run = steps.SelectMany(s => s.Split('\n')).Select(l => l.Trim()).Where(l => l.StartsWith("dotnet ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(run);
        Assert.All(run, command => Assert.Contains(command, readmeCommands));
        Assert.Contains("dotnet tool restore", run);
        Assert.Contains("dotnet cake build.cake --target=Train", run);
    }

    private static List<string> ReadmeSetupCommands()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        var section = readme[readme.IndexOf("## Use it in your own repository", StringComparison.Ordinal)..];
        var block = Regex.Match(section, "```bash\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        return block.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
    }

    private static YamlMappingNode Load(string name)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "samples", "ci", name))))
        {
            stream.Load(reader);
        }

        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    private static YamlMappingNode Mapping(YamlNode node, string key) =>
        Assert.IsType<YamlMappingNode>(((YamlMappingNode)node).Children[new YamlScalarNode(key)]);

    private static List<YamlMappingNode> Sequence(YamlNode node) =>
        Assert.IsType<YamlSequenceNode>(node).Children.Select(Assert.IsType<YamlMappingNode>).ToList();

    private static string? Scalar(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value?.TrimEnd('\n') : null;
}
