using Cake.Core;
using Domino.Client;

namespace Cake.Domino.Internal;

/// <summary>The client reads <c>DOMINO_*</c> variables through Cake's environment, so scripts and tests can set them.</summary>
internal sealed class CakeDominoEnvironment : IDominoEnvironment
{
    private readonly ICakeEnvironment _environment;

    public CakeDominoEnvironment(ICakeEnvironment environment)
    {
        _environment = environment;
    }

    public string? GetVariable(string name)
    {
        var value = _environment.GetEnvironmentVariable(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
