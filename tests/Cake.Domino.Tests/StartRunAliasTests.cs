using Cake.Core;
using Domino.Client;
using Moq;

namespace Cake.Domino.Tests;

public sealed class StartRunAliasTests : IDisposable
{
    private readonly FakeCakeContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void StartRun_sends_every_run_setting_in_the_request()
    {
        DominoStartRunRequest? sent = null;
        _context.Project.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .Callback((DominoStartRunRequest r, CancellationToken _) => sent = r)
            .ReturnsAsync(Runs.Started(_context));

        _context.DominoStartRun(new DominoStartRunSettings
        {
            Command = new[] { "main.py", "foo", "1" },
            Title = "nightly",
            HardwareTier = "Small",
            CommitId = Runs.CommitId,
            PublishApiEndpoint = true,
            Marker = "ci-42-1",
        });

        Assert.NotNull(sent);
        Assert.Equal(new[] { "main.py", "foo", "1" }, sent!.Command);
        Assert.False(sent.IsDirect);
        Assert.Equal("nightly", sent.Title);
        Assert.Equal("Small", sent.Tier);
        Assert.Equal(Runs.CommitId, sent.CommitId);
        Assert.True(sent.PublishApiEndpoint);
        Assert.Equal("ci-42-1", sent.Marker);
    }

    [Fact]
    public void StartRun_with_a_direct_command_sends_IsDirect()
    {
        DominoStartRunRequest? sent = null;
        _context.Project.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .Callback((DominoStartRunRequest r, CancellationToken _) => sent = r)
            .ReturnsAsync(Runs.Started(_context));

        _context.DominoStartRun(s => s.WithDirectCommand("python main.py foo 1"));

        Assert.True(sent!.IsDirect);
        Assert.Equal(new[] { "python main.py foo 1" }, sent.Command);
    }

    [Fact]
    public void StartRun_returns_the_run_with_its_project_id_and_url()
    {
        Runs.SetupStart(_context);

        var run = _context.DominoStartRun(s => s.WithCommand("main.py"));

        Assert.Equal(Runs.RunId, run.RunId);
        Assert.Equal("alice/quick", run.Project);
        Assert.Equal(new Uri($"http://127.0.0.1:9999/alice/quick#r/{Runs.RunId}"), run.RunUrl);
        Assert.Equal(new[] { "main.py" }, run.Command);
        Assert.False(run.Reattached);
    }

    [Fact]
    public void StartRun_maps_connection_settings_to_client_options()
    {
        Runs.SetupStart(_context);

        _context.DominoStartRun(new DominoStartRunSettings
        {
            Command = new[] { "main.py" },
            Host = "https://domino.example.com",
            ApiKey = "settings-key-0123456789",
            Token = "settings-token-0123456789",
            TokenFile = "secrets/token.txt",
            RequestTimeout = TimeSpan.FromSeconds(7),
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(250),
            RetryMaxDelay = TimeSpan.FromSeconds(3),
            MaxRetryAfter = TimeSpan.FromSeconds(4),
            MaxTotalRetryTime = TimeSpan.FromSeconds(20),
        });

        var options = _context.LastOptions;
        Assert.Equal("https://domino.example.com", options.Host);
        Assert.Equal("settings-key-0123456789", options.ApiKey);
        Assert.Equal("settings-token-0123456789", options.BearerToken);
        Assert.Equal(Path.Combine(_context.WorkingDirectory, "secrets", "token.txt"), options.TokenFile);
        Assert.Equal(TimeSpan.FromSeconds(7), options.RequestTimeout);
        Assert.Equal(2, options.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Retry.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Retry.MaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(4), options.Retry.MaxRetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Retry.MaxTotalRetryTime);
        Assert.StartsWith("Cake.Domino/", options.UserAgentSuffix);
    }

    [Fact]
    public void StartRun_leaves_unset_values_to_the_client_defaults()
    {
        Runs.SetupStart(_context);
        var defaults = new DominoClientOptions();

        _context.DominoStartRun(s => s.WithCommand("main.py"));

        var options = _context.LastOptions;
        Assert.Null(options.Host);
        Assert.Null(options.ApiKey);
        Assert.Null(options.BearerToken);
        Assert.Null(options.TokenFile);
        Assert.Equal(defaults.RequestTimeout, options.RequestTimeout);
        Assert.Equal(defaults.Retry.MaxRetries, options.Retry.MaxRetries);
        Assert.Equal(defaults.Retry.MaxTotalRetryTime, options.Retry.MaxTotalRetryTime);
    }

