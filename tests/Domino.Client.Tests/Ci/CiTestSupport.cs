using Domino.Client.Ci;
using Domino.Client.Text;
using Microsoft.Extensions.Time.Testing;

namespace Domino.Client.Tests.Ci;

/// <summary>
/// A CI writer over a capturing logger, an environment with temporary GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files and
/// an agent temp folder, a fake clock, and a scrubber that knows <see cref="Secret"/>.
/// </summary>
internal sealed class CiFixture : IDisposable
{
    public const string Secret = "KEY-ci-5ecret-0123456789";
    public const string RunId = "553af271e4b0364c0f717b24";

    public CiFixture(DominoCiSystem system)
    {
        Folder = Path.Combine(Path.GetTempPath(), "domino-ci-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Folder);
        OutputFile = Path.Combine(Folder, "github_output");
        SummaryFile = Path.Combine(Folder, "step_summary.md");
        File.WriteAllText(OutputFile, "");
        File.WriteAllText(SummaryFile, "");
        Variables = new Dictionary<string, string?>
        {
            ["GITHUB_OUTPUT"] = OutputFile,
            ["GITHUB_STEP_SUMMARY"] = SummaryFile,
            ["AGENT_TEMPDIRECTORY"] = Folder,
        };
        var environment = new DictionaryDominoEnvironment(Variables);
        var scrubber = new SecretScrubber(new DominoClientOptions { ApiKey = Secret, Environment = environment });
        Writer = CiWriter.For(system, Logger, scrubber, environment, Time) ?? throw new ArgumentException("No writer.", nameof(system));
    }

    public static CiRunFacts Run { get; } = new(RunId, "alice/churn-model", new Uri("https://domino.example.com/alice/churn-model#r/" + RunId));

    public string Folder { get; }

    public string OutputFile { get; }

    public string SummaryFile { get; }

    public Dictionary<string, string?> Variables { get; }

    public CapturingLogger Logger { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public CiWriter Writer { get; }

    /// <summary>The CI commands written, in order.</summary>
    public IReadOnlyList<string> Commands => Logger.Lines.Where(l => l.Level == DominoLogLevel.CiCommand).Select(l => l.Message).ToList();

    public IReadOnlyDictionary<string, string> Outputs => GitHubOutputFile.Read(File.ReadAllText(OutputFile));

    public string Summary => File.ReadAllText(SummaryFile);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
