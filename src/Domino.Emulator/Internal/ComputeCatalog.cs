using System.Text;

namespace Domino.Emulator.Internal;

/// <summary>A hardware tier or an environment a job may ask for.</summary>
internal sealed record ComputeChoice(string Id, string Name, bool IsDefault);

/// <summary>The hardware tiers and environments of the emulator, read from the options once; the first of each is the default.</summary>
internal sealed class ComputeCatalog
{
    private ComputeCatalog(IReadOnlyList<ComputeChoice> tiers, IReadOnlyList<ComputeChoice> environments)
    {
        Tiers = tiers;
        Environments = environments;
    }

    public IReadOnlyList<ComputeChoice> Tiers { get; }

    public IReadOnlyList<ComputeChoice> Environments { get; }

    public ComputeChoice DefaultTier => Tiers[0];

    public ComputeChoice DefaultEnvironment => Environments[0];

    /// <summary>Reads <see cref="DominoEmulatorOptions.HardwareTiers"/> and <see cref="DominoEmulatorOptions.Environments"/>.</summary>
    /// <exception cref="ArgumentException">A list is empty, an entry is blank, or two entries share an id.</exception>
    public static ComputeCatalog From(DominoEmulatorOptions options) =>
        new(Parse(options.HardwareTiers, "hardware tier", "HardwareTiers", TierIdFor), Parse(options.Environments, "environment", "Environments", EnvironmentIdFor));

#pragma warning disable CA2208 // The caller passed these lists inside the options: the exception names the options, as the other option checks do.

    /// <summary>The id of a tier given by name only: the name in lower case with spaces as dashes (<c>"GPU Large"</c> is <c>gpu-large</c>).</summary>
    public static string TierIdFor(string name) => name.Trim().ToLowerInvariant().Replace(' ', '-');

    /// <summary>The id of an environment given by name only: 24 hex digits derived from the name, the same on every start.</summary>
    public static string EnvironmentIdFor(string name) => Ids.Sha1Hex(Encoding.UTF8.GetBytes("environment:" + name.Trim()))[..24];

    /// <summary>The tier with this id, or else with this name (both ignoring case), as the v1 <c>tier</c> field is matched.</summary>
    public ComputeChoice? FindTierByIdOrName(string value) =>
        Tiers.FirstOrDefault(t => t.Id.Equals(value, StringComparison.OrdinalIgnoreCase))
        ?? Tiers.FirstOrDefault(t => t.Name.Equals(value, StringComparison.OrdinalIgnoreCase));

    public ComputeChoice? FindTier(string id) => Tiers.FirstOrDefault(t => t.Id.Equals(id, StringComparison.Ordinal));

    public ComputeChoice? FindEnvironment(string id) => Environments.FirstOrDefault(e => e.Id.Equals(id, StringComparison.Ordinal));

    /// <summary>The tier a stored run names, or one made of what the run recorded when the emulator no longer offers it.</summary>
    public ComputeChoice TierOf(RunRecord record) =>
        FindTier(record.HardwareTierId) ?? new ComputeChoice(record.HardwareTierId, record.HardwareTierName, false);

    /// <summary>The environment a stored run names (the default for runs recorded before environments existed).</summary>
    public ComputeChoice EnvironmentOf(RunRecord record) =>
        string.IsNullOrEmpty(record.EnvironmentId)
            ? DefaultEnvironment
            : FindEnvironment(record.EnvironmentId) ?? new ComputeChoice(record.EnvironmentId, record.EnvironmentName ?? record.EnvironmentId, false);

    /// <summary>Splits <c>"id=name"</c>, or gives a name its derived id.</summary>
    public static (string Id, string Name) ParseEntry(string entry, Func<string, string> idFor)
    {
        int equals = entry.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            string name = entry.Trim();
            return (idFor(name), name);
        }

        return (entry[..equals].Trim(), entry[(equals + 1)..].Trim());
    }

    private static List<ComputeChoice> Parse(IList<string> entries, string what, string property, Func<string, string> idFor)
    {
        if (entries.Count == 0)
        {
            throw new ArgumentException($"At least one {what} is needed ({property}).", "options");
        }

        var choices = new List<ComputeChoice>();
        foreach (string entry in entries)
        {
            (string id, string name) = string.IsNullOrWhiteSpace(entry) ? ("", "") : ParseEntry(entry, idFor);
            if (id.Length == 0 || name.Length == 0)
            {
                throw new ArgumentException($"A {what} needs a name, or an id and a name as id=name; got '{entry}'.", "options");
            }

            ComputeChoice? twin = choices.Find(c => c.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
            if (twin is not null)
            {
                throw new ArgumentException($"The {what}s '{twin.Name}' and '{name}' have the same id '{id}'; give one an id of its own as id=name.", "options");
            }

            choices.Add(new ComputeChoice(id, name, choices.Count == 0));
        }

        return choices;
    }
#pragma warning restore CA2208
}
