namespace Domino.Emulator;

/// <summary>Settings of a <see cref="DominoEmulator"/>: where it keeps its data, who may call it, where it listens.</summary>
public sealed class DominoEmulatorOptions
{
    /// <summary>
    /// The data folder (required). It is created if missing and holds everything the emulator stores: blobs,
    /// commits, runs and the work folders of runs. Starting again on the same folder gives the same state.
    /// </summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>The accepted <c>X-Domino-Api-Key</c> header values.</summary>
    public IList<string> ApiKeys { get; } = [];

    /// <summary>The accepted <c>Authorization: Bearer</c> tokens.</summary>
    public IList<string> BearerTokens { get; } = [];

    /// <summary>Accept every request without credentials. Without it, at least one API key or token is required.</summary>
    public bool InsecureNoAuth { get; set; }

    /// <summary>The IP address to listen on; <c>127.0.0.1</c> by default. <c>localhost</c> means the IPv4 loopback.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The TCP port; 0 (the default) picks a free one. See <see cref="DominoEmulator.BaseAddress"/>.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Projects to import at start, <c>"owner/name"</c> to a local folder. The folder's files become a new commit of
    /// the project (none when they equal the head). An empty folder value creates an empty project.
    /// </summary>
    public IDictionary<string, string> Projects { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How many runs execute at once (2 by default); the others wait <c>Queued</c>.</summary>
    public int MaxConcurrentRuns { get; set; } = 2;

    /// <summary>Serve the <c>/_emulator/</c> control endpoints (fault injection and request counts over HTTP).</summary>
    public bool EnableControl { get; set; }

    /// <summary>
    /// The hardware tiers a run may ask for, each <c>"name"</c> (its id is the name in lower case with spaces as
    /// dashes: <c>"GPU Large"</c> is <c>gpu-large</c>) or <c>"id=name"</c>; the first is the default.
    /// <c>Small</c>, <c>Medium</c>, <c>Large</c> unless changed.
    /// </summary>
    public IList<string> HardwareTiers { get; } = ["Small", "Medium", "Large"];

    /// <summary>
    /// The compute environments a job may ask for, each <c>"name"</c> (its id is derived from the name: 24 hex digits,
    /// the same on every start) or <c>"id=name"</c>; the first is the default. <see cref="DefaultEnvironment"/> unless changed.
    /// </summary>
    public IList<string> Environments { get; } = [DefaultEnvironment];

    /// <summary>A delay added to every request before it is handled (0, the default, for none): a remote server's round trip, for benchmarks and tests.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>
    /// Serve HTTPS with a self-signed certificate generated at start (for <c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c>
    /// and the bind address; see <see cref="DominoEmulator.TlsCertificate"/>), with HTTP/2 offered next to HTTP/1.1.
    /// Off by default (plain HTTP/1.1).
    /// </summary>
    public bool Tls { get; set; }

    /// <summary>Which generation of Domino's API to speak: <see cref="EmulatorApiVersion.V4"/> (the default) or, as an older Domino, <see cref="EmulatorApiVersion.V1"/>.</summary>
    public EmulatorApiVersion ApiVersion { get; set; } = EmulatorApiVersion.V4;

    /// <summary>The name of the default environment, as a stock Domino deployment names it.</summary>
    public const string DefaultEnvironment = "Domino Standard Environment Py3.11 R4.4";

    /// <summary>
    /// Write line breaks in the v1 run output as the literal <c>'\n'</c> followed by a newline, as some Domino
    /// servers do, instead of a plain newline. Off by default.
    /// </summary>
    public bool QuotedLineBreaks { get; set; }

    /// <summary>Log every request (method, path, status, duration; never headers) at Information level. Off by default: only warnings are logged.</summary>
    public bool Verbose { get; set; }
}
