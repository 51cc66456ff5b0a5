using Domino.Client;

namespace Cake.Domino;

/// <summary>How <c>DominoRun</c> waits for its run: the values of <see cref="DominoWaitSettings"/> without the connection ones (<c>DominoRun</c> uses its own connection for every step).</summary>
public class DominoRunWaitSettings : IDominoWaitSettings
{
    /// <inheritdoc />
    public TimeSpan? Timeout { get; set; }

    /// <inheritdoc />
    public TimeSpan? InitialPollInterval { get; set; }

    /// <inheritdoc />
    public TimeSpan? MaxPollInterval { get; set; }

    /// <inheritdoc />
    public double? PollBackoffFactor { get; set; }

    /// <inheritdoc />
    public bool StopOnTimeout { get; set; }

    /// <inheritdoc />
    public bool StopOnCancel { get; set; } = true;

    /// <inheritdoc />
    public TimeSpan? StopRequestTimeout { get; set; }

    /// <inheritdoc />
    public ICollection<string> AcceptStatuses { get; } = new List<string>();

    /// <inheritdoc />
    public bool ThrowOnFailure { get; set; } = true;

    /// <inheritdoc />
    public bool StreamOutput { get; set; } = true;

    /// <inheritdoc />
    public int? FailureOutputLines { get; set; }

    /// <inheritdoc />
    public TimeSpan? ResultsTimeout { get; set; }

    /// <inheritdoc />
    public TimeSpan? MaxOutage { get; set; }

    /// <inheritdoc />
    public Action<DominoRunStatusChange>? OnStatusChanged { get; set; }
}
