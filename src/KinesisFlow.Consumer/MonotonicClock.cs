namespace KinesisFlow.Consumer;

/// <summary>Monotonic time as the pure policies take it: an offset on this host's clock that never jumps with the wall clock.</summary>
internal static class MonotonicClock
{
    public static TimeSpan Monotonic(this TimeProvider time) => time.GetElapsedTime(0, time.GetTimestamp());
}
