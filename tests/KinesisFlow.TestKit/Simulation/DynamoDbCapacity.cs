using Amazon.DynamoDBv2.Model;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Leases.DynamoDb;

namespace KinesisFlow.TestKit.Simulation;

/// <summary>
/// DynamoDB's sizing and capacity rules, applied to what a lease table call reads or writes: an item's size is the
/// UTF-8 length of every attribute name plus its value (a number takes about one byte per two significant digits,
/// plus one); a strongly consistent read costs one read unit per 4 KB (a Scan or Query: of all items it returned, together),
/// an eventually consistent read half that; a write costs one write unit per 1 KB of the item, failed conditions
/// included. On-demand prices: us-east-1, per million request units, as AWS publishes them.
/// </summary>
public static class DynamoDbCapacity
{
    public const double ReadUnitBytes = 4096;
    public const double WriteUnitBytes = 1024;

    /// <summary>US$ per million read request units (on-demand, us-east-1).</summary>
    public const double PricePerMillionReads = 0.125;

    /// <summary>US$ per million write request units (on-demand, us-east-1).</summary>
    public const double PricePerMillionWrites = 0.625;

    /// <summary>Seconds in the 30-day month the prices are quoted for.</summary>
    public const double SecondsPerMonth = 30 * 24 * 3600;

    /// <summary>The lease's item as <see cref="LeaseItemMapper"/> writes it, sized by DynamoDB's rule.</summary>
    public static int ItemBytes(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var bytes = 0;
        foreach (var (name, value) in LeaseItemMapper.ToItem(lease))
        {
            bytes += System.Text.Encoding.UTF8.GetByteCount(name) + ValueBytes(value);
        }

        return bytes;
    }

    /// <summary>Read units of one request returning <paramref name="bytes"/> in all (at least one).</summary>
    public static double ReadUnits(long bytes, bool consistent) =>
        Math.Max(1, Math.Ceiling(bytes / ReadUnitBytes)) * (consistent ? 1 : 0.5);

    /// <summary>Write units of writing one item of <paramref name="bytes"/> (at least one).</summary>
    public static double WriteUnits(long bytes) => Math.Max(1, Math.Ceiling(bytes / WriteUnitBytes));

    private static int ValueBytes(AttributeValue value)
    {
        if (value.S is { } text)
        {
            return System.Text.Encoding.UTF8.GetByteCount(text);
        }

        if (value.N is { } number)
        {
            return (number.TrimStart('-').Replace(".", string.Empty, StringComparison.Ordinal).Length + 1) / 2 + 1;
        }

        var bytes = 0;
        foreach (var element in value.SS ?? [])
        {
            bytes += System.Text.Encoding.UTF8.GetByteCount(element);
        }

        foreach (var element in value.NS ?? [])
        {
            bytes += (element.Length + 1) / 2 + 1;
        }

        return Math.Max(bytes, 1);
    }
}
