using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EndToEnd.Tests.MSBuild;

/// <summary>
/// Real `dotnet build -nodeReuse:false` runs of a project that restores Domino.MSBuild from a temporary feed,
/// against the in-process emulator, whose runs really execute the fixture's python scripts.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(MSBuildEndToEndGroup.Name)]
public sealed partial class MSBuildEndToEndTests(MSBuildPackageFixture fixture, ITestOutputHelper output)
{
    /// <summary>Prints the DominoRun target's output items, one line each, so the test can read them.</summary>
    private const string DominoRunBody = """
          <PropertyGroup>
            <DominoProject>alice/quick</DominoProject>
            <DominoCommand>main.py</DominoCommand>
            <DominoResultsFolder>$(MSBuildProjectDirectory)/domino-results</DominoResultsFolder>
          </PropertyGroup>
          <Target Name="ShowDominoRun" AfterTargets="DominoRun">
            <Message Importance="high" Text="RUN|$(DominoRunId)|$(DominoRunStatus)|$(DominoRunSucceeded)|$(DominoOutputCommitId)" />
            <Message Importance="high" Text="DOWNLOADED|%(DominoDownloadedFiles.RemotePath)|%(DominoDownloadedFiles.Size)|%(DominoDownloadedFiles.Key)|%(DominoDownloadedFiles.Identity)" Condition="'@(DominoDownloadedFiles)' != ''" />
            <Message Importance="high" Text="SKIPPED|%(DominoSkippedFiles.RemotePath)|%(DominoSkippedFiles.Size)" Condition="'@(DominoSkippedFiles)' != ''" />
            <Message Importance="high" Text="FILEWRITE|%(FileWrites.Identity)" Condition="'@(FileWrites)' != ''" />
          </Target>
        """;

