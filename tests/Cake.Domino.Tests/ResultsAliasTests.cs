using Cake.Core;
using Cake.Core.IO;
using Domino.Client;
using Moq;
using Path = System.IO.Path;

namespace Cake.Domino.Tests;

public sealed class ResultsAliasTests : IDisposable
{
    private readonly FakeCakeContext _context = new();

    public ResultsAliasTests() => Runs.SetupStart(_context);

    public void Dispose() => _context.Dispose();

    private DominoRunResult FinishedRun(string? outputCommit = Runs.OutputCommitId)
    {
        _context.Project.Setup(p => p.WaitForRunAsync(It.IsAny<string>(), It.IsAny<DominoWaitOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Runs.Run("Succeeded", outputCommit));
        return _context.DominoWaitForRun(_context.DominoStartRun(s => s.WithCommand("main.py")));
    }

    private DominoDownloadReport Report(string destination) => new()
    {
        CommitId = Runs.OutputCommitId,
        Destination = destination,
        Written = new[]
        {
            new DominoDownloadedFile("results/summary.txt", Path.Combine(destination, "results", "summary.txt"), "k1", 10),
            new DominoDownloadedFile("main.py", Path.Combine(destination, "main.py"), "k2", 20),
        },
        Skipped = new[] { new DominoDownloadedFile("results/metrics.json", Path.Combine(destination, "results", "metrics.json"), "k3", 30) },
        Failed = Array.Empty<DominoDownloadFailure>(),
        BytesWritten = 30,
        ManifestPath = Path.Combine(destination, ".domino-download.json"),
    };

    [Fact]
    public void DownloadResults_downloads_the_results_of_the_run_it_was_given_into_the_destination_made_absolute()
    {
        var done = FinishedRun();
        var expected = Path.Combine(_context.WorkingDirectory, "out");
        _context.Project.Setup(p => p.DownloadResultsAsync(It.Is<DominoRun>(r => r.OutputCommitId == Runs.OutputCommitId), expected, It.IsAny<DominoDownloadOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Report(expected));

        var files = _context.DominoDownloadResults(done, "./out");

        Assert.Equal(
            new[] { "main.py", "results/metrics.json", "results/summary.txt" }.Select(p => Path.Combine(expected, p)),
            files.Select(f => f.FullPath));
        Assert.All(files, f => Assert.True(f.IsRelative == false));
    }

    [Fact]
    public void DownloadResults_of_a_run_without_a_known_commit_asks_the_client_by_run_id()
    {
        var started = _context.DominoStartRun(s => s.WithCommand("main.py"));
        var expected = Path.Combine(_context.WorkingDirectory, "out");
        _context.Project.Setup(p => p.DownloadResultsAsync(Runs.RunId, expected, It.IsAny<DominoDownloadOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Report(expected));

        var files = _context.DominoDownloadResults(started, "out");

        Assert.Equal(3, files.Count);
    }

    [Fact]
    public void DownloadResults_maps_every_download_setting()
    {
        var done = FinishedRun();
        DominoDownloadOptions? options = null;
        var progress = new List<DominoDownloadProgress>();
        _context.Project.Setup(p => p.DownloadResultsAsync(It.IsAny<DominoRun>(), It.IsAny<string>(), It.IsAny<DominoDownloadOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((DominoRun _, string d, DominoDownloadOptions? o, CancellationToken _) =>
            {
                options = o;
                o!.Progress!.Report(new DominoDownloadProgress(1, 3, 10, 60));
                return Task.FromResult(Report(d));
            });

        _context.DominoDownloadResults(done, "/abs/out", s =>
        {
            s.WithRemotePath("results", strip: true).WithInclude("**/*.json", "**/*.txt").WithExclude("**/tmp/**").WithMaxParallelism(3).WithSkipUnchanged(false).All().WithMaxOutage(TimeSpan.FromMinutes(1));
            s.ThrowOnFailure = false;
            s.ManifestFileName = "manifest.json";
            s.OnProgress = progress.Add;
        });

        Assert.Equal("results", options!.RemotePath);
        Assert.True(options.StripRemotePath);
        Assert.Equal(new[] { "**/*.json", "**/*.txt" }, options.Include);
        Assert.Equal(new[] { "**/tmp/**" }, options.Exclude);
        Assert.Equal(3, options.MaxParallelism);
        Assert.False(options.SkipUnchanged);
        Assert.True(options.IncludeUnchanged);
        Assert.Equal(TimeSpan.FromMinutes(1), options.MaxOutage);
        Assert.False(options.ThrowOnFailure);
        Assert.Equal("manifest.json", options.ManifestFileName);
        Assert.Single(progress);
    }

    [Fact]
    public void DownloadResults_keeps_the_client_defaults_for_unset_settings()
    {
        var done = FinishedRun();
        DominoDownloadOptions? options = null;
        var defaults = new DominoDownloadOptions();
        _context.Project.Setup(p => p.DownloadResultsAsync(It.IsAny<DominoRun>(), It.IsAny<string>(), It.IsAny<DominoDownloadOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((DominoRun _, string d, DominoDownloadOptions? o, CancellationToken _) =>
            {
                options = o;
                return Task.FromResult(Report(d));
            });

        _context.DominoDownloadResults(done, "out");

        Assert.Null(options!.RemotePath);
        Assert.False(options.StripRemotePath);
        Assert.Empty(options.Include);
        Assert.Empty(options.Exclude);
        Assert.Equal(defaults.MaxParallelism, options.MaxParallelism);
        Assert.True(options.SkipUnchanged);
        Assert.False(options.IncludeUnchanged);
        Assert.Equal(defaults.MaxOutage, options.MaxOutage);
        Assert.True(options.ThrowOnFailure);
        Assert.Equal(defaults.ManifestFileName, options.ManifestFileName);
        Assert.Null(options.Progress);
    }

    [Fact]
    public void DownloadResults_turns_a_download_error_into_a_CakeException()
    {
        var done = FinishedRun();
        var failure = new DominoDownloadException("results/../../evil would land outside the destination");
        _context.Project.Setup(p => p.DownloadResultsAsync(It.IsAny<DominoRun>(), It.IsAny<string>(), It.IsAny<DominoDownloadOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(failure);

        var error = Assert.Throws<CakeException>(() => _context.DominoDownloadResults(done, "out"));

        Assert.Same(failure, error.InnerException);
        Assert.Contains("outside the destination", error.Message);
    }

    [Fact]
    public void DominoRun_starts_waits_and_downloads()
    {
        _context.Project.Setup(p => p.WaitForRunAsync(Runs.RunId, It.IsAny<DominoWaitOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Runs.Run("Succeeded"));
        var expected = Path.Combine(_context.WorkingDirectory, "results-here");
        DominoWaitOptions? waitOptions = null;
        _context.Project.Setup(p => p.WaitForRunAsync(Runs.RunId, It.IsAny<DominoWaitOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((string _, DominoWaitOptions? o, CancellationToken _) => waitOptions = o)
            .ReturnsAsync(Runs.Run("Succeeded"));
        _context.Project.Setup(p => p.DownloadResultsAsync(It.Is<DominoRun>(r => r.OutputCommitId == Runs.OutputCommitId), expected, It.IsAny<DominoDownloadOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Report(expected));

        var outcome = _context.DominoRun(s => s.WithCommand("main.py", "foo", "1").WithDestination("results-here").WithWait(w => w.WithTimeout(TimeSpan.FromMinutes(3))));

        Assert.True(outcome.Run.IsSucceeded);
        Assert.Equal(expected, outcome.Destination!.FullPath);
        Assert.Equal(3, outcome.Files.Count);
        Assert.Equal(TimeSpan.FromMinutes(3), waitOptions!.Timeout);
    }

    [Fact]
    public void DominoRun_uses_one_client_for_start_wait_and_download()
    {
        // Given a run that succeeds with results
        var expected = Path.Combine(_context.WorkingDirectory, "out");
        _context.Project.Setup(p => p.WaitForRunAsync(Runs.RunId, It.IsAny<DominoWaitOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Runs.Run("Succeeded"));
        _context.Project.Setup(p => p.DownloadResultsAsync(It.Is<DominoRun>(r => r.OutputCommitId == Runs.OutputCommitId), expected, It.IsAny<DominoDownloadOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Report(expected));

        // When DominoRun starts it, waits for it and downloads its results
        _context.DominoRun(s => s.WithCommand("main.py").WithDestination("out"));

        // Then all three steps went through one client, made once from the settings
        Assert.Single(_context.CreatedOptions);
        _context.Project.Verify(p => p.DownloadResultsAsync(It.Is<DominoRun>(r => r.OutputCommitId == Runs.OutputCommitId), expected, It.IsAny<DominoDownloadOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public void DominoRun_without_a_destination_downloads_nothing()
    {
        _context.Project.Setup(p => p.WaitForRunAsync(Runs.RunId, It.IsAny<DominoWaitOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Runs.Run("Succeeded"));

        var outcome = _context.DominoRun(new DominoRunSettings { Command = new[] { "main.py" } });

        Assert.Empty(outcome.Files);
        Assert.Null(outcome.Destination);
        _context.Project.Verify(p => p.DownloadResultsAsync(It.IsAny<DominoRun>(), It.IsAny<string>(), It.IsAny<DominoDownloadOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void DownloadFile_uses_the_output_commit_and_an_absolute_local_path()
    {
        var done = FinishedRun();
        var expected = Path.Combine(_context.WorkingDirectory, "m.json");
        _context.Project.Setup(p => p.DownloadFileAsync(Runs.OutputCommitId, "results/metrics.json", expected, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DominoDownloadedFile("results/metrics.json", expected, "k", 5));

        var file = _context.DominoDownloadFile(done, "results/metrics.json", "m.json");

        Assert.Equal(expected, file.FullPath);
    }

    [Fact]
    public void DownloadFile_of_a_started_run_looks_up_its_output_commit()
    {
        var started = _context.DominoStartRun(s => s.WithCommand("main.py"));
        _context.Project.Setup(p => p.GetRunAsync(Runs.RunId, It.IsAny<CancellationToken>())).ReturnsAsync(Runs.Run("Succeeded"));
        _context.Project.Setup(p => p.DownloadFileAsync(Runs.OutputCommitId, "a.txt", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string r, string l, CancellationToken _) => new DominoDownloadedFile(r, l, "k", 1));

        var file = _context.DominoDownloadFile(started, "a.txt", "a.txt");

        Assert.EndsWith("a.txt", file.FullPath);
    }

    [Fact]
    public void DownloadFile_of_a_run_without_results_is_a_CakeException()
    {
        var started = _context.DominoStartRun(s => s.WithCommand("main.py"));
        _context.Project.Setup(p => p.GetRunAsync(Runs.RunId, It.IsAny<CancellationToken>())).ReturnsAsync(Runs.Run("Running", null));

        var error = Assert.Throws<CakeException>(() => _context.DominoDownloadFile(started, "a.txt", "a.txt"));

        Assert.Contains("no results yet", error.Message);
        Assert.Contains("Running", error.Message);
    }

    [Fact]
    public void ListFiles_lists_the_output_commit_under_the_path()
    {
        var done = FinishedRun();
        var listed = new[] { new DominoFile { Path = "results/a.json", Key = "k", Size = 3 } };
        _context.Project.Setup(p => p.ListFilesAsync(Runs.OutputCommitId, "results", It.IsAny<CancellationToken>())).ReturnsAsync(listed);

        var files = _context.DominoListFiles(done, new DominoListFilesSettings().WithPath("results"));

        Assert.Same(listed, files);
    }

    [Fact]
    public void ListFiles_by_commit_id_uses_that_commit()
    {
        _context.Project.Setup(p => p.ListFilesAsync(Runs.CommitId, null, It.IsAny<CancellationToken>())).ReturnsAsync(Array.Empty<DominoFile>());

        var files = _context.DominoListFiles(Runs.CommitId, new DominoListFilesSettings());

        Assert.Empty(files);
        _context.Project.Verify(p => p.ListFilesAsync(Runs.CommitId, null, It.IsAny<CancellationToken>()));
    }

    [Fact]
    public void UploadFile_streams_the_local_file_made_absolute()
    {
        File.WriteAllText(Path.Combine(_context.WorkingDirectory, "train.csv"), "a,b\n1,2\n");
        string? uploadedText = null;
        _context.Project.Setup(p => p.UploadFileAsync("data/train.csv", It.IsAny<Stream>(), It.IsAny<CancellationToken>()))
            .Returns((string path, Stream s, CancellationToken _) =>
            {
                uploadedText = new StreamReader(s).ReadToEnd();
                return Task.FromResult(new DominoFile { Path = path, Key = "k", Size = 8 });
            });

        var file = _context.DominoUploadFile("train.csv", "data/train.csv");

        Assert.Equal("a,b\n1,2\n", uploadedText);
        Assert.Equal("data/train.csv", file.Path);
    }

    [Fact]
    public void UploadFile_of_a_missing_file_is_a_CakeException()
    {
        var error = Assert.Throws<CakeException>(() => _context.DominoUploadFile("missing.csv", "data/x.csv"));

        Assert.Contains(Path.Combine(_context.WorkingDirectory, "missing.csv"), error.Message);
    }

    [Fact]
    public void GetRun_and_ListRuns_return_runs_with_their_urls()
    {
        _context.Project.Setup(p => p.GetRunAsync(Runs.RunId, It.IsAny<CancellationToken>())).ReturnsAsync(Runs.Run("Running", null));
        _context.Project.Setup(p => p.ListRunsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new[] { Runs.Run("Succeeded"), Runs.Run("Failed", null) });

        var one = _context.DominoGetRun(Runs.RunId);
        var all = _context.DominoListRuns(new DominoSettings { Project = "alice/quick" });

        Assert.Equal("Running", one.Status);
        Assert.False(one.IsFinished);
        Assert.Equal(new Uri($"http://127.0.0.1:9999/alice/quick#r/{Runs.RunId}"), one.RunUrl);
        Assert.Equal(new[] { "Succeeded", "Failed" }, all.Select(r => r.Status));
    }

    [Fact]
    public void GetRun_of_an_unknown_run_is_a_CakeException_with_the_clients_message()
    {
        var notFound = new DominoNotFoundException("GET /v1/projects/alice/quick/runs/x answered 404 Not Found", "GET", "/v1/projects/alice/quick/runs/x", 404, "not found");
        _context.Project.Setup(p => p.GetRunAsync(Runs.RunId, It.IsAny<CancellationToken>())).ThrowsAsync(notFound);

        var error = Assert.Throws<CakeException>(() => _context.DominoGetRun(Runs.RunId));

        Assert.Equal(notFound.Message, error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StopRun_passes_commit_results(bool commitResults)
    {
        var started = _context.DominoStartRun(s => s.WithCommand("main.py"));
        _context.Project.Setup(p => p.StopRunAsync(Runs.RunId, commitResults, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask).Verifiable();

        _context.DominoStopRun(started, new DominoStopRunSettings().WithCommitResults(commitResults));

        _context.Project.Verify();
    }
}
