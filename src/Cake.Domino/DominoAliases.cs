using Cake.Core;
using Cake.Core.Annotations;

[assembly: CakeNamespaceImport("Cake.Domino")]
[assembly: CakeNamespaceImport("Domino.Client")]

namespace Cake.Domino;

/// <summary>
/// Aliases that drive Domino Data Lab from a Cake script: start a run, wait for it while its output streams
/// into the build log, fail the build unless it succeeded, and download its result files.
/// <code>
/// #addin nuget:?package=Cake.Domino
/// </code>
/// The host, credentials and project come from the settings, or else from the environment:
/// <c>DOMINO_API_HOST</c>, <c>DOMINO_USER_API_KEY</c> (or <c>DOMINO_TOKEN_FILE</c>),
/// <c>DOMINO_PROJECT_OWNER</c> and <c>DOMINO_PROJECT_NAME</c>. Each alias has an <c>...Async</c> twin.
/// </summary>
[CakeAliasCategory("Domino")]
public static partial class DominoAliases
{
    private static T Sync<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static void Sync(Task task) => task.GetAwaiter().GetResult();

    private static TSettings Configure<TSettings>(Action<TSettings> configure)
        where TSettings : new()
    {
        ArgumentNullException.ThrowIfNull(configure);
        var settings = new TSettings();
        configure(settings);
        return settings;
    }

    private static Internal.DominoCakeWorker Worker(ICakeContext context) => Internal.DominoCakeWorker.For(context);
}
