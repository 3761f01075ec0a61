using System.Globalization;

namespace KinesisFlow.Coordination.Leases;

/// <summary>
/// A shard's inclusive range of 128-bit hash keys. Stored in the lease table as decimal strings
/// (<c>startingHashKey</c>, <c>endingHashKey</c>) as the KCL does.
/// </summary>
public readonly record struct HashKeyRange
{
    public HashKeyRange(UInt128 startingHashKey, UInt128 endingHashKey)
    {
        if (endingHashKey < startingHashKey)
        {
            throw new ArgumentException($"Hash key range ends ({endingHashKey}) before it starts ({startingHashKey}).", nameof(endingHashKey));
        }

        StartingHashKey = startingHashKey;
        EndingHashKey = endingHashKey;
    }

    /// <summary>Every hash key: what the union of a stream's open shards always covers.</summary>
    public static HashKeyRange Full { get; } = new(UInt128.MinValue, UInt128.MaxValue);

    public UInt128 StartingHashKey { get; }

    public UInt128 EndingHashKey { get; }

    public static HashKeyRange Parse(string startingHashKey, string endingHashKey) =>
        new(UInt128.Parse(startingHashKey, NumberStyles.None, CultureInfo.InvariantCulture),
            UInt128.Parse(endingHashKey, NumberStyles.None, CultureInfo.InvariantCulture));

    public override string ToString() => $"[{StartingHashKey}..{EndingHashKey}]";
}
