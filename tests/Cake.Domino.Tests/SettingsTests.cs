using Cake.Core.Diagnostics;
using Cake.Domino.Internal;
using Domino.Client;

namespace Cake.Domino.Tests;

public sealed class SettingsTests
{
    [Fact]
    public void Fluent_setters_return_the_same_instance_and_set_the_values()
    {
        var settings = new DominoRunSettings();

        var same = settings
            .WithHost("https://h")
            .WithApiKey("k")
            .WithToken("t")
            .WithTokenFile("/srv/secrets/token")
            .WithProject("o/p")
            .WithRequestTimeout(TimeSpan.FromSeconds(5))
            .WithRetries(maxRetries: 1, baseDelay: TimeSpan.FromSeconds(2), maxDelay: TimeSpan.FromSeconds(3), maxTotalTime: TimeSpan.FromSeconds(4), maxRetryAfter: TimeSpan.FromSeconds(6))
            .WithCommand("main.py", "x")
            .WithTitle("title")
            .WithHardwareTier("Small")
            .WithCommitId("c")
            .WithPublishApiEndpoint()
            .WithMarker("m")
            .WithDestination("out")
            .WithWait(w => w.WithTimeout(TimeSpan.FromMinutes(1), stopOnTimeout: true).WithPollInterval(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(9), 3).WithStopOnCancel(false).WithStreamOutput(false).WithResultsTimeout(TimeSpan.FromSeconds(8)).WithMaxOutage(TimeSpan.FromMinutes(3)))
            .WithDownload(d => d.WithRemotePath("results").WithMaxParallelism(2));

        Assert.Same(settings, same);
        Assert.Equal(("https://h", "k", "t", "/srv/secrets/token", "o/p"), (settings.Host, settings.ApiKey, settings.Token, settings.TokenFile!.FullPath, settings.Project));
        Assert.Equal(TimeSpan.FromSeconds(5), settings.RequestTimeout);
        Assert.Equal((1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6)),
            (settings.MaxRetries!.Value, settings.RetryBaseDelay!.Value, settings.RetryMaxDelay!.Value, settings.MaxTotalRetryTime!.Value, settings.MaxRetryAfter!.Value));
        Assert.Equal(new[] { "main.py", "x" }, settings.Command);
        Assert.Equal(("title", "Small", "c", true, "m"), (settings.Title, settings.HardwareTier, settings.CommitId, settings.PublishApiEndpoint, settings.Marker));
        Assert.Equal("out", settings.Destination!.FullPath);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.Wait.Timeout);
        Assert.True(settings.Wait.StopOnTimeout);
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(9), 3.0), (settings.Wait.InitialPollInterval!.Value, settings.Wait.MaxPollInterval!.Value, settings.Wait.PollBackoffFactor!.Value));
        Assert.False(settings.Wait.StopOnCancel);
        Assert.False(settings.Wait.StreamOutput);
        Assert.Equal(TimeSpan.FromSeconds(8), settings.Wait.ResultsTimeout);
        Assert.Equal(TimeSpan.FromMinutes(3), settings.Wait.MaxOutage);
        Assert.Equal("results", settings.Download.RemotePath);
        Assert.Equal(2, settings.Download.MaxParallelism);
    }

    [Fact]
    public void Defaults_match_the_documentation()
    {
        var wait = new DominoWaitSettings();
        var download = new DominoDownloadSettings();

        Assert.True(wait.StopOnCancel);
        Assert.False(wait.StopOnTimeout);
        Assert.True(wait.ThrowOnFailure);
        Assert.True(wait.StreamOutput);
        Assert.Null(wait.Timeout);
        Assert.True(download.SkipUnchanged);
        Assert.True(download.ThrowOnFailure);
        Assert.False(download.StripRemotePath);
        Assert.True(new DominoStopRunSettings().CommitResults);
        Assert.Empty(new DominoStartRunSettings().Command);
    }

    [Fact]
    public void WithRetries_keeps_values_it_is_not_given()
    {
        var settings = new DominoSettings { MaxRetries = 3, RetryBaseDelay = TimeSpan.FromSeconds(1) };

        settings.WithRetries(maxDelay: TimeSpan.FromSeconds(10));

        Assert.Equal(3, settings.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.RetryMaxDelay);
    }

    [Theory]
    [InlineData(DominoLogLevel.Debug, Verbosity.Diagnostic, LogLevel.Debug)]
    [InlineData(DominoLogLevel.Verbose, Verbosity.Verbose, LogLevel.Verbose)]
    [InlineData(DominoLogLevel.Information, Verbosity.Normal, LogLevel.Information)]
    [InlineData(DominoLogLevel.RunOutput, Verbosity.Normal, LogLevel.Information)]
    [InlineData(DominoLogLevel.Warning, Verbosity.Minimal, LogLevel.Warning)]
    public void Client_log_levels_map_onto_cake_log_levels(DominoLogLevel level, Verbosity verbosity, LogLevel cakeLevel)
    {
        var log = new RecordingCakeLog();

        new CakeDominoLogger(log).Log(level, "message");

        Assert.Equal(new LogLine(verbosity, cakeLevel, "message"), Assert.Single(log.Lines));
    }

    [Theory]
    [InlineData(Verbosity.Normal, false, false)]
    [InlineData(Verbosity.Verbose, false, true)]
    [InlineData(Verbosity.Diagnostic, true, true)]
    public void Requests_and_polls_are_enabled_only_at_the_verbosity_that_shows_them(Verbosity scriptVerbosity, bool requests, bool polls)
    {
        var logger = new CakeDominoLogger(new RecordingCakeLog { Verbosity = scriptVerbosity });

        Assert.Equal(requests, logger.IsEnabled(DominoLogLevel.Debug));
        Assert.Equal(polls, logger.IsEnabled(DominoLogLevel.Verbose));
        Assert.True(logger.IsEnabled(DominoLogLevel.Information));
        Assert.True(logger.IsEnabled(DominoLogLevel.Warning));
    }
}
