// A pipeline step that trains on Domino: start a run, stream its output, fail unless it succeeded,
// and download its results. The host, API key and project come from DOMINO_API_HOST,
// DOMINO_USER_API_KEY, DOMINO_PROJECT_OWNER and DOMINO_PROJECT_NAME.
//
//   dotnet cake samples/cake/build.cake --out=../../artifacts/demo
#addin nuget:?package=Cake.Domino

var target = Argument("target", "Train");
var output = Directory(Argument("out", "./out"));
var command = Argument("command", "main.py foo 1").Split(' ', StringSplitOptions.RemoveEmptyEntries);

DominoRunResult done = null;
IReadOnlyList<FilePath> files = null;

Task("Train").Does(() =>
{
    var run = DominoStartRun(new DominoStartRunSettings
    {
        Command = command,
        Title = "Cake.Domino demo",
    });
    done = DominoWaitForRun(run, new DominoWaitSettings { Timeout = TimeSpan.FromMinutes(10), StopOnTimeout = true });
    files = DominoDownloadResults(done, output);
});

Task("Summary").IsDependentOn("Train").Does(() =>
{
    // The run's own duration (from its timestamps), written as the wait's line wrote it: one figure for one run.
    var took = done.Duration is { } duration ? Domino.Client.Text.DominoFormat.Duration(duration) : "an unknown time";
    Information("Run {0} {1} in {2}: {3}", done.RunId, done.Status, took, done.RunUrl);
    Information("Results (commit {0}):", done.OutputCommitId);
    foreach (var file in files)
    {
        Information("  {0} ({1} bytes)", MakeAbsolute(output).GetRelativePath(file), FileSize(file));
    }

    var summary = MakeAbsolute(output).CombineWithFilePath("results/summary.txt");
    if (FileExists(summary))
    {
        Information(System.IO.File.ReadAllText(summary.FullPath).TrimEnd());
    }
});

RunTarget(target == "Train" ? "Summary" : target);
