namespace KinesisFlow.Consumer.Supervision;

/// <summary>How long a faulted shard task waits before its next start: doubling per fault in a row, capped.</summary>
internal static class RestartBackoff
{
    public static TimeSpan After(int faultsInARow, TimeSpan first, TimeSpan max)
    {
        var ticks = first.Ticks * Math.Pow(2, Math.Clamp(faultsInARow - 1, 0, 30));
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
