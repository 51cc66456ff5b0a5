using System.Runtime.InteropServices;

namespace Domino.Client;

/// <summary>
/// Where a user's "stop" comes from while a front end waits for a run: Ctrl-C for a console process. A front end
/// takes it as a seam, so that its tests press their own.
/// </summary>
public interface IDominoCancelSignal
{
    /// <summary>
    /// Calls <paramref name="onCancel"/> on each signal until the returned registration is disposed. When it returns
    /// true the signal is handled (the process lives on to stop the run); when false, the signal does what it would
    /// have done (a second Ctrl-C ends the process).
    /// </summary>
    /// <param name="onCancel">Asks the run to stop; returns whether the signal was handled.</param>
    /// <returns>The registration; dispose it when the wait ends.</returns>
    IDisposable Register(Func<bool> onCancel);
}

/// <summary>The signals of this process: Ctrl-C through <see cref="Console.CancelKeyPress"/> and, where asked for, SIGTERM.</summary>
public sealed class DominoProcessCancelSignal : IDominoCancelSignal
{
    private readonly bool _terminate;

    private DominoProcessCancelSignal(bool terminate)
    {
        _terminate = terminate;
    }

    /// <summary>Ctrl-C (SIGINT) only: for a process that runs inside another tool (the Cake runner) whose SIGTERM is its own.</summary>
    public static DominoProcessCancelSignal CtrlC { get; } = new(terminate: false);

    /// <summary>Ctrl-C and SIGTERM (what CI systems send when a job is cancelled): for a process of our own.</summary>
    public static DominoProcessCancelSignal CtrlCAndTerminate { get; } = new(terminate: true);

    /// <inheritdoc />
    public IDisposable Register(Func<bool> onCancel)
    {
        ArgumentNullException.ThrowIfNull(onCancel);
        void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
        {
            if (onCancel())
            {
                e.Cancel = true;
            }
        }

        Console.CancelKeyPress += OnCancelKey;
        PosixSignalRegistration? term = null;
        if (_terminate)
        {
            try
            {
                term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = onCancel());
            }
            catch (PlatformNotSupportedException)
            {
                // No SIGTERM on this platform: Ctrl-C still works.
            }
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
