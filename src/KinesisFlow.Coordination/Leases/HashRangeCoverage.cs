namespace KinesisFlow.Coordination.Leases;

/// <summary>Finds the hash keys no range covers: a hole means some records of the stream would never be read.</summary>
public static class HashRangeCoverage
{
    public static IReadOnlyList<HashKeyRange> FindHoles(IEnumerable<HashKeyRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var holes = new List<HashKeyRange>();
        var next = UInt128.MinValue;
        var done = false;
        foreach (var range in ranges.OrderBy(range => range.StartingHashKey))
        {
            if (done || range.EndingHashKey < next)
            {
                continue;
            }

            if (range.StartingHashKey > next)
            {
                holes.Add(new HashKeyRange(next, range.StartingHashKey - 1));
            }

            // UInt128.MaxValue + 1 would wrap to zero: the sweep is complete instead.
            done = range.EndingHashKey == UInt128.MaxValue;
            next = done ? next : range.EndingHashKey + 1;
        }

        if (!done)
        {
            holes.Add(new HashKeyRange(next, UInt128.MaxValue));
        }

        return holes;
    }
}