    [Fact]
    public void The_package_holds_tasks_targets_and_readme_and_declares_no_dependencies()
    {
        using var package = ZipFile.OpenRead(fixture.PackagePath);
        var entries = package.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("build/Domino.MSBuild.props", entries);
        Assert.Contains("build/Domino.MSBuild.targets", entries);
        Assert.Contains("tasks/net8.0/Domino.MSBuild.dll", entries);
        Assert.Contains("tasks/net8.0/Domino.Client.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        using var nuspecStream = package.GetEntry("Domino.MSBuild.nuspec")!.Open();
        var nuspec = XDocument.Load(nuspecStream);
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("true", metadata.Element(ns + "developmentDependency")?.Value);
        Assert.Equal(fixture.PackageVersion, metadata.Element(ns + "version")?.Value);
        Assert.Empty(metadata.Descendants(ns + "dependency"));
    }

    [Fact]
    public async Task DominoRun_downloads_the_results_then_a_second_build_does_not_download_them_again_and_the_key_is_never_logged()
    {
        var folder = fixture.CreateConsumer("dominorun", DominoRunBody);
        var binlog = Path.Combine(folder, "first.binlog");

        // Other tests of this collection may already have run main.py on the shared emulator, leaving identical results
        // in the project: the first build asks for every file so that what it checks does not depend on their order.
        var first = await BuildAsync(folder, "-t:DominoRun", "-p:DominoIncludeUnchanged=true", "-v:diag", $"-bl:{binlog}");

        Assert.True(first.ExitCode == 0, first.ToString());
        var run = RunLine().Match(first.AllOutput);
        Assert.True(run.Success, first.AllOutput);
        Assert.Equal("Succeeded", run.Groups["status"].Value);
        Assert.Equal("true", run.Groups["succeeded"].Value, ignoreCase: true);
        Assert.Contains("hello from main.py", first.AllOutput); // the run's output streamed into the build log
        var results = Path.Combine(folder, "domino-results");
        Assert.Equal("epoch,loss\n1,0.9\n2,0.5\n3,0.42\n", File.ReadAllText(Path.Combine(results, "results", "plots", "curve.csv")));
        Assert.Contains("\"accuracy\": 0.93", File.ReadAllText(Path.Combine(results, "results", "metrics.json")));
        var downloaded = Lines(first.AllOutput, "DOWNLOADED");
        var curve = Assert.Single(downloaded, d => d[0] == "results/plots/curve.csv");
        Assert.Equal(new FileInfo(Path.Combine(results, "results", "plots", "curve.csv")).Length.ToString(), curve[1]);
        Assert.Matches("^[0-9a-f]{40}$", curve[2]);
        Assert.Equal(Path.Combine(results, "results", "plots", "curve.csv"), curve[3]);
        Assert.Contains(downloaded, d => d[0] == "results/metrics.json");
        Assert.Contains(Lines(first.AllOutput, "FILEWRITE"), f => f[0] == Path.Combine(results, "results", "metrics.json"));

        // The key: not in the diagnostic console output, not in the binary log (compressed or not).
        Assert.DoesNotContain(fixture.ApiKey, first.AllOutput);
        var binlogBytes = await File.ReadAllBytesAsync(binlog);
        Assert.True(binlogBytes.Length > 1000, "the binary log was written");
        Assert.DoesNotContain(fixture.ApiKey, Encoding.Latin1.GetString(binlogBytes));
        var inflated = Inflate(binlogBytes);
        Assert.Contains("DominoWaitForRun", Encoding.Latin1.GetString(inflated) + Encoding.Unicode.GetString(inflated));
        Assert.DoesNotContain(fixture.ApiKey, Encoding.UTF8.GetString(inflated));
        Assert.DoesNotContain(fixture.ApiKey, Encoding.Unicode.GetString(inflated));
        Assert.DoesNotContain(fixture.ApiKey, Encoding.Latin1.GetString(inflated));

        var second = await BuildAsync(folder, "-t:DominoRun");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.NotEqual(run.Groups["run"].Value, RunLine().Match(second.AllOutput).Groups["run"].Value);
        // The second run wrote the same results as the first, whose output commit it started from: it changed nothing,
        // so nothing is downloaded again, and the results of the first build stay.
        Assert.DoesNotContain(Lines(second.AllOutput, "DOWNLOADED"), d => d[0].StartsWith("results/", StringComparison.Ordinal));
        Assert.Contains("\"accuracy\": 0.93", File.ReadAllText(Path.Combine(results, "results", "metrics.json")));
        Assert.DoesNotContain(fixture.ApiKey, second.AllOutput);
    }

    [Fact]
    public async Task A_failing_run_fails_the_build_with_DOM008_naming_the_run_and_its_last_output()
    {
        var folder = fixture.CreateConsumer("failing", DominoRunBody);

        var result = await BuildAsync(folder, "-t:DominoRun", "-p:DominoCommand=fail.py");

        Assert.NotEqual(0, result.ExitCode);
        // A multi-line error: the console logger repeats the location and code on each of its lines.
        var error = result.AllOutput.Split('\n').First(l => l.Contains("error DOM008", StringComparison.Ordinal));
        Assert.Matches("run [0-9a-f]{24} ended with status Failed", error);
        Assert.Contains("#r/", error);
        Assert.Contains("fail.py: ValueError: the input is bad", result.AllOutput);
        Assert.DoesNotContain("MSB4018", result.AllOutput);
        Assert.DoesNotContain("DOWNLOADED|", result.AllOutput);
        Assert.False(Directory.Exists(Path.Combine(folder, "domino-results")));
        Assert.DoesNotContain(fixture.ApiKey, result.AllOutput);
    }

    [Fact]
    public async Task The_simplest_start_wait_download_target_works_exactly_as_documented()
    {
        // The three-task target docs/msbuild.md opens with, plus a target after it that prints the Got items.
        const string train = """
            <Target Name="Train">
              <DominoStartRun Project="alice/quick" Command="main.py;foo;1"><Output TaskParameter="RunId" PropertyName="RunId" /></DominoStartRun>
              <DominoWaitForRun Project="alice/quick" RunId="$(RunId)" />
              <DominoDownloadResults Project="alice/quick" RunId="$(RunId)" DestinationFolder="$(MSBuildThisFileDirectory)out">
                <Output TaskParameter="DownloadedFiles" ItemName="Got" />
              </DominoDownloadResults>
            </Target>
            <Target Name="ShowGot" AfterTargets="Train">
              <Message Importance="high" Text="GOT|%(Got.RemotePath)|%(Got.Identity)" />
            </Target>
            """;
        var folder = fixture.CreateConsumer("simplest", train);

        var result = await BuildAsync(folder, "-t:Train");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("hello from main.py foo 1", result.AllOutput);
        var got = Lines(result.AllOutput, "GOT");

        // The results are what the run wrote (metrics.json names its arguments, so it is new): not the project's own files.
        var metrics = Path.Combine(folder, "out", "results", "metrics.json");
        Assert.True(File.Exists(metrics), $"{metrics} was not downloaded:{Environment.NewLine}{result.AllOutput}");
        Assert.Contains(got, g => g[0] == "results/metrics.json" && g[1] == metrics);
        Assert.All(got, g => Assert.StartsWith("results/", g[0], StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(folder, "out", "main.py")), result.AllOutput);

        Assert.Contains("\"args\": [\"foo\", \"1\"]", File.ReadAllText(Path.Combine(folder, "out", "results", "metrics.json")));
    }

    [Fact]
    public async Task Ctrl_C_stops_waiting_at_once_reports_DOM010_and_stops_the_run()
    {
        var folder = fixture.CreateConsumer("cancel", DominoRunBody);
        var signalled = 0;

        // SIGINT, as Ctrl+C sends, once the run's own output shows it is running.
        var result = await fixture.BuildAsync(
            folder,
            (line, process) =>
            {
                if (line.Contains("slow.py is running", StringComparison.Ordinal) && Interlocked.Exchange(ref signalled, 1) == 0)
                {
                    process.Interrupt();
                }
            },
            "-t:DominoRun",
            "-p:DominoCommand=slow.py",
            "-p:DominoWaitTimeout=120"); // bounds the test should the cancel be lost
        output.WriteLine($"dotnet build (cancelled): exit {result.ExitCode} after {result.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(1, signalled);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error DOM010", result.AllOutput);
        Assert.Contains("cancelled by the user (this is not a timeout)", result.AllOutput);
        Assert.Contains("StopOnCancel is true, so Domino was asked to stop the run", result.AllOutput);
        Assert.DoesNotContain("slow.py finished", result.AllOutput);
        Assert.DoesNotContain("MSB4018", result.AllOutput);
        var runId = StartedRun().Match(result.AllOutput).Groups["run"].Value;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        Assert.Equal("Stopped", await fixture.Emulator.WaitForRunAsync(runId, timeout.Token));
    }

    [Fact]
    public async Task DominoRun_is_skipped_in_design_time_builds_and_a_missing_command_is_DOM002()
    {
        var folder = fixture.CreateConsumer("designtime", DominoRunBody);

        var designTime = await BuildAsync(folder, "-t:DominoRun", "-p:DesignTimeBuild=true");
        var noCommand = await BuildAsync(folder, "-t:DominoRun", "-p:DominoCommand=");

        Assert.True(designTime.ExitCode == 0, designTime.ToString());
        Assert.DoesNotContain("Domino: started run", designTime.AllOutput);
        Assert.False(RunLine().IsMatch(designTime.AllOutput), designTime.AllOutput);
        Assert.NotEqual(0, noCommand.ExitCode);
        Assert.Contains("error DOM002: The run command is empty (Command)", noCommand.AllOutput);
        Assert.DoesNotContain("MSB4018", noCommand.AllOutput);
    }

    [Fact]
    public async Task DominoRunAfterBuild_runs_in_a_real_build_records_FileWrites_and_Clean_removes_the_results()
    {
        const string body = """
              <PropertyGroup>
                <DominoProject>alice/quick</DominoProject>
                <DominoCommand>main.py</DominoCommand>
                <DominoRemotePath>results</DominoRemotePath>
                <DominoIncludeUnchanged>true</DominoIncludeUnchanged>
              </PropertyGroup>
            """;
        var folder = fixture.CreateConsumer("afterbuild", body);

        var plain = await BuildAsync(folder);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.DoesNotContain("hello from main.py", plain.AllOutput); // never hooked in unless asked

        var hooked = await BuildAsync(folder, "-p:DominoRunAfterBuild=true");
        Assert.True(hooked.ExitCode == 0, hooked.ToString());
        Assert.Contains("hello from main.py", hooked.AllOutput);
        var metrics = Directory.GetFiles(Path.Combine(folder, "bin"), "metrics.json", SearchOption.AllDirectories);
        var downloaded = Assert.Single(metrics);
        Assert.Contains(Path.Combine("domino-results", "results", "metrics.json"), downloaded);
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(folder, "bin"), "main.py", SearchOption.AllDirectories), _ => true); // RemotePath filtered
        var fileList = Assert.Single(Directory.GetFiles(Path.Combine(folder, "obj"), "*.FileListAbsolute.txt", SearchOption.AllDirectories));
        Assert.Contains(downloaded, File.ReadAllLines(fileList));

