namespace Domino.Emulator;

/// <summary>
/// Faults waiting to be injected, per HTTP method and route template (such as
/// <c>/v1/projects/{owner}/{project}/runs/{runId}</c>). Faults added for the same route apply in the order added;
/// one added with <see cref="AddForever"/> hits every matching request until <see cref="Clear"/>, so faults added
/// after it for that route never apply. Thread-safe.
/// </summary>
public sealed class EmulatorFaults
{
    private readonly Lock _gate = new();
    private readonly List<PendingFault> _pending = [];

    /// <summary>Applies <paramref name="fault"/> to the next <paramref name="count"/> requests matching the method and route template.</summary>
    /// <param name="method">The HTTP method, such as <c>GET</c> (case-insensitive).</param>
    /// <param name="routeTemplate">The route template exactly as documented, such as <c>/v1/projects/{owner}/{project}/runs</c>.</param>
    /// <param name="fault">The fault.</param>
    /// <param name="count">How many matching requests get the fault; 1 or more.</param>
    public void Add(string method, string routeTemplate, EmulatorFault fault, int count = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(routeTemplate);
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_gate)
        {
            _pending.Add(new PendingFault(method.Trim().ToUpperInvariant(), routeTemplate.Trim(), fault) { Remaining = count });
        }
    }

    /// <summary>
    /// Applies <paramref name="fault"/> to every request matching the method and route template from now on, until
    /// <see cref="Clear"/>: a server that stays broken (a proxy answering 502 for good).
    /// </summary>
    /// <param name="method">The HTTP method, such as <c>GET</c> (case-insensitive).</param>
    /// <param name="routeTemplate">The route template exactly as documented, such as <c>/v4/jobs/{jobId}</c>.</param>
    /// <param name="fault">The fault.</param>
    public void AddForever(string method, string routeTemplate, EmulatorFault fault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(routeTemplate);
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _pending.Add(new PendingFault(method.Trim().ToUpperInvariant(), routeTemplate.Trim(), fault) { Remaining = null });
        }
    }

    /// <summary>Removes every pending fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _pending.Clear();
        }
    }

    /// <summary>How many faulty requests are still to come, over all routes; <see cref="int.MaxValue"/> while a fault added with <see cref="AddForever"/> is pending.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Any(p => p.Remaining is null) ? int.MaxValue : (int)Math.Min(int.MaxValue, _pending.Sum(p => (long)p.Remaining!.Value));
            }
        }
    }

    /// <summary>Takes one use of the first pending fault for this method and route, if any.</summary>
    internal EmulatorFault? TryTake(string method, string routeTemplate)
    {
        lock (_gate)
        {
            for (int i = 0; i < _pending.Count; i++)
            {
                PendingFault candidate = _pending[i];
                if (candidate.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && candidate.Route.Equals(routeTemplate, StringComparison.Ordinal))
                {
                    if (candidate.Remaining is null)
                    {
                        return candidate.Fault;
                    }

                    candidate.Remaining--;
                    if (candidate.Remaining == 0)
                    {
                        _pending.RemoveAt(i);
                    }

                    return candidate.Fault;
                }
            }

            return null;
        }
    }

    /// <summary>The pending faults; a null <c>Remaining</c> is a fault added with <see cref="AddForever"/>.</summary>
    internal List<(string Method, string Route, EmulatorFault Fault, int? Remaining)> Snapshot()
    {
        lock (_gate)
        {
            return _pending.Select(p => (p.Method, p.Route, p.Fault, p.Remaining)).ToList();
        }
    }

    private sealed class PendingFault(string method, string route, EmulatorFault fault)
    {
        public string Method { get; } = method;

        public string Route { get; } = route;

        public EmulatorFault Fault { get; } = fault;

        /// <summary>Null: every matching request until cleared.</summary>
        public int? Remaining { get; set; }
    }
}
