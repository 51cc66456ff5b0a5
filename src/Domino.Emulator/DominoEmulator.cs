using System.Net;
using System.Security.Cryptography.X509Certificates;
using Domino.Emulator.Internal;
using Domino.Emulator.Internal.Endpoints;
using Domino.Emulator.Internal.Runs;
using Domino.Emulator.Internal.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Domino.Emulator;

/// <summary>
/// A local Domino-compatible server: the v1 REST API and today's v4 Jobs API (hardware tiers, environments, git refs,
/// the path-based file download), backed by a data folder, that really runs commands as local processes. Start one with <see cref="StartAsync"/>; dispose it to stop
/// the server and kill the runs still going.
/// </summary>
/// <example>
/// <code>
/// var options = new DominoEmulatorOptions { DataDirectory = dataDir };
/// options.ApiKeys.Add("test-key");
/// options.Projects["alice/demo"] = "./sample-project";
/// await using DominoEmulator emulator = await DominoEmulator.StartAsync(options);
/// // point DOMINO_API_HOST at emulator.BaseAddress
/// </code>
/// </example>
public sealed class DominoEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RunManager _runs;
    private readonly RequestCounter _counter;
    private readonly FileStream _lockFile;
    private int _disposed;

    private DominoEmulator(WebApplication app, RunManager runs, RequestCounter counter, EmulatorFaults faults, FileStream lockFile, Uri baseAddress, string dataDirectory)
    {
        _app = app;
        _runs = runs;
        _counter = counter;
        _lockFile = lockFile;
        Faults = faults;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
    }

    /// <summary>The address clients use, with a trailing slash, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// The self-signed certificate the server presents with <see cref="DominoEmulatorOptions.Tls"/> (its public part:
    /// trust it, or compare its thumbprint, in a client), else null.
    /// </summary>
    public X509Certificate2? TlsCertificate { get; private init; }

    /// <summary>The faults to inject into coming requests.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>The full path of the data folder.</summary>
    public string DataDirectory { get; }

    /// <summary>How many requests matched a method and route template, such as <c>("GET", "/v1/projects/{owner}/{project}/runs/{runId}")</c>. Requests answered by an injected fault count too.</summary>
    /// <param name="method">The HTTP method (case-insensitive).</param>
    /// <param name="routeTemplate">The route template exactly as documented.</param>
    /// <returns>The count since start or since <see cref="ResetRequestCounts"/>.</returns>
    public int GetRequestCount(string method, string routeTemplate)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(routeTemplate);
        return _counter.Get(method, routeTemplate);
    }

    /// <summary>Every request count, keyed <c>"METHOD route template"</c>.</summary>
    /// <returns>A copy of the counts.</returns>
    public IReadOnlyDictionary<string, int> GetRequestCounts() => _counter.Snapshot();

    /// <summary>Sets every request count back to zero.</summary>
    public void ResetRequestCounts() => _counter.Reset();

    /// <summary>Waits until the run reaches a terminal status (<c>Succeeded</c>, <c>Failed</c>, <c>Stopped</c>, <c>Error</c>).</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The final status.</returns>
    /// <exception cref="KeyNotFoundException">No run has this id.</exception>
    public async Task<string> WaitForRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        RunState run = _runs.Find(runId) ?? throw new KeyNotFoundException($"Run {runId} not found.");
        await run.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return RunManager.Describe(run).Status;
    }

    /// <summary>Starts an emulator: validates the options, loads (or creates) the data folder, imports the projects, and listens.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator.</returns>
    /// <exception cref="ArgumentException">The options are incomplete or invalid (for example no API key without <see cref="DominoEmulatorOptions.InsecureNoAuth"/>).</exception>
    /// <exception cref="InvalidOperationException">Another emulator uses the data folder.</exception>
    public static async Task<DominoEmulator> StartAsync(DominoEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        IPAddress bindAddress = Validate(options);
        var compute = ComputeCatalog.From(options);
        X509Certificate2? certificate = options.Tls ? SelfSignedCertificate.Create(bindAddress) : null;
        EmulatorApiVersion api = options.ApiVersion;
        bool quotedLineBreaks = options.QuotedLineBreaks;
        var projectsToImport = new List<(string Owner, string Name, string Folder)>();
        foreach (KeyValuePair<string, string> project in options.Projects)
        {
            if (!PathRules.TryParseProject(project.Key, out string owner, out string name))
            {
                continue;
            }

            projectsToImport.Add((owner, name, string.IsNullOrWhiteSpace(project.Value) ? "" : Path.GetFullPath(project.Value)));
        }

        string dataDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDirectory));
        Directory.CreateDirectory(dataDirectory);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(dataDirectory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"The data folder {dataDirectory} is in use by another emulator.", ex);
        }

        WebApplication? app = null;
        RunManager? runs = null;
        try
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = [],
                ApplicationName = typeof(DominoEmulator).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
                EnvironmentName = Environments.Production,
            });
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(options.Verbose ? LogLevel.Information : LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            builder.Services.AddSingleton<IHostLifetime, QuietHostLifetime>();
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Limits.MaxRequestBodySize = 4L * 1024 * 1024 * 1024;
                k.Listen(bindAddress, options.Port, listen =>
                {
                    if (certificate is not null)
                    {
                        listen.Protocols = HttpProtocols.Http1AndHttp2;
                        listen.UseHttps(certificate);
                    }
                });
            });

            app = builder.Build();
            ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Domino.Emulator");

            var store = new EmulatorStore(dataDirectory, logger);
            store.Initialize();
            foreach ((string owner, string name, string folder) in projectsToImport)
            {
                await store.ImportProjectAsync(owner, name, folder, cancellationToken).ConfigureAwait(false);
            }

            runs = new RunManager(store, options.MaxConcurrentRuns, logger);
            runs.LoadExisting();

            var counter = new RequestCounter();
            var faults = new EmulatorFaults();
            var pipeline = new Pipeline(options, counter, faults, logger);
            app.UseRouting();
            app.Use(pipeline.LogRequestsAsync);
            app.Use(pipeline.AddLatencyAsync);
            app.Use(pipeline.CountAndInjectAsync);
            app.Use(pipeline.AuthenticateAsync);
            var lookup = new Lookup(store, runs);
            new ServerEndpoints(store, runs).Map(app);
            new RunEndpoints(lookup, store, runs, compute, quotedLineBreaks).Map(app);
            new FileEndpoints(lookup, store).Map(app);
            if (api == EmulatorApiVersion.V4)
            {
                new JobEndpoints(lookup, runs, store, compute).Map(app);
                new ComputeEndpoints(lookup, compute).Map(app);
                new ContentEndpoints(lookup, store).Map(app);
            }
            if (options.EnableControl)
            {
                new ControlEndpoints(faults, counter).Map(app);
            }

            app.MapFallback(Pipeline.NotFoundAsync);

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            Uri baseAddress = ResolveBaseAddress(app);
            runs.ApiHost = baseAddress;
            return new DominoEmulator(app, runs, counter, faults, lockFile, baseAddress, dataDirectory) { TlsCertificate = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.RawData) };
        }
        catch
        {
            if (runs is not null)
            {
                await runs.DisposeAsync().ConfigureAwait(false);
            }

            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            await lockFile.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Kills the runs still going (they end <c>Error</c>), stops the server and releases the data folder.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _runs.DisposeAsync().ConfigureAwait(false);
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            await _lockFile.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static IPAddress Validate(DominoEmulatorOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw new ArgumentException("A data folder is required (DataDirectory, or --data-dir on the command line).", nameof(options));
        }

        bool hasCredential = options.ApiKeys.Any(k => !string.IsNullOrWhiteSpace(k)) || options.BearerTokens.Any(t => !string.IsNullOrWhiteSpace(t));
        if (!hasCredential && !options.InsecureNoAuth)
        {
            throw new ArgumentException(
                "No API key or token is configured: give at least one (ApiKeys/BearerTokens, or --api-key/--token), or accept every request with InsecureNoAuth (--insecure-no-auth).",
                nameof(options));
        }

        if (options.Latency < TimeSpan.Zero || options.Latency > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"Latency must be between 0 and 1 minute; got {options.Latency}.", nameof(options));
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException($"The port must be between 0 and 65535 (0 picks a free one); got {options.Port}.", nameof(options));
        }

        if (options.MaxConcurrentRuns < 1)
        {
            throw new ArgumentException($"MaxConcurrentRuns must be 1 or more; got {options.MaxConcurrentRuns}.", nameof(options));
        }

        if (!Enum.IsDefined(options.ApiVersion))
        {
            throw new ArgumentException($"ApiVersion must be V4 or V1; got {options.ApiVersion}.", nameof(options));
        }

        foreach (KeyValuePair<string, string> project in options.Projects)
        {
            if (!PathRules.TryParseProject(project.Key, out _, out _))
            {
                throw new ArgumentException($"'{project.Key}' is not a valid project: use owner/name with letters, digits, '.', '_' or '-'.", nameof(options));
            }

            if (!string.IsNullOrWhiteSpace(project.Value) && !Directory.Exists(project.Value))
            {
                throw new ArgumentException($"The folder '{project.Value}' for project {project.Key} does not exist.", nameof(options));
            }
        }

        string bind = options.BindAddress.Trim();
        if (bind.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        if (!IPAddress.TryParse(bind.Trim('[', ']'), out IPAddress? address))
        {
            throw new ArgumentException($"The bind address '{options.BindAddress}' is not an IP address (or 'localhost').", nameof(options));
        }

        return address;
    }

    private static Uri ResolveBaseAddress(WebApplication app)
    {
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address);
        string host = bound.Host;
        if (host is "0.0.0.0")
        {
            host = "127.0.0.1";
        }
        else if (host is "[::]")
        {
            host = "[::1]";
        }

        return new Uri($"{bound.Scheme}://{host}:{bound.Port}/");
    }

    /// <summary>A host lifetime that ignores Ctrl+C and SIGTERM: the owner of the emulator decides when it stops.</summary>
    private sealed class QuietHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
