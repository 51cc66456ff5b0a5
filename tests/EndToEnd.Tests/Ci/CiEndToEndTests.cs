using System.Text.RegularExpressions;
using Domino.Client.Tests.Ci;
using EndToEnd.Tests.Cake;
using EndToEnd.Tests.Infrastructure;
using EndToEnd.Tests.MSBuild;

namespace EndToEnd.Tests.Ci;

/// <summary>
/// The real Cake runner and a real `dotnet build` against the emulator with a CI system in the environment: what
/// the build log, the GITHUB_OUTPUT file, the job summary and Azure Pipelines' logging commands receive.
/// </summary>
[Collection(MSBuildEndToEndGroup.Name)]
public sealed class CiEndToEndTests(MSBuildPackageFixture fixture) : IDisposable
{
    /// <summary>A run whose output tries to issue commands of both systems, then succeeds with one result file.</summary>
    private static readonly Dictionary<string, string> InjectScript = new()
    {
        ["inject.py"] = """
            import os
            print("::error::pwned", flush=True)
            print("##vso[task.setvariable variable=X]1", flush=True)
            os.makedirs("results", exist_ok=True)
            with open("results/out.txt", "w") as f:
                f.write("ok\n")
            print("injected", flush=True)
            """,
    };

    private static readonly Regex StartedRun = new(@"Started run (?<id>[0-9a-f]{24})", RegexOptions.Compiled);

    private readonly TempDirectory _ci = new("domino-e2e-ci-");

    private string OutputFile => Path.Combine(_ci.Path, "github_output");

    private string SummaryFile => Path.Combine(_ci.Path, "step_summary.md");