        var clean = await ProcessRunner.RunAsync(
            "dotnet", ["clean", "-nodeReuse:false"], folder,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = fixture.PackagesFolder }, MSBuildPackageFixture.BuildTimeout);
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.False(File.Exists(downloaded), "Clean removes the downloaded results");
    }

    private async Task<ProcessResult> BuildAsync(string folder, params string[] arguments)
    {
        var result = await fixture.BuildAsync(folder, arguments);
        output.WriteLine($"dotnet build {string.Join(' ', arguments)} in {Path.GetFileName(folder)}: exit {result.ExitCode} after {result.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    private static List<string[]> Lines(string output, string tag) =>
        output.Split('\n')
            .Select(line => TaskIdSuffix().Replace(NodePrefix().Replace(line.Trim(), string.Empty), string.Empty))
            .Where(line => line.StartsWith(tag + "|", StringComparison.Ordinal))
            .Select(line => line[(tag.Length + 1)..].Split('|'))
            .ToList();

    private static byte[] Inflate(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    [GeneratedRegex(@"RUN\|(?<run>[0-9a-f]{24})\|(?<status>\w+)\|(?<succeeded>\w+)\|(?<commit>[0-9a-f]{40})")]
    private static partial Regex RunLine();

    [GeneratedRegex(@"Domino: started run (?<run>[0-9a-f]{24})")]
    private static partial Regex StartedRun();

    /// <summary>The "1>" node prefix a multi-node build puts before lines at higher verbosities.</summary>
    [GeneratedRegex(@"^\d+>\s*")]
    private static partial Regex NodePrefix();

    /// <summary>The " (TaskId:52)" suffix of messages at diagnostic verbosity.</summary>
    [GeneratedRegex(@"\s+\(TaskId:\d+\)$")]
    private static partial Regex TaskIdSuffix();
}
