namespace Domino.Emulator.Internal.Runs;

/// <summary>Runs at most N runs at once, first come first served; the others wait in a queue.</summary>
internal sealed class RunScheduler
{
    private readonly Lock _gate = new();
    private readonly Queue<RunState> _queue = new();
    private readonly int _maxConcurrentRuns;
    private readonly Func<RunState, Task> _execute;
    private int _running;
    private bool _closed;

    /// <param name="maxConcurrentRuns">How many runs execute at once.</param>
    /// <param name="execute">Executes a run; must call <see cref="Release"/> when the run ends.</param>
    public RunScheduler(int maxConcurrentRuns, Func<RunState, Task> execute)
    {
        _maxConcurrentRuns = maxConcurrentRuns;
        _execute = execute;
    }

    /// <summary>Starts the run now if a slot is free, else queues it. False once the scheduler is closed.</summary>
    public bool TrySchedule(RunState run)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            if (_running < _maxConcurrentRuns)
            {
                _running++;
                if (!TryDispatch(run))
                {
                    _running--;
                }
            }
            else
            {
                _queue.Enqueue(run);
            }

            return true;
        }
    }

    /// <summary>Frees the slot of a run that ended and starts the next queued run.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _running--;
            while (!_closed && _running < _maxConcurrentRuns && _queue.TryDequeue(out RunState? next))
            {
                _running++;
                if (TryDispatch(next))
                {
                    break;
                }

                _running--;
            }
        }
    }

    /// <summary>Accepts no more runs; returns the queued runs, which will never start (empty when already closed).</summary>
    public List<RunState> Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return [];
            }

            _closed = true;
            List<RunState> queued = [.. _queue];
            _queue.Clear();
            return queued;
        }
    }

    private bool TryDispatch(RunState run)
    {
        lock (run.Gate)
        {
            if (RunStatuses.IsTerminal(run.Record.Status))
            {
                return false;
            }

            run.Dispatched = true;
            run.Execution = Task.Run(() => _execute(run));
            return true;
        }
    }
}
