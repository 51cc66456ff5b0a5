namespace Domino.Client.Waiting;

/// <summary>
/// The intervals between status polls: starts at the initial interval, grows by a factor (with jitter) while
/// nothing changes, never exceeds the cap, and goes back to the initial interval on <see cref="Reset"/>.
/// </summary>
internal sealed class PollSchedule
{
    /// <summary>Each delay is the base interval times a random factor in [1 - Jitter, 1 + Jitter).</summary>
    internal const double Jitter = 0.1;

    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly double _factor;
    private readonly Random _random;
    private TimeSpan _current;

    public PollSchedule(TimeSpan initial, TimeSpan max, double factor, Random random)
    {
        if (initial <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, "The initial poll interval must be positive.");
        }

        if (max < initial)
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, $"The maximum poll interval must be at least the initial one ({initial}).");
        }

        if (double.IsNaN(factor) || double.IsInfinity(factor) || factor < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The poll backoff factor must be a finite number of at least 1.");
        }

        _initial = initial;
        _max = max;
        _factor = factor;
        _random = random ?? throw new ArgumentNullException(nameof(random));
        _current = initial;
    }

    /// <summary>The base interval the next delay is drawn around (before jitter).</summary>
    public TimeSpan Current => _current;

    /// <summary>Returns the next delay (jittered, at most the cap) and grows the base interval.</summary>
    public TimeSpan Next()
    {
        var jitter = 1 + (Jitter * ((2 * Http.Backoff.NextDouble(_random)) - 1));
        var delay = Scale(_current, jitter);
        _current = Scale(_current, _factor);
        return delay;
    }

    /// <summary>Goes back to the initial interval (the status changed).</summary>
    public void Reset() => _current = _initial;

    private TimeSpan Scale(TimeSpan value, double factor)
    {
        var ticks = value.Ticks * factor;
        return ticks >= _max.Ticks ? _max : TimeSpan.FromTicks(Math.Max(1, (long)ticks));
    }
}
