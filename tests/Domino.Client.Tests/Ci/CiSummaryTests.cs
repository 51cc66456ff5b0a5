using Domino.Client.Ci;

namespace Domino.Client.Tests.Ci;

public class CiSummaryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_run_table_has_project_link_status_word_duration_and_the_hardware_tier_when_known()
    {
        var run = new DominoRun { Id = CiFixture.RunId, Status = "Failed", Started = Start, Completed = Start.AddSeconds(65), HardwareTierId = "gpu-small" };

        var markdown = CiSummary.Run(CiFixture.Run, run);

        Assert.Equal(
            $"### Domino run {CiFixture.RunId}\n\n"
            + "| Project | Run | Status | Duration | Hardware tier |\n"
            + "| --- | --- | --- | --- | --- |\n"
            + $"| alice/churn-model | [{CiFixture.RunId}]({CiFixture.Run.Url.AbsoluteUri}) | Failed | 1 min 5 s | gpu-small |\n\n",
            markdown);
    }

    [Fact]
    public void A_run_table_leaves_out_an_unknown_hardware_tier_and_says_when_the_duration_is_unknown()
    {
        var markdown = CiSummary.Run(CiFixture.Run, new DominoRun { Id = CiFixture.RunId, Status = "Succeeded" });

        Assert.DoesNotContain("Hardware tier", markdown, StringComparison.Ordinal);
        Assert.Contains("| Succeeded | unknown |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_files_table_lists_each_file_with_its_size()
    {
        var report = Report(
            [File("results/model.pkl", 1536), File("results/a|b.csv", 12)],
            [File("results/unchanged.txt", 3 * 1024 * 1024)]);

        var markdown = CiSummary.Files(CiFixture.Run, "alice/churn-model", report);

        Assert.Contains($"#### Files downloaded from run [{CiFixture.RunId}](", markdown, StringComparison.Ordinal);
        Assert.Contains("| results/a\\|b.csv | 12 B |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| results/model.pkl | 1.5 KB |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| results/unchanged.txt (unchanged) | 3.0 MB |\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_files_table_is_capped_at_fifty_rows_and_counts_the_rest()
    {
        var files = Enumerable.Range(0, 73).Select(i => File($"results/f{i:000}.txt", i)).ToList();

        var markdown = CiSummary.Files(CiFixture.Run, "alice/churn-model", Report(files, []));

        var rows = markdown.Split('\n').Where(l => l.StartsWith("| results/", StringComparison.Ordinal)).ToList();
        Assert.Equal(50, rows.Count);
        Assert.Equal("| results/f049.txt | 49 B |", rows[^1]);
        Assert.Contains("| and 23 more | |\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_fifty_files_need_no_and_more_row()
    {
        var markdown = CiSummary.Files(CiFixture.Run, "alice/churn-model", Report(Enumerable.Range(0, 50).Select(i => File($"f{i}", 1)).ToList(), []));

        Assert.DoesNotContain("more", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_download_of_a_commit_whose_run_is_unknown_is_headed_by_the_commit()
    {
        var markdown = CiSummary.Files(null, "alice/churn-model", Report([File("a.txt", 1)], []));

        Assert.StartsWith("#### Files downloaded from commit c0ffee (alice/churn-model)\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_download_without_files_says_so_instead_of_an_empty_table()
    {
        Assert.Contains("No files matched.", CiSummary.Files(CiFixture.Run, "alice/churn-model", Report([], [])), StringComparison.Ordinal);
    }

    private static DominoDownloadedFile File(string path, long size) => new(path, "/tmp/" + path, "key", size);

    private static DominoDownloadReport Report(IReadOnlyList<DominoDownloadedFile> written, IReadOnlyList<DominoDownloadedFile> skipped) => new()
    {
        CommitId = "c0ffee",
        Destination = "/tmp",
        Written = written,
        Skipped = skipped,
        Failed = [],
        ManifestPath = "/tmp/.domino-download.json",
    };
}
