using System.Globalization;
using System.Text.RegularExpressions;
using Domino.Client.Text;

namespace Domino.Client.Ci;

/// <summary>
/// Azure Pipelines, after <c>azure-pipelines-task-lib</c>: <c>##[group]</c> folds, <c>##vso[task.logissue]</c> errors,
/// <c>##vso[task.setvariable ...;isOutput=true]</c> outputs, a Markdown file uploaded with <c>##vso[task.uploadsummary]</c>.
/// The agent acts on <c>##vso[</c> anywhere in a line, so every other line has <c>##vso[</c> and <c>##[</c> broken up.
/// </summary>
internal sealed partial class AzurePipelinesWriter(IDominoLogger log, SecretScrubber scrubber, IDominoEnvironment environment, TimeProvider time)
    : CiWriter(log, scrubber, environment, time)
{
    /// <summary>The agent's temporary folder, where summaries are written (else the system's).</summary>
    public const string TempVariable = "AGENT_TEMPDIRECTORY";

    public override DominoCiSystem System => DominoCiSystem.AzurePipelines;

    public override IDisposable BeginFold(CiRunFacts run)
    {
        Command("##[group]" + CiEscaping.AzureData(run.Title));
        return new Fold(() => Command("##[endgroup]"));
    }

    /// <summary><c>##vso[</c> and <c>##[</c> (any case) become <c># #vso[</c> and <c># #[</c>.</summary>
    public override string Neutralise(string text) => Commands().Replace(text, "# #");

    public override void ReportFailure(CiRunFacts run, string status, IReadOnlyList<string> lastLines) =>
        Command("##vso[task.logissue type=error]" + CiEscaping.AzureData(Neutralise(Scrubber.Scrub(FailureText(run, status, lastLines)))));

    public override void SetOutputs(IReadOnlyList<KeyValuePair<CiOutput, string>> outputs)
    {
        foreach (var (output, value) in outputs)
        {
            Command($"##vso[task.setvariable variable={CiEscaping.AzureProperty(output.AzureName)};isOutput=true]{CiEscaping.AzureData(Scrubber.Scrub(value))}");
        }
    }

    public override void AddSummary(string name, string markdown)
    {
        var folder = Environment.GetVariable(TempVariable);
        folder = string.IsNullOrWhiteSpace(folder) ? Path.GetTempPath() : folder.Trim();
        var stamp = Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var path = Path.Combine(folder, $"domino-{name}-{stamp}.md");
        if (WriteFile(path, Scrubber.Scrub(markdown), append: false, $"job summary ('{path}')"))
        {
            Command("##vso[task.uploadsummary]" + CiEscaping.AzureData(path));
        }
    }

    [GeneratedRegex(@"##(?=vso\[|\[)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Commands();
}
