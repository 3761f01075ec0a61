using System.Globalization;

namespace KinesisFlow.TestKit.Simulation;

/// <summary>What a fleet asked of the lease table over a window of (simulated) time, per kind of call and in all.</summary>
/// <param name="Window">How long the calls were counted for.</param>
/// <param name="Calls">Calls per kind (the store method's name), failed and throttled ones included.</param>
/// <param name="ItemsRead">Items returned by reads.</param>
/// <param name="BytesRead">Bytes of the items returned by reads.</param>
/// <param name="BytesWritten">Bytes of the items written (as seen by the writer).</param>
/// <param name="ReadUnits">Read capacity units consumed, by DynamoDB's rules.</param>
/// <param name="WriteUnits">Write capacity units consumed, by DynamoDB's rules.</param>
public sealed record LeaseTableUsage(
    TimeSpan Window,
    IReadOnlyDictionary<string, long> Calls,
    long ItemsRead,
    long BytesRead,
    long BytesWritten,
    double ReadUnits,
    double WriteUnits)
{
    public double CallsPerMinute => Calls.Values.Sum() / Window.TotalMinutes;

    public double ReadUnitsPerSecond => ReadUnits / Window.TotalSeconds;

    public double WriteUnitsPerSecond => WriteUnits / Window.TotalSeconds;

    /// <summary>US$ a month at on-demand prices if the fleet kept asking at this rate.</summary>
    public double MonthlyReadCost => ReadUnitsPerSecond * DynamoDbCapacity.SecondsPerMonth * DynamoDbCapacity.PricePerMillionReads / 1e6;

    /// <summary>US$ a month at on-demand prices if the fleet kept asking at this rate.</summary>
    public double MonthlyWriteCost => WriteUnitsPerSecond * DynamoDbCapacity.SecondsPerMonth * DynamoDbCapacity.PricePerMillionWrites / 1e6;

    public double CallsPerMinuteOf(string kind) => Calls.GetValueOrDefault(kind) / Window.TotalMinutes;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{CallsPerMinute:F0} calls/min ({string.Join(", ", Calls.OrderByDescending(pair => pair.Value).Select(pair => $"{pair.Key} {CallsPerMinuteOf(pair.Key):F0}"))}); "
        + $"{ReadUnitsPerSecond:F1} RCU/s, {WriteUnitsPerSecond:F1} WCU/s; {BytesRead / Window.TotalSeconds / 1024:F1} KB/s read; "
        + $"${MonthlyReadCost:F2} + ${MonthlyWriteCost:F2} a month on demand");
}
