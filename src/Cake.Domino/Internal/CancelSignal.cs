namespace Cake.Domino.Internal;

/// <summary>
/// Where a user's "cancel" comes from while an alias waits: Ctrl-C (SIGINT) for real scripts. Unit tests' fake
/// contexts implement this interface to press it themselves.
/// </summary>
internal interface ICancelSignal
{
    /// <summary>Calls <paramref name="onCancel"/> on the first cancel until disposed; returns whether that cancel was handled.</summary>
    IDisposable Register(Func<bool> onCancel);
}

/// <summary>Ctrl-C: <see cref="Console.CancelKeyPress"/>. A handled first press keeps the process alive so the run can be stopped; a second one ends it.</summary>
internal sealed class ConsoleCancelSignal : ICancelSignal
{
    public static readonly ConsoleCancelSignal Instance = new();

    public IDisposable Register(Func<bool> onCancel)
    {
        void Handler(object? sender, ConsoleCancelEventArgs e)
        {
            if (onCancel())
            {
                e.Cancel = true;
            }
        }

        Console.CancelKeyPress += Handler;
        return new Unregister(() => Console.CancelKeyPress -= Handler);
    }

    private sealed class Unregister(Action action) : IDisposable
    {
        private Action? _action = action;

        public void Dispose() => Interlocked.Exchange(ref _action, null)?.Invoke();
    }
}
