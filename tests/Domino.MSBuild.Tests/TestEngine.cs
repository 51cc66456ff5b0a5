using Microsoft.Build.Framework;
using Moq;

namespace Domino.MSBuild.Tests;

/// <summary>A mocked build engine that records every event the task logs.</summary>
internal sealed class TestEngine
{
    private readonly object _gate = new();

    public TestEngine()
    {
        Mock = new Mock<IBuildEngine3>(MockBehavior.Loose);
        Mock.Setup(e => e.LogErrorEvent(It.IsAny<BuildErrorEventArgs>())).Callback<BuildErrorEventArgs>(e => Add(Errors, e));
        Mock.Setup(e => e.LogWarningEvent(It.IsAny<BuildWarningEventArgs>())).Callback<BuildWarningEventArgs>(e => Add(Warnings, e));
        Mock.Setup(e => e.LogMessageEvent(It.IsAny<BuildMessageEventArgs>())).Callback<BuildMessageEventArgs>(e => Add(Messages, e));
        Mock.Setup(e => e.LogCustomEvent(It.IsAny<CustomBuildEventArgs>())).Callback<CustomBuildEventArgs>(e => Add(Custom, e));
        Mock.Setup(e => e.ProjectFileOfTaskNode).Returns("/src/App.csproj");
    }

    public Mock<IBuildEngine3> Mock { get; }

    public List<BuildErrorEventArgs> Errors { get; } = new();

    public List<BuildWarningEventArgs> Warnings { get; } = new();

    public List<BuildMessageEventArgs> Messages { get; } = new();

    public List<CustomBuildEventArgs> Custom { get; } = new();

    public BuildErrorEventArgs SingleError => Assert.Single(Errors);

    /// <summary>Every text the task logged, of any kind.</summary>
    public IEnumerable<string> AllText
    {
        get
        {
            lock (_gate)
            {
                return Errors.Select(e => e.Message ?? "")
                    .Concat(Warnings.Select(w => w.Message ?? ""))
                    .Concat(Messages.Select(m => m.Message ?? ""))
                    .Concat(Custom.Select(c => c.Message ?? ""))
                    .ToList();
            }
        }
    }

    private void Add<T>(List<T> list, T item)
    {
        lock (_gate)
        {
            list.Add(item);
        }
    }
}