    [Fact]
    public void StartRun_reads_the_environment_through_the_cake_context()
    {
        Runs.SetupStart(_context);
        _context.Variables["DOMINO_API_HOST"] = "http://from-cake-environment:1234";
        _context.Variables["DOMINO_PROJECT_OWNER"] = "bob";
        _context.Variables["DOMINO_PROJECT_NAME"] = "churn";

        var run = _context.DominoStartRun(s => s.WithCommand("main.py"));

        Assert.Equal("http://from-cake-environment:1234", _context.LastOptions.Environment.GetVariable("DOMINO_API_HOST"));
        Assert.Equal(new DominoProjectName("bob", "churn"), _context.ProjectNames.Single());
        Assert.Equal("bob/churn", run.Project);
    }

    [Fact]
    public void StartRun_project_in_settings_wins_over_the_environment()
    {
        Runs.SetupStart(_context);

        _context.DominoStartRun(s => s.WithCommand("main.py").WithProject("carol/forecast"));

        Assert.Equal(new DominoProjectName("carol", "forecast"), _context.ProjectNames.Single());
    }

    [Fact]
    public void StartRun_without_a_project_fails_with_a_CakeException_naming_both_ways_to_give_it()
    {
        _context.Variables.Remove("DOMINO_PROJECT_OWNER");
        _context.Variables.Remove("DOMINO_PROJECT_NAME");

        var error = Assert.Throws<CakeException>(() => _context.DominoStartRun(s => s.WithCommand("main.py")));

        Assert.Contains("DOMINO_PROJECT_OWNER", error.Message);
        Assert.Contains("Project", error.Message);
        Assert.IsAssignableFrom<DominoConfigurationException>(error.InnerException);
        Assert.Empty(_context.CreatedOptions);
    }

    [Fact]
    public void StartRun_with_an_empty_command_is_an_argument_error()
    {
        var error = Assert.Throws<ArgumentException>(() => _context.DominoStartRun(new DominoStartRunSettings()));

        Assert.Contains("Command", error.Message);
        _context.Project.Verify(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void StartRun_direct_with_several_command_elements_is_an_argument_error()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            _context.DominoStartRun(new DominoStartRunSettings { Command = new[] { "python", "main.py" }, IsDirect = true }));

        Assert.Contains("IsDirect", error.Message);
    }

    [Fact]
    public void StartRun_null_arguments_are_argument_null_errors()
    {
        Assert.Throws<ArgumentNullException>(() => DominoAliases.DominoStartRun(null!, new DominoStartRunSettings { Command = new[] { "a" } }));
        Assert.Throws<ArgumentNullException>(() => _context.DominoStartRun((DominoStartRunSettings)null!));
        Assert.Throws<ArgumentNullException>(() => _context.DominoStartRun((Action<DominoStartRunSettings>)null!));
    }

    [Fact]
    public void StartRun_turns_a_client_error_into_a_CakeException_with_the_clients_message_and_the_Cake_way_to_fix_it()
    {
        var failure = new DominoUnauthorizedException("POST /v1/projects/alice/quick/runs answered 401 Unauthorized: bad key", "POST", "/v1/projects/alice/quick/runs", 401, "bad key");
        _context.Project.Setup(p => p.StartRunAsync(It.IsAny<DominoStartRunRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(failure);

        var error = Assert.Throws<CakeException>(() => _context.DominoStartRun(s => s.WithCommand("main.py")));

        Assert.StartsWith(failure.Message, error.Message, StringComparison.Ordinal);
        Assert.Contains("settings ApiKey, Token or TokenFile", error.Message);
        Assert.Same(failure, error.InnerException);
        Assert.Equal(1, error.ExitCode);
    }

    [Fact]
    public void StartRun_logs_the_command_at_information()
    {
        Runs.SetupStart(_context);

        _context.DominoStartRun(s => s.WithCommand("main.py", "foo", "1"));

        Assert.Contains(_context.RecordingLog.Lines, l => l.Level == Cake.Core.Diagnostics.LogLevel.Information && l.Text.Contains("alice/quick: main.py foo 1"));
    }

    [Fact]
    public async Task StartRunAsync_returns_the_same_as_the_sync_alias()
    {
        Runs.SetupStart(_context);

        var run = await _context.DominoStartRunAsync(s => s.WithCommand("main.py"));

        Assert.Equal(Runs.RunId, run.RunId);
    }
}
