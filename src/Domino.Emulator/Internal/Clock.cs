namespace Domino.Emulator.Internal;

/// <summary>The emulator's notion of now, as Domino sends it: epoch milliseconds.</summary>
internal static class Clock
{
    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
