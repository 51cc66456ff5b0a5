using Domino.Client.Downloading;
using Microsoft.Extensions.Time.Testing;

namespace Domino.Client.Tests.Downloading;

/// <summary>The adaptive limit of files in flight, driven by a fake clock and the completions it is told of.</summary>
public class ParallelismControllerTests
{
    private const long FileSize = 8 * 1024;

    private readonly FakeTimeProvider _time = new();

    /// <summary>One measuring window: <paramref name="files"/> files of <paramref name="size"/> bytes done over exactly one window.</summary>
    private void Window(ParallelismController controller, int files, long size = FileSize)
    {
        for (var i = 0; i < files - 1; i++)
        {
            controller.FileCompleted(size);
        }

        _time.Advance(ParallelismController.Window);
        controller.FileCompleted(size);
    }

    [Fact]
    public void Starts_at_eight_files_in_flight_or_at_the_cap_when_lower()
    {
        Assert.Equal(8, new ParallelismController(32, _time).Limit);
        Assert.Equal(3, new ParallelismController(3, _time).Limit);
        Assert.Equal(1, new ParallelismController(1, _time).Limit);
    }

    [Fact]
    public void Limit_doubles_while_the_file_rate_grows_and_stops_at_the_cap()
    {
        // Given a cap of 32
        var controller = new ParallelismController(32, _time);

        // When each larger limit brings more files per second
        Window(controller, 10);
        var afterFirst = controller.Limit;
        Window(controller, 20);
        var afterSecond = controller.Limit;
        Window(controller, 40);
        Window(controller, 80);

        // Then the limit doubled each time, up to the cap and never past it
        Assert.Equal(16, afterFirst);
        Assert.Equal(32, afterSecond);
        Assert.Equal(32, controller.Limit);
    }

    [Fact]
    public void A_window_shorter_than_the_shortest_window_decides_nothing_however_many_files_it_saw()
    {
        var controller = new ParallelismController(32, _time);

        for (var i = 0; i < 1000; i++)
        {
            controller.FileCompleted(FileSize);
        }

        _time.Advance(ParallelismController.MinWindow - TimeSpan.FromMilliseconds(1));
        controller.FileCompleted(FileSize);

        Assert.Equal(8, controller.Limit);
    }

    [Fact]
    public void A_window_ends_early_once_each_slot_has_done_its_files_so_a_short_round_trip_ramps_up_in_milliseconds()
    {
        // Given a cap of 32 and a server 10 ms away: each slot completes a file every 10 ms
        var controller = new ParallelismController(32, _time);
        var elapsed = TimeSpan.Zero;

        // When every file in flight completes each round trip, until the limit stops changing
        for (var roundTrip = 0; roundTrip < 10 && controller.Limit < 32; roundTrip++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            elapsed += TimeSpan.FromMilliseconds(10);
            var inFlight = controller.Limit;
            for (var i = 0; i < inFlight; i++)
            {
                controller.FileCompleted(FileSize);
            }
        }

        // Then it reached the cap after two round trips per step (8 -> 16 -> 32), far sooner than the longest window
        Assert.Equal(32, controller.Limit);
        Assert.Equal(TimeSpan.FromMilliseconds(40), elapsed);
    }

    [Fact]
    public void With_fewer_files_than_the_slots_need_a_window_lasts_the_longest_window()
    {
        // Given a limit of 8: a window ends early after 16 files
        var controller = new ParallelismController(32, _time);

        // When 15 files complete in just under the longest window (large files, or a slow server)
        for (var i = 0; i < ParallelismController.FilesPerSlot * 8 - 2; i++)
        {
            controller.FileCompleted(FileSize);
        }

        _time.Advance(ParallelismController.Window - TimeSpan.FromMilliseconds(1));
        controller.FileCompleted(FileSize);

        // Then no decision yet; the next file, at the longest window, decides
        Assert.Equal(8, controller.Limit);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        controller.FileCompleted(FileSize);
        Assert.Equal(16, controller.Limit);
    }

    [Fact]
    public void A_larger_limit_that_does_not_pay_is_undone_and_held_before_the_next_try()
    {
        // Given a controller that stepped from 8 to 16
        var controller = new ParallelismController(32, _time);
        Window(controller, 10);
        Assert.Equal(16, controller.Limit);

        // When 16 in flight give no more than 8 did (10 files a window, 5% more bytes)
        Window(controller, 10, FileSize * 105 / 100);

        // Then it goes back to 8 and holds it for the hold windows, even when a window is faster
        Assert.Equal(8, controller.Limit);
        for (var i = 0; i < ParallelismController.HoldWindows; i++)
        {
            Window(controller, 30);
            Assert.Equal(8, controller.Limit);
        }

        // And after the hold it tries 16 again
        Window(controller, 30);
        Assert.Equal(16, controller.Limit);
    }

    [Fact]
    public void Larger_files_per_second_in_bytes_count_as_growth_too()
    {
        // Given a controller that stepped from 8 to 16 on a file rate
        var controller = new ParallelismController(64, _time);
        Window(controller, 4, 16L << 20);

        // When 16 in flight bring as many files per window but larger ones (more bytes per second)
        Window(controller, 4, 20L << 20);

        // Then the step paid: it doubles again
        Assert.Equal(32, controller.Limit);
    }

    [Fact]
    public void Pushback_halves_the_limit_once_per_window_and_never_below_one()
    {
        // Given a controller at 16
        var controller = new ParallelismController(32, _time);
        Window(controller, 10);
        Assert.Equal(16, controller.Limit);

        // When several files in flight report a pushback within one window
        controller.PushedBack();
        controller.PushedBack();
        controller.PushedBack();

        // Then the limit halved once
        Assert.Equal(8, controller.Limit);

        // And each later window with a pushback halves it again, down to one file at a time
        for (var i = 0; i < 5; i++)
        {
            Window(controller, 1);
            controller.PushedBack();
        }

        Assert.Equal(1, controller.Limit);
    }

    [Fact]
    public void After_a_pushback_the_limit_is_held_then_grows_again_when_that_pays()
    {
        var controller = new ParallelismController(32, _time);
        controller.PushedBack();
        Assert.Equal(4, controller.Limit);

        for (var i = 0; i < ParallelismController.HoldWindows; i++)
        {
            Window(controller, 10 + i);
            Assert.Equal(4, controller.Limit);
        }

        Window(controller, 20);
        Assert.Equal(8, controller.Limit);
    }

    [Fact]
    public async Task A_worker_past_the_limit_waits_until_the_limit_reaches_its_slot()
    {
        // Given a limit of 8: slot 7 may work, slot 8 may not
        var controller = new ParallelismController(32, _time);
        Assert.True(controller.WaitForSlotAsync(7, CancellationToken.None).AsTask().IsCompletedSuccessfully);
        var waiting = controller.WaitForSlotAsync(8, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        // When the limit grows to 16
        Window(controller, 10);

        // Then the waiting worker may go
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Complete_releases_the_workers_still_waiting_for_a_slot()
    {
        var controller = new ParallelismController(32, _time);
        var waiting = controller.WaitForSlotAsync(20, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        controller.Complete();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
