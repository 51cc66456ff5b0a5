using Cake.Core;
using Cake.Core.Annotations;
using Domino.Client;

namespace Cake.Domino;

public static partial class DominoAliases
{
    /// <summary>
    /// Lists the hardware tiers the project's runs can use (<c>GET /v4/projects/{projectId}/hardwareTiers</c>): the ids and
    /// names <see cref="DominoStartRunSettings.HardwareTier"/> takes, and which is the default. Needs the v4 Jobs API.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <returns>The project's hardware tiers, as Domino lists them.</returns>
    /// <example>
    /// <code>
    /// foreach (var tier in DominoListHardwareTiers())
    /// {
    ///     Information("{0} ({1}){2}", tier.Name, tier.Id, tier.IsDefault ? ", the default" : "");
    /// }
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<DominoHardwareTier> DominoListHardwareTiers(this ICakeContext context) =>
        Sync(context.DominoListHardwareTiersAsync(new DominoSettings()));

    /// <summary>Lists the hardware tiers a project's runs can use.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">Host, credentials and project.</param>
    /// <returns>The project's hardware tiers.</returns>
    /// <example>
    /// <code>
    /// var large = DominoListHardwareTiers(new DominoSettings { Project = "alice/churn" }).Single(t => t.Name == "Large");
    /// var run = DominoStartRun(s => s.WithCommand("train.py").WithProject("alice/churn").WithHardwareTier(large.Id));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<DominoHardwareTier> DominoListHardwareTiers(this ICakeContext context, DominoSettings settings) =>
        Sync(context.DominoListHardwareTiersAsync(settings));

    /// <summary>Lists the hardware tiers the project's runs can use.</summary>
    /// <param name="context">The Cake context.</param>
    /// <returns>The project's hardware tiers.</returns>
    /// <example>
    /// <code>
    /// var tiers = await DominoListHardwareTiersAsync();
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<IReadOnlyList<DominoHardwareTier>> DominoListHardwareTiersAsync(this ICakeContext context) =>
        context.DominoListHardwareTiersAsync(new DominoSettings());

    /// <summary>Lists the hardware tiers a project's runs can use.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">Host, credentials and project.</param>
    /// <returns>The project's hardware tiers.</returns>
    /// <example>
    /// <code>
    /// var tiers = await DominoListHardwareTiersAsync(new DominoSettings { Project = "alice/churn" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<IReadOnlyList<DominoHardwareTier>> DominoListHardwareTiersAsync(this ICakeContext context, DominoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.ListHardwareTiersAsync(settings.Project, worker.Connect(settings));
    }

    /// <summary>
    /// Lists the compute environments the project's runs can use (<c>GET /v4/projects/{projectId}/useableEnvironments</c>):
    /// the ids <see cref="DominoStartRunSettings.EnvironmentId"/> takes. Needs the v4 Jobs API.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <returns>The environments, as Domino lists them.</returns>
    /// <example>
    /// <code>
    /// foreach (var environment in DominoListEnvironments())
    /// {
    ///     Information("{0} {1}", environment.Id, environment.Name);
    /// }
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<DominoEnvironment> DominoListEnvironments(this ICakeContext context) =>
        Sync(context.DominoListEnvironmentsAsync(new DominoSettings()));

    /// <summary>Lists the compute environments a project's runs can use.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">Host, credentials and project.</param>
    /// <returns>The environments.</returns>
    /// <example>
    /// <code>
    /// var gpu = DominoListEnvironments(new DominoSettings { Project = "alice/churn" }).First(e => e.Name.Contains("GPU"));
    /// var run = DominoStartRun(s => s.WithCommand("train.py").WithProject("alice/churn").WithEnvironmentId(gpu.Id));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static IReadOnlyList<DominoEnvironment> DominoListEnvironments(this ICakeContext context, DominoSettings settings) =>
        Sync(context.DominoListEnvironmentsAsync(settings));

    /// <summary>Lists the compute environments the project's runs can use.</summary>
    /// <param name="context">The Cake context.</param>
    /// <returns>The environments.</returns>
    /// <example>
    /// <code>
    /// var environments = await DominoListEnvironmentsAsync();
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<IReadOnlyList<DominoEnvironment>> DominoListEnvironmentsAsync(this ICakeContext context) =>
        context.DominoListEnvironmentsAsync(new DominoSettings());

    /// <summary>Lists the compute environments a project's runs can use.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">Host, credentials and project.</param>
    /// <returns>The environments.</returns>
    /// <example>
    /// <code>
    /// var environments = await DominoListEnvironmentsAsync(new DominoSettings { Project = "alice/churn" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    public static Task<IReadOnlyList<DominoEnvironment>> DominoListEnvironmentsAsync(this ICakeContext context, DominoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var worker = Worker(context);
        return worker.ListEnvironmentsAsync(settings.Project, worker.Connect(settings));
    }
}
