using Amazon.DynamoDBv2.Model;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Leases.DynamoDb;

namespace KinesisFlow.TestKit.Simulation;

/// <summary>
/// DynamoDB's sizing and capacity rules, applied to what a lease table call reads or writes: an item's size is the
/// UTF-8 length of every attribute name plus its value (a number takes about one byte per two significant digits,
/// plus one; a list or map 3 bytes plus one per element plus its elements, a map's names included); a strongly consistent read costs one read unit per 4 KB (a Scan or Query: of all items it returned, together),
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
        return ItemBytes(LeaseItemMapper.ToItem(lease));
    }

    /// <summary>
    /// A worker's heartbeat item as <see cref="DynamoDbLeaseStore"/> writes it (key, entity type, worker id, counter, and
    /// its lag report if any), sized by DynamoDB's rule.
    /// </summary>
    public static int ItemBytes(WorkerHeartbeat heartbeat)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [LeaseAttributes.LeaseKey] = LeaseItemMapper.String(WorkerHeartbeat.KeyOf(heartbeat.WorkerId)),
            [LeaseAttributes.EntityType] = LeaseItemMapper.String(LeaseAttributes.HeartbeatEntityType),
            [LeaseAttributes.WorkerId] = LeaseItemMapper.String(heartbeat.WorkerId),
            [LeaseAttributes.HeartbeatCounter] = LeaseItemMapper.Number(heartbeat.Counter),
        };
        if (heartbeat.Lags is { } lags)
        {
            foreach (var (name, value) in LeaseItemMapper.LagAttributes(lags))
            {
                item[name] = value;
            }
        }

        return ItemBytes(item);
    }

    /// <summary>Read units of one request returning <paramref name="bytes"/> in all (at least one).</summary>
    public static double ReadUnits(long bytes, bool consistent) =>
        Math.Max(1, Math.Ceiling(bytes / ReadUnitBytes)) * (consistent ? 1 : 0.5);

    /// <summary>Write units of writing one item of <paramref name="bytes"/> (at least one).</summary>
    public static double WriteUnits(long bytes) => Math.Max(1, Math.Ceiling(bytes / WriteUnitBytes));

    private static int ItemBytes(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var bytes = 0;
        foreach (var (name, value) in item)
        {
            bytes += System.Text.Encoding.UTF8.GetByteCount(name) + ValueBytes(value);
        }

        return bytes;
    }

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

        if (value.M is { Count: > 0 } map)
        {
            return 3 + map.Count + ItemBytes(map);
        }

        if (value.L is { Count: > 0 } list)
        {
            var listBytes = 3;
            foreach (var element in list)
            {
                listBytes += 1 + ValueBytes(element);
            }

            return listBytes;
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
