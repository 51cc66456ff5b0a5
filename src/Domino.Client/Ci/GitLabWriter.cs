using System.Globalization;
using System.Text.RegularExpressions;
using Domino.Client.Text;

namespace Domino.Client.Ci;

/// <summary>
/// GitLab CI: a collapsed section (<c>section_start</c>/<c>section_end</c> markers) around the run's output. A marker
/// in any other line is broken up so the run's output cannot open or close sections.
/// </summary>
internal sealed partial class GitLabWriter(IDominoLogger log, SecretScrubber scrubber, IDominoEnvironment environment, TimeProvider time)
    : CiWriter(log, scrubber, environment, time)
{
    private const string Erase = "\u001b[0K";

    public override DominoCiSystem System => DominoCiSystem.GitLab;

    public override IDisposable BeginFold(CiRunFacts run)
    {
        var name = "domino_run_" + new string(run.RunId.Where(c => char.IsAsciiLetterOrDigit(c)).ToArray());
        Command($"{Erase}section_start:{Now()}:{name}[collapsed=true]\r{Erase}{run.Title}");
        return new Fold(() => Command($"{Erase}section_end:{Now()}:{name}\r{Erase}"));
    }

    /// <summary>An erase sequence before <c>section_start:</c> or <c>section_end:</c> gets a space after it.</summary>
    public override string Neutralise(string text) => Markers().Replace(text, Erase + " ");

    private string Now() => Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\u001b\[0K(?=section_(start|end):)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Markers();
}
