using Domino.Client;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Moq;

namespace Domino.MSBuild.Tests;

/// <summary>The core builds its per-request and per-poll lines only when a logger of the build takes low-importance messages.</summary>
public sealed class TaskLoggerTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Requests_and_polls_are_enabled_only_when_the_build_logs_low_importance(bool logsLow)
    {
        var services = new Mock<EngineServices>();
        services.Setup(s => s.LogsMessagesOfImportance(It.IsAny<MessageImportance>()))
            .Returns<MessageImportance>(importance => importance != MessageImportance.Low || logsLow);
        var engine = new Mock<IBuildEngine10>();
        engine.Setup(e => e.EngineServices).Returns(services.Object);
        var logger = new TaskLogger(new TaskLoggingHelper(engine.Object, "DominoDownloadResults"));

        Assert.Equal(logsLow, logger.IsEnabled(DominoLogLevel.Debug));
        Assert.Equal(logsLow, logger.IsEnabled(DominoLogLevel.Verbose));
        Assert.All(
            [DominoLogLevel.Information, DominoLogLevel.RunOutput, DominoLogLevel.Warning, DominoLogLevel.CiCommand],
            level => Assert.True(logger.IsEnabled(level)));
    }

    [Fact]
    public void An_engine_that_cannot_say_gets_every_line()
    {
        var logger = new TaskLogger(new TaskLoggingHelper(new TestEngine().Mock.Object, "DominoDownloadResults"));

        Assert.True(logger.IsEnabled(DominoLogLevel.Debug));
    }
}
