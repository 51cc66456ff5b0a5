using Cake.Core;
using Cake.Core.Diagnostics;
using Domino.Client;
using Moq;

namespace Cake.Domino.Tests;

public sealed class WaitForRunAliasTests : IDisposable
{
    private readonly FakeCakeContext _context = new();

    public WaitForRunAliasTests() => Runs.SetupStart(_context);

    public void Dispose() => _context.Dispose();

    private DominoWaitOptions? SetupWait(DominoRun result, Action<DominoWaitOptions>? whileWaiting = null)
    {
        DominoWaitOptions? captured = null;
        _context.Project.Setup(p => p.WaitForRunAsync(It.IsAny<string>(), It.IsAny<DominoWaitOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((string _, DominoWaitOptions? o, CancellationToken _) =>
            {
                captured = o;
                whileWaiting?.Invoke(o!);
                return Task.FromResult(result);
            });
        return captured;
    }

    [Fact]
    public void WaitForRun_takes_what_StartRun_returns_and_keeps_its_project_and_connection()
    {
        SetupWait(Runs.Run("Succeeded"));
        var run = _context.DominoStartRun(s => s.WithCommand("main.py").WithProject("carol/forecast").WithHost("https://domino.example.com"));
        _context.Variables["DOMINO_PROJECT_OWNER"] = "someone";
        _context.Variables["DOMINO_PROJECT_NAME"] = "else";

        var done = _context.DominoWaitForRun(run);

        Assert.Equal(new DominoProjectName("carol", "forecast"), _context.ProjectNames[^1]);
        Assert.Equal("https://domino.example.com", _context.LastOptions.Host);
        Assert.Equal("carol/forecast", done.Project);
        _context.Project.Verify(p => p.WaitForRunAsync(Runs.RunId, It.IsAny<DominoWaitOptions?>(), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public void WaitForRun_settings_connection_values_replace_the_runs()
    {
        SetupWait(Runs.Run("Succeeded"));
        var run = _context.DominoStartRun(s => s.WithCommand("main.py").WithHost("https://a.example.com").WithApiKey("first-key-123456"));

        _context.DominoWaitForRun(run, new DominoWaitSettings { Host = "https://b.example.com" });

        Assert.Equal("https://b.example.com", _context.LastOptions.Host);
        Assert.Equal("first-key-123456", _context.LastOptions.ApiKey);
    }

    [Fact]
    public void WaitForRun_returns_id_url_status_timings_and_commits()
    {
        SetupWait(Runs.Run("Succeeded"));
        var run = _context.DominoStartRun(s => s.WithCommand("main.py"));

        var done = _context.DominoWaitForRun(run);

        Assert.Equal(Runs.RunId, done.RunId);
        Assert.Equal("Succeeded", done.Status);
        Assert.True(done.IsSucceeded);
        Assert.True(done.IsFinished);
        Assert.Equal(DominoRunStatusKind.Succeeded, done.StatusKind);
        Assert.Equal(TimeSpan.FromMilliseconds(12_500), done.Duration);
        Assert.Equal(Runs.CommitId, done.CommitId);
        Assert.Equal(Runs.OutputCommitId, done.OutputCommitId);
        Assert.Equal(7, done.Number);
        Assert.Equal(run.RunUrl, done.RunUrl);
    }

    [Fact]
    public void WaitForRun_maps_every_wait_setting()
    {
        DominoWaitOptions? options = null;
        SetupWait(Runs.Run("Succeeded"), o => options = o);
        var run = _context.DominoStartRun(s => s.WithCommand("main.py"));

        _context.DominoWaitForRun(run, new DominoWaitSettings
        {
            Timeout = TimeSpan.FromMinutes(5),
            StopOnTimeout = true,
            StopOnCancel = false,
            StopRequestTimeout = TimeSpan.FromSeconds(3),
            InitialPollInterval = TimeSpan.FromMilliseconds(200),
            MaxPollInterval = TimeSpan.FromSeconds(4),
            PollBackoffFactor = 2.0,
            ThrowOnFailure = false,
            StreamOutput = false,
            FailureOutputLines = 50,
            ResultsTimeout = TimeSpan.FromSeconds(30),
            MaxOutage = TimeSpan.FromMinutes(2),
        }.WithAcceptStatuses("Stopped", "Error"));

        Assert.NotNull(options);
        Assert.Equal(TimeSpan.FromMinutes(5), options!.Timeout);
        Assert.True(options.StopOnTimeout);
        Assert.False(options.StopOnCancel);
        Assert.Equal(TimeSpan.FromSeconds(3), options.StopRequestTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.InitialPollInterval);
        Assert.Equal(TimeSpan.FromSeconds(4), options.MaxPollInterval);
        Assert.Equal(2.0, options.PollBackoffFactor);
        Assert.False(options.ThrowOnFailure);
        Assert.False(options.StreamOutput);
        Assert.Equal(50, options.FailureOutputLines);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ResultsTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), options.MaxOutage);
        Assert.Equal(new[] { "Stopped", "Error" }, options.AcceptStatuses);
    }

    [Fact]
    public void WaitForRun_keeps_the_client_defaults_for_unset_settings()
    {
        DominoWaitOptions? options = null;
        SetupWait(Runs.Run("Succeeded"), o => options = o);
        var defaults = new DominoWaitOptions();
        var run = _context.DominoStartRun(s => s.WithCommand("main.py"));

        _context.DominoWaitForRun(run);

        Assert.Null(options!.Timeout);
        Assert.False(options.StopOnTimeout);
        Assert.True(options.StopOnCancel);
        Assert.True(options.ThrowOnFailure);
        Assert.True(options.StreamOutput);
        Assert.Equal(defaults.InitialPollInterval, options.InitialPollInterval);
        Assert.Equal(defaults.MaxPollInterval, options.MaxPollInterval);
        Assert.Equal(defaults.PollBackoffFactor, options.PollBackoffFactor);
        Assert.Equal(defaults.FailureOutputLines, options.FailureOutputLines);
        Assert.Equal(defaults.ResultsTimeout, options.ResultsTimeout);
        Assert.Equal(defaults.MaxOutage, options.MaxOutage);
        Assert.Equal(defaults.StopRequestTimeout, options.StopRequestTimeout);
        Assert.Empty(options.AcceptStatuses);
    }

    [Fact]
    public void WaitForRun_fails_when_the_run_ends_Failed_with_id_status_url_and_last_output()
    {
        var run = _context.DominoStartRun(s => s.WithCommand("fail.py"));
        var failed = Runs.Run("Failed", outputCommit: null);
        // The core's message (built by its waiter) carries the id, project, status, URL and last lines; the add-in passes it on.
        var coreError = new DominoRunFailedException(
            $"Run {Runs.RunId} of alice/quick ended Failed, not Succeeded. See {run.RunUrl}\nLast 2 line(s) of its output:\n  loading data\n  ERROR: column 'label' is missing",
            failed, run.RunUrl, new[] { "loading data", "ERROR: column 'label' is missing" });
        _context.Project.Setup(p => p.WaitForRunAsync(It.IsAny<string>(), It.IsAny<DominoWaitOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(coreError);

        var error = Assert.Throws<CakeException>(() => _context.DominoWaitForRun(run));

        Assert.Contains(Runs.RunId, error.Message);
        Assert.Contains("Failed", error.Message);
        Assert.Contains(run.RunUrl.ToString(), error.Message);
        Assert.Contains("ERROR: column 'label' is missing", error.Message);
        Assert.Equal(coreError.Message, error.Message);
        Assert.Same(coreError, error.InnerException);
        Assert.Equal(1, error.ExitCode);
    }

    [Fact]
    public void WaitForRun_fails_with_a_CakeException_when_the_deadline_passes()
    {
        var run = _context.DominoStartRun(s => s.WithCommand("main.py"));
        var coreError = new DominoWaitTimeoutException(
            $"Run {Runs.RunId} of alice/quick did not finish within 1 min 30 s (last status: Running); it is still going (set StopOnTimeout to stop it). See {run.RunUrl}",
            Runs.Run("Running", null), run.RunUrl, TimeSpan.FromSeconds(90));
        _context.Project.Setup(p => p.WaitForRunAsync(It.IsAny<string>(), It.IsAny<DominoWaitOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(coreError);

        var error = Assert.Throws<CakeException>(() => _context.DominoWaitForRun(run, s => s.WithTimeout(TimeSpan.FromSeconds(90))));

        Assert.Contains(Runs.RunId, error.Message);
        Assert.Contains("Running", error.Message);
        Assert.Contains("still going", error.Message);
        Assert.Equal(coreError.Message, error.Message);
        Assert.Same(coreError, error.InnerException);
    }

    [Fact]
    public void WaitForRun_without_throw_on_failure_returns_the_failed_run()
    {
        SetupWait(Runs.Run("Stopped", null));
        var run = _context.DominoStartRun(s => s.WithCommand("main.py"));

        var done = _context.DominoWaitForRun(run, s => s.WithThrowOnFailure(false));

        Assert.False(done.IsSucceeded);
        Assert.Equal("Stopped", done.Status);
    }

    [Fact]
    public void WaitForRun_logs_output_at_information_polls_at_verbose_requests_at_debug()
    {
        SetupWait(Runs.Run("Succeeded"), o =>
        {
            var logger = _context.LastOptions.Logger;
            logger.Log(DominoLogLevel.Debug, "GET /v1/projects/alice/quick/runs/x 200");
            logger.Log(DominoLogLevel.Verbose, "poll: Running");
            logger.Log(DominoLogLevel.RunOutput, "epoch 1/8: loss=0.016582");
            logger.Log(DominoLogLevel.Information, "run finished");
            logger.Log(DominoLogLevel.Warning, "unknown status Weird");
        });
        var run = _context.DominoStartRun(s => s.WithCommand("main.py"));

        _context.DominoWaitForRun(run);

        var lines = _context.RecordingLog.Lines;
        Assert.Contains(new LogLine(Verbosity.Diagnostic, LogLevel.Debug, "GET /v1/projects/alice/quick/runs/x 200"), lines);
        Assert.Contains(new LogLine(Verbosity.Verbose, LogLevel.Verbose, "poll: Running"), lines);
        Assert.Contains(new LogLine(Verbosity.Normal, LogLevel.Information, "epoch 1/8: loss=0.016582"), lines);
        Assert.Contains(new LogLine(Verbosity.Normal, LogLevel.Information, "run finished"), lines);
        Assert.Contains(new LogLine(Verbosity.Minimal, LogLevel.Warning, "unknown status Weird"), lines);
    }

    [Fact]
    public void WaitForRun_calls_the_status_callback()
    {
        var seen = new List<string>();
        SetupWait(Runs.Run("Succeeded"), o => o.StatusChanged!.Report(new DominoRunStatusChange(Runs.RunId, null, "Running", TimeSpan.Zero)));
        var run = _context.DominoStartRun(s => s.WithCommand("main.py"));

        _context.DominoWaitForRun(run, new DominoWaitSettings { OnStatusChanged = c => seen.Add(c.NewStatus) });

        Assert.Equal(new[] { "Running" }, seen);
    }

    [Fact]
    public void Run_output_with_braces_is_logged_literally()
    {
        SetupWait(Runs.Run("Succeeded"), _ => _context.LastOptions.Logger.Log(DominoLogLevel.RunOutput, "{\"loss\": 0.1} {0} {bad"));
        var run = _context.DominoStartRun(s => s.WithCommand("main.py"));

        _context.DominoWaitForRun(run);

        Assert.Contains(_context.RecordingLog.Lines, l => l.Text == "{\"loss\": 0.1} {0} {bad");
    }

    [Fact]
    public void Credentials_the_server_echoes_never_reach_the_log_or_the_error()
    {
        // Given a real client, with a key and a token in the settings and a key in the environment,
        // and a server whose error page echoes all three
        const string settingsKey = "settings-key-SECRET-123456";
        const string token = "bearer-token-SECRET-654321";
        var envKey = _context.Variables["DOMINO_USER_API_KEY"]!;
        _context.Transport = new FixedAnswerHandler(
            System.Net.HttpStatusCode.InternalServerError, $"{{\"message\":\"saw {settingsKey}, {token} and {envKey}\"}}");

        // When the run is read
        var error = Assert.Throws<CakeException>(() =>
            _context.DominoGetRun(Runs.RunId, new DominoSettings().WithApiKey(settingsKey).WithToken(token)));

        // Then the server's words arrive with every credential masked, in the error and in the log
        var everything = _context.RecordingLog.AllText + "\n" + error.Message;
        Assert.Contains("saw ***, *** and ***", error.Message);
        Assert.DoesNotContain(settingsKey, everything);
        Assert.DoesNotContain(token, everything);
        Assert.DoesNotContain(envKey, everything);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Ctrl_C_during_the_wait_cancels_the_clients_wait_and_fails_with_exit_code_130(bool stopOnCancel)
    {
        var run = _context.DominoStartRun(s => s.WithCommand("main.py"));
        var handledFirst = false;
        var handledSecond = true;
        CancellationToken waited = default;
        _context.Project.Setup(p => p.WaitForRunAsync(It.IsAny<string>(), It.IsAny<DominoWaitOptions?>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, DominoWaitOptions? o, CancellationToken token) =>
            {
                Assert.Equal(stopOnCancel, o!.StopOnCancel); // The client stops the run, as configured.
                waited = token;
                handledFirst = _context.PressCtrlC();
                handledSecond = _context.PressCtrlC();
                await Task.Delay(Timeout.Infinite, token);
                return Runs.Run("Running", null);
            });

        var error = Assert.Throws<CakeException>(() => _context.DominoWaitForRun(run, s => s.WithStopOnCancel(stopOnCancel)));

        Assert.True(waited.IsCancellationRequested);
        Assert.True(handledFirst);
        Assert.False(handledSecond); // A second Ctrl-C is left to end the process.
        Assert.Equal(130, error.ExitCode);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
        Assert.Contains(Runs.RunId, error.Message);
        Assert.Contains(stopOnCancel ? "asked to stop" : "keeps going", error.Message);
        Assert.Contains(_context.RecordingLog.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains(stopOnCancel ? "stopping run" : "keeps going"));
        Assert.Empty(_context.CancelHandlers); // Unregistered after the wait.
    }

    [Fact]
    public void WaitForRun_by_id_uses_the_settings_project()
    {
        SetupWait(Runs.Run("Succeeded"));

        var done = _context.DominoWaitForRun(Runs.RunId, new DominoWaitSettings { Project = "dan/vision" });

        Assert.Equal("dan/vision", done.Project);
        Assert.Equal(new DominoProjectName("dan", "vision"), _context.ProjectNames.Single());
    }

    [Fact]
    public void WaitForRun_null_arguments_are_argument_null_errors()
    {
        Assert.Throws<ArgumentNullException>(() => _context.DominoWaitForRun((DominoRunReference)null!));
        var run = _context.DominoStartRun(s => s.WithCommand("main.py"));
        Assert.Throws<ArgumentNullException>(() => _context.DominoWaitForRun(run, (DominoWaitSettings)null!));
        Assert.Throws<ArgumentException>(() => _context.DominoWaitForRun(" ", new DominoWaitSettings()));
    }
}
