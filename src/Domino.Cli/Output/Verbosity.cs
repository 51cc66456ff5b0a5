namespace Domino.Cli.Output;

/// <summary>How much <c>domino</c> writes to stderr (<c>--verbosity</c>).</summary>
internal enum Verbosity
{
    /// <summary>Warnings and errors only; the run's output is not streamed.</summary>
    Quiet,

    /// <summary>Milestones (started, status changes, finished, downloaded) and the run's output. The default.</summary>
    Normal,

    /// <summary>Also each status poll.</summary>
    Detailed,

    /// <summary>Also each HTTP request and retry.</summary>
    Diagnostic,
}

/// <summary>What <c>domino</c> prints on stdout (<c>--output</c>).</summary>
internal enum OutputFormat
{
    /// <summary>Text for people: the run's output and the command's result on stdout, progress on stderr.</summary>
    Text,

    /// <summary>One JSON object on stdout when the command ends; everything else on stderr.</summary>
    Json,
}
