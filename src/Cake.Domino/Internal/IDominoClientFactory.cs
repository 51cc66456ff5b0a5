using Domino.Client;

namespace Cake.Domino.Internal;

/// <summary>
/// Creates the client. The aliases use <see cref="DominoClientFactory.Default"/>, unless the Cake context itself
/// implements this interface (unit tests' fake contexts do, to hand out mocked clients).
/// </summary>
internal interface IDominoClientFactory
{
    DominoClient Create(DominoClientOptions options);
}

/// <summary>The real factory.</summary>
internal sealed class DominoClientFactory : IDominoClientFactory
{
    public static readonly DominoClientFactory Default = new();

    public DominoClient Create(DominoClientOptions options) => new(options);
}

/// <summary>An <see cref="IProgress{T}"/> that calls its handler synchronously (no thread hop, so log lines stay in order).</summary>
internal sealed class SyncProgress<T> : IProgress<T>
{
    private readonly Action<T> _handler;

    public SyncProgress(Action<T> handler)
    {
        _handler = handler;
    }

    public void Report(T value) => _handler(value);
}
