using System.Text.RegularExpressions;
using Domino.Client.Text;

namespace Domino.Client.Ci;

/// <summary>
/// TeamCity service messages: <c>blockOpened</c>/<c>blockClosed</c> around the run's output and <c>buildProblem</c> for a
/// run that failed. Every other line has <c>##teamcity[</c> broken up so the run's output cannot send service messages.
/// </summary>
internal sealed partial class TeamCityWriter(IDominoLogger log, SecretScrubber scrubber, IDominoEnvironment environment, TimeProvider time)
    : CiWriter(log, scrubber, environment, time)
{
    public override DominoCiSystem System => DominoCiSystem.TeamCity;

    public override IDisposable BeginFold(CiRunFacts run)
    {
        var name = CiEscaping.TeamCity(run.Title);
        Command($"##teamcity[blockOpened name='{name}']");
        return new Fold(() => Command($"##teamcity[blockClosed name='{name}']"));
    }

    /// <summary><c>##teamcity[</c> (any case) becomes <c># #teamcity[</c>.</summary>
    public override string Neutralise(string text) => Messages().Replace(text, "# #");

    public override void ReportFailure(CiRunFacts run, string status, IReadOnlyList<string> lastLines)
    {
        var text = Neutralise(Scrubber.Scrub(FailureText(run, status, lastLines)));
        Command($"##teamcity[buildProblem description='{CiEscaping.TeamCity(text)}' identity='{CiEscaping.TeamCity("domino-run-" + run.RunId)}']");
    }

    [GeneratedRegex(@"##(?=teamcity\[)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Messages();
}
