using Domino.Client;

namespace Domino.Cli.Output;

/// <summary>
/// The two streams of <c>domino</c>. Stdout carries the command's product: in text mode the run's output and the
/// command's result, in JSON mode nothing but the one JSON object. Stderr carries everything else (milestones,
/// progress, warnings, errors), filtered by <see cref="Verbosity"/>. Colour only on a terminal and never with
/// <c>NO_COLOR</c>. Lines from several threads never interleave.
/// </summary>
internal sealed class CliConsole
{
    private const string Reset = "\u001b[0m";
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Dim = "\u001b[2m";

    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private readonly bool _colour;
    private readonly object _gate = new();

    public CliConsole(TextWriter stdout, TextWriter stderr, Verbosity verbosity, OutputFormat format, bool colour)
    {
        _out = stdout;
        _error = stderr;
        Verbosity = verbosity;
        Format = format;
        _colour = colour;
    }

    public Verbosity Verbosity { get; }

    public OutputFormat Format { get; }

    public bool IsJson => Format == OutputFormat.Json;

    /// <summary>The run's output is what the command is for (<c>logs --follow</c>): shown at every verbosity.</summary>
    public bool RunOutputIsResult { get; set; }

    /// <summary>Colour is for people at a terminal who did not opt out (https://no-color.org: any non-empty NO_COLOR).</summary>
    public static bool UseColour(bool stderrIsTerminal, IDominoEnvironment environment) =>
        stderrIsTerminal && string.IsNullOrEmpty(environment.GetVariable("NO_COLOR"));

    /// <summary>A line of the command's product on stdout. Never used in JSON mode but for the one object.</summary>
    public void Result(string line) => Write(_out, line, null);

    /// <summary>A line of the run's own output: stdout in text mode, stderr in JSON mode; not shown when quiet.</summary>
    public void RunOutput(string line)
    {
        if (Verbosity >= Verbosity.Normal || RunOutputIsResult)
        {
            Write(IsJson ? _error : _out, line, null);
        }
    }

    /// <summary>
    /// A command for the CI system (a fold, an annotation): unchanged, at every verbosity, on the run output's stream so
    /// a fold encloses the output it folds (stdout in text mode, stderr in JSON mode).
    /// </summary>
    public void CiCommand(string line) => Write(IsJson ? _error : _out, line, null);

    /// <summary>A milestone on stderr at the normal verbosity.</summary>
    public void Information(string line) => Log(Verbosity.Normal, line, null);

    /// <summary>A status poll on stderr at the detailed verbosity.</summary>
    public void Detail(string line) => Log(Verbosity.Detailed, line, Dim);

    /// <summary>A request or retry on stderr at the diagnostic verbosity.</summary>
    public void Diagnostic(string line) => Log(Verbosity.Diagnostic, line, Dim);

    /// <summary>A warning on stderr, shown at every verbosity.</summary>
    public void Warning(string line) => Write(_error, "warning: " + line, Yellow);

    /// <summary>The error that ends the command, on stderr, shown at every verbosity.</summary>
    public void Error(string line) => Write(_error, "error: " + line, Red);

    public void Flush()
    {
        lock (_gate)
        {
            _out.Flush();
            _error.Flush();
        }
    }

    private void Log(Verbosity least, string line, string? colour)
    {
        if (Verbosity >= least)
        {
            Write(_error, line, colour);
        }
    }

    private void Write(TextWriter writer, string line, string? colour)
    {
        lock (_gate)
        {
            if (_colour && colour is not null && ReferenceEquals(writer, _error))
            {
                writer.WriteLine(colour + line + Reset);
            }
            else
            {
                writer.WriteLine(line);
            }

            writer.Flush();
        }
    }
}
