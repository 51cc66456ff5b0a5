using System.Globalization;

namespace Domino.Bench;

/// <summary><c>--name value</c> and <c>--flag</c> options; repeated names keep every value.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public static BenchArgs Parse(IEnumerable<string> args)
    {
        var result = new BenchArgs();
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    result.Add(pending, "true");
                }

                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    result.Add(arg[2..eq], arg[(eq + 1)..]);
                    pending = null;
                }
                else
                {
                    pending = arg[2..];
                }
            }
            else if (pending is not null)
            {
                result.Add(pending, arg);
                pending = null;
            }
            else
            {
                throw new BenchException($"unexpected argument '{arg}'");
            }
        }

        if (pending is not null)
        {
            result.Add(pending, "true");
        }

        return result;
    }

    public bool Quick => Flag("quick");

    public bool Flag(string name) => _values.TryGetValue(name, out var v) && v[^1] is "true" or "1" or "yes";

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v[^1] : null;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var v) ? v : [];

    public string Require(string name) => Get(name) ?? throw new BenchException($"--{name} is required");

    public int Int(string name, int fallback) => Get(name) is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => Get(name) is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : fallback;

    public IReadOnlyList<string> List(string name, string fallback) =>
        (Get(name) ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private void Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var list))
        {
            _values[name] = list = [];
        }

        list.Add(value);
    }
}
