using Cake.Common.Build;
using Cake.Core;
using Domino.Client.Ci;

namespace Cake.Domino.Internal;

/// <summary>
/// The CI system as Cake's own build-system providers see it, handed to the core's CI reporting (which then does
/// not read the environment a second time).
/// </summary>
internal static class CakeCiSystem
{
    public static DominoCiSystem Detect(ICakeContext context)
    {
        var buildSystem = context.BuildSystem();
        if (buildSystem.IsRunningOnGitHubActions)
        {
            return DominoCiSystem.GitHubActions;
        }

        if (buildSystem.IsRunningOnAzurePipelines)
        {
            return DominoCiSystem.AzurePipelines;
        }

        if (buildSystem.IsRunningOnTeamCity)
        {
            return DominoCiSystem.TeamCity;
        }

        return buildSystem.IsRunningOnGitLabCI ? DominoCiSystem.GitLab : DominoCiSystem.None;
    }
}
