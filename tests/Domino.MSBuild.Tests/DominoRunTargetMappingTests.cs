using System.Xml.Linq;

namespace Domino.MSBuild.Tests;

/// <summary>
/// The DominoRun target of build/Domino.MSBuild.targets hands each property to the task parameter docs/msbuild.md
/// says it sets (the end-to-end tests build it against the emulator for the tier and the API mode).
/// </summary>
public class DominoRunTargetMappingTests
{
    private static readonly XElement Target = XDocument.Load(TargetsFile()).Root!.Elements("Target").Single(t => (string?)t.Attribute("Name") == "DominoRun");

    [Theory]
    [InlineData("HardwareTier", "$(DominoHardwareTier)")]
    [InlineData("Tier", "$(DominoTier)")]
    [InlineData("EnvironmentId", "$(DominoEnvironmentId)")]
    [InlineData("Branch", "$(DominoBranch)")]
    [InlineData("GitRef", "$(DominoGitRef)")]
    [InlineData("CommitId", "$(DominoCommitId)")]
    [InlineData("ExternalVolumeMounts", "$(DominoExternalVolumeMounts)")]
    [InlineData("ComputeCluster", "@(DominoComputeCluster)")]
    [InlineData("Api", "$(DominoApi)")]
    public void DominoRun_passes_the_property_to_DominoStartRun(string parameter, string value) =>
        Assert.Equal(value, (string?)Task("DominoStartRun").Attribute(parameter));

    [Theory]
    [InlineData("DominoWaitForRun")]
    [InlineData("DominoDownloadResults")]
    public void DominoRun_passes_DominoApi_to_every_task_that_talks_to_Domino(string task) =>
        Assert.Equal("$(DominoApi)", (string?)Task(task).Attribute("Api"));

    [Fact]
    public void Every_DominoStartRun_parameter_of_the_target_is_a_property_of_the_task()
    {
        var parameters = typeof(DominoStartRun).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(Task("DominoStartRun").Attributes().Select(a => a.Name.LocalName), name => Assert.Contains(name, parameters));
    }

    private static XElement Task(string name) => Assert.Single(Target.Elements(name));

    private static string TargetsFile() => RepoFiles.PathOf("src/Domino.MSBuild/build/Domino.MSBuild.targets");
}
