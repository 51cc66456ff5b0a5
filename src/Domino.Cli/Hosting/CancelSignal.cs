using System.Runtime.InteropServices;

namespace Domino.Cli.Hosting;

/// <summary>Where a user's "stop" comes from: Ctrl-C (SIGINT) and SIGTERM for the real process; tests press their own.</summary>
internal interface ICancelSignal
{
    /// <summary>
    /// Calls <paramref name="onCancel"/> on each signal until disposed. When it returns true the signal is handled
    /// (the process lives on to stop the run); when false, the signal does what it would have done (a second Ctrl-C ends the process).
    /// </summary>
    IDisposable Register(Func<bool> onCancel);
}

/// <summary>Ctrl-C through <see cref="Console.CancelKeyPress"/>, SIGTERM through <see cref="PosixSignalRegistration"/>.</summary>
internal sealed class ProcessCancelSignal : ICancelSignal
{
    public static readonly ProcessCancelSignal Instance = new();

    public IDisposable Register(Func<bool> onCancel)
    {
        void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
        {
            if (onCancel())
            {
                e.Cancel = true;
            }
        }

        Console.CancelKeyPress += OnCancelKey;
        PosixSignalRegistration? term = null;
        try
        {
            term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = onCancel());
        }
        catch (PlatformNotSupportedException)
        {
            // No SIGTERM here (some platforms): Ctrl-C still works.
        }

        return new Registration(() =>
        {
            Console.CancelKeyPress -= OnCancelKey;
            term?.Dispose();
        });
    }

    private sealed class Registration(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