    [Fact]
    public async Task Cake_on_GitHub_Actions_leaves_exact_outputs_a_summary_a_fold_and_no_command_from_the_run_output()
    {
        await using var emulator = await EmulatorFixture.StartAsync(InjectScript);
        using var script = new CakeScript(Script("inject.py"));

        var result = await script.RunAsync(With(emulator.Environment, GitHub()), verbosity: "normal");

        Assert.True(result.ExitCode == 0, result.ToString());
        var runId = StartedRun.Match(result.StandardOutput).Groups["id"].Value;
        var outputs = GitHubOutputFile.Read(File.ReadAllText(OutputFile));
        Assert.Equal(runId, outputs["domino-run-id"]);
        Assert.Equal("Succeeded", outputs["domino-run-status"]);
        Assert.EndsWith($"#r/{runId}", outputs["domino-run-url"], StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{40}$", outputs["domino-output-commit"]);
        Assert.Equal(FilesUnder(Path.Combine(script.Directory, "out")).ToString(), outputs["domino-downloaded-count"]);
        Assert.DoesNotContain("X", outputs.Keys);

        var summary = File.ReadAllText(SummaryFile);
        Assert.Contains($"| {EmulatorFixture.Owner}/{EmulatorFixture.ProjectName} | [{runId}](", summary, StringComparison.Ordinal);
        Assert.Contains("| Succeeded |", summary, StringComparison.Ordinal);
        Assert.Contains("| results/out.txt | 3 B |", summary, StringComparison.Ordinal);

        var lines = Lines(result.StandardOutput);
        AssertFoldedWithCommandsStopped(lines, runId, "::error::pwned");
        Assert.DoesNotContain(Lines(result.AllOutput), l => l.StartsWith("::error", StringComparison.Ordinal) && !IsStopped(lines, l));
        Assert.DoesNotContain(emulator.ApiKey, result.AllOutput + summary + File.ReadAllText(OutputFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cake_on_GitHub_Actions_annotates_a_failed_run_once()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var script = new CakeScript(Script("fail.py"));

        var result = await script.RunAsync(With(emulator.Environment, GitHub()), verbosity: "normal");

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(Lines(result.AllOutput), l => l.StartsWith("::error", StringComparison.Ordinal));
        Assert.StartsWith("::error title=Domino run Failed::Run ", error, StringComparison.Ordinal);
        Assert.Contains("ERROR: column 'label' is missing from data/train.csv", error, StringComparison.Ordinal);
        Assert.Equal("Failed", GitHubOutputFile.Read(File.ReadAllText(OutputFile))["domino-run-status"]);
    }

    [Fact]
    public async Task Cake_on_Azure_Pipelines_sets_output_variables_uploads_a_summary_and_no_command_from_the_run_output()
    {
        await using var emulator = await EmulatorFixture.StartAsync(InjectScript);
        using var script = new CakeScript(Script("inject.py"));

        var result = await script.RunAsync(With(emulator.Environment, Azure()), verbosity: "normal");

        Assert.True(result.ExitCode == 0, result.ToString());
        var runId = StartedRun.Match(result.StandardOutput).Groups["id"].Value;
        var lines = Lines(result.AllOutput);
        Assert.Contains($"##[group]Domino run {runId} ({EmulatorFixture.Owner}/{EmulatorFixture.ProjectName})", lines);
        Assert.Contains("##[endgroup]", lines);
        Assert.Contains($"##vso[task.setvariable variable=DominoRunId;isOutput=true]{runId}", lines);
        Assert.Contains("##vso[task.setvariable variable=DominoRunStatus;isOutput=true]Succeeded", lines);
        Assert.Contains("# #vso[task.setvariable variable=X]1", lines);
        Assert.DoesNotContain(lines, l => l.Contains("##vso[task.setvariable variable=X", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("##vso[task.logissue", StringComparison.Ordinal));
        // One summary for the run and one for its files: the run's carries its link.
        var upload = Assert.Single(lines, l => l.StartsWith("##vso[task.uploadsummary]", StringComparison.Ordinal) && l.Contains($"domino-run-{runId}-", StringComparison.Ordinal) && !l.Contains("-files-", StringComparison.Ordinal));
        Assert.Contains($"[{runId}](", File.ReadAllText(upload["##vso[task.uploadsummary]".Length..]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MSBuild_on_GitHub_Actions_leaves_exact_outputs_a_summary_and_a_fold_and_no_annotation_for_a_good_run()
    {
        var folder = fixture.CreateConsumer("ci-github", DominoRun("main.py"));

        var result = await fixture.BuildAsync(folder, GitHub(), "-t:DominoRun");

        Assert.True(result.ExitCode == 0, result.ToString());
        var runId = Regex.Match(result.StandardOutput, "RUN\\|(?<id>[0-9a-f]{24})\\|").Groups["id"].Value;
        var outputs = GitHubOutputFile.Read(File.ReadAllText(OutputFile));
        Assert.Equal(runId, outputs["domino-run-id"]);
        Assert.Equal("Succeeded", outputs["domino-run-status"]);
        Assert.Matches("^[0-9a-f]{40}$", outputs["domino-output-commit"]);
        Assert.Equal(FilesUnder(Path.Combine(folder, "domino-results")).ToString(), outputs["domino-downloaded-count"]);
        var summary = File.ReadAllText(SummaryFile);
        Assert.Contains($"[{runId}](", summary, StringComparison.Ordinal);
        Assert.Contains("| File | Size |", summary, StringComparison.Ordinal);
        var results = Path.Combine(folder, "domino-results");
        foreach (var file in Directory.EnumerateFiles(results, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith(".domino-download", StringComparison.Ordinal)))
        {
            Assert.Contains($"{Path.GetFileName(file)} | ", summary, StringComparison.Ordinal);
        }

        var lines = Lines(result.StandardOutput);
        Assert.Contains($"::group::Domino run {runId} ({MSBuildPackageFixture.Project})", lines);
        Assert.Contains("::endgroup::", lines);
        Assert.DoesNotContain(Lines(result.AllOutput), l => l.StartsWith("::error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MSBuild_on_GitHub_Actions_annotates_a_failed_run_once_and_on_Azure_Pipelines_logs_one_issue()
    {
        var folder = fixture.CreateConsumer("ci-fail", DominoRun("fail.py"));

        var github = await fixture.BuildAsync(folder, GitHub(), "-t:DominoRun");
        var azure = await fixture.BuildAsync(folder, Azure(), "-t:DominoRun");

        Assert.NotEqual(0, github.ExitCode);
        Assert.StartsWith("::error title=Domino run Failed::", Assert.Single(Lines(github.AllOutput), l => l.StartsWith("::error", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.NotEqual(0, azure.ExitCode);
        Assert.Single(Lines(azure.AllOutput), l => l.StartsWith("##vso[task.logissue type=error]", StringComparison.Ordinal));
        Assert.Contains("##vso[task.setvariable variable=DominoRunStatus;isOutput=true]Failed", Lines(azure.AllOutput));
    }

    public void Dispose() => _ci.Dispose();

    private static string Script(string command) => $$"""
        #addin nuget:?package=Cake.Domino
        Task("Train").Does(() => {
            var run = DominoStartRun(new DominoStartRunSettings { Command = new[] { "{{command}}" } });
            var done = DominoWaitForRun(run);
            DominoDownloadResults(done, "./out", s => s.WithRemotePath("results"));
        });
        RunTarget("Train");
        """;

    private static string DominoRun(string command) => $"""
          <PropertyGroup>
            <DominoProject>{MSBuildPackageFixture.Project}</DominoProject>
            <DominoCommand>{command}</DominoCommand>
            <DominoResultsFolder>$(MSBuildProjectDirectory)/domino-results</DominoResultsFolder>
          </PropertyGroup>
          <Target Name="ShowDominoRun" AfterTargets="DominoRun">
            <Message Importance="high" Text="RUN|$(DominoRunId)|$(DominoRunStatus)" />
          </Target>
        """;

    private Dictionary<string, string?> GitHub()
    {
        File.WriteAllText(OutputFile, "");
        File.WriteAllText(SummaryFile, "");
        return new()
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = OutputFile,
            ["GITHUB_STEP_SUMMARY"] = SummaryFile,
        };
    }

    private Dictionary<string, string?> Azure() => new()
    {
        ["TF_BUILD"] = "True",
        ["SYSTEM_TEAMFOUNDATIONCOLLECTIONURI"] = "https://dev.azure.com/contoso/",
        ["AGENT_NAME"] = "Hosted Agent",
        ["AGENT_TEMPDIRECTORY"] = _ci.Path,
    };

    private static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> first, Dictionary<string, string?> second)
    {
        var all = new Dictionary<string, string?>(first);
        foreach (var (name, value) in second)
        {
            all[name] = value;
        }

        return all;
    }

    /// <summary>Lines as the CI runner reads them: leading blanks (MSBuild's indentation) do not matter.</summary>
    private static List<string> Lines(string output) => output.Split('\n').Select(l => l.TrimEnd('\r').TrimStart()).ToList();

    private static int FilesUnder(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count(f => !Path.GetFileName(f).StartsWith(".domino-download", StringComparison.Ordinal));

    /// <summary>The run's fold opens, stops commands with a token, prints <paramref name="injected"/> only while stopped, resumes and closes.</summary>
    private static void AssertFoldedWithCommandsStopped(List<string> lines, string runId, string injected)
    {
        var group = lines.IndexOf($"::group::Domino run {runId} ({EmulatorFixture.Owner}/{EmulatorFixture.ProjectName})");
        Assert.True(group >= 0, "The run's output is in a group.");
        var stop = lines.FindIndex(group, l => l.StartsWith("::stop-commands::", StringComparison.Ordinal));
        var token = lines[stop]["::stop-commands::".Length..];
        var resume = lines.IndexOf($"::{token}::", stop);
        var end = lines.IndexOf("::endgroup::", resume);
        Assert.True(stop > group && resume > stop && end > resume, "group, stop-commands, resume, endgroup in order");
        Assert.InRange(lines.IndexOf(injected), stop + 1, resume - 1);
        Assert.Single(lines, l => l == injected);
    }

    private static bool IsStopped(List<string> lines, string line)
    {
        var at = lines.IndexOf(line);
        var stop = lines.FindLastIndex(at, l => l.StartsWith("::stop-commands::", StringComparison.Ordinal));
        if (stop < 0)
        {
            return false;
        }

        var token = lines[stop]["::stop-commands::".Length..];
        var resume = lines.IndexOf($"::{token}::", stop);
        return at > stop && (resume < 0 || at < resume);
    }
}
