using System.Collections.Immutable;
using System.Globalization;
using Amazon.DynamoDBv2.Model;
using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.Leases.DynamoDb;

/// <summary>
/// Converts between <see cref="Lease"/> and a lease table item, apart from any DynamoDB call. Absent attributes mean
/// null/empty/zero, as in items the KCL writes; empty sets are left out because DynamoDB forbids them.
/// </summary>
public static class LeaseItemMapper
{
    public static Dictionary<string, AttributeValue> ToItem(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [LeaseAttributes.LeaseKey] = String(lease.LeaseKey),
            [LeaseAttributes.LeaseCounter] = Number(lease.LeaseCounter),
            [LeaseAttributes.Checkpoint] = String(lease.Checkpoint.SequenceNumber),
            [LeaseAttributes.CheckpointSubSequenceNumber] = Number(lease.Checkpoint.SubSequenceNumber),
            [LeaseAttributes.OwnerSwitchesSinceCheckpoint] = Number(lease.OwnerSwitchesSinceCheckpoint),
        };
        AddIfSet(item, LeaseAttributes.LeaseOwner, lease.LeaseOwner);
        AddIfSet(item, LeaseAttributes.CheckpointOwner, lease.CheckpointOwner);
        AddIfAny(item, LeaseAttributes.ParentShardId, lease.ParentShardIds);
        AddIfAny(item, LeaseAttributes.ChildShardIds, lease.ChildShardIds);
        if (lease.HashKeyRange is { } range)
        {
            item[LeaseAttributes.StartingHashKey] = String(range.StartingHashKey.ToString(CultureInfo.InvariantCulture));
            item[LeaseAttributes.EndingHashKey] = String(range.EndingHashKey.ToString(CultureInfo.InvariantCulture));
        }

        return item;
    }

    /// <summary>
    /// True for a lease: an item without <c>entityType</c> (KCL 2.x, KinesisFlow) or with <c>entityType</c> LEASE
    /// (KCL 3.5+). Anything else (the KCL's leader, migration-state and worker-metrics items) is not KinesisFlow's to
    /// list, take or rewrite.
    /// </summary>
    public static bool IsLease(IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return !item.TryGetValue(LeaseAttributes.EntityType, out var type) || type.S == LeaseAttributes.LeaseEntityType;
    }

    /// <summary>The item as a lease, or null when it is not one (<see cref="IsLease"/>).</summary>
    /// <summary>The worker heartbeat an item holds, or null when it is not a KinesisFlow heartbeat item.</summary>
    public static WorkerHeartbeat? HeartbeatOf(IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!item.TryGetValue(LeaseAttributes.EntityType, out var type) || type.S != LeaseAttributes.HeartbeatEntityType
            || GetString(item, LeaseAttributes.WorkerId) is not { } workerId)
        {
            return null;
        }

        return new WorkerHeartbeat(workerId, GetLong(item, workerId, LeaseAttributes.HeartbeatCounter) ?? 0, LagsOf(item, workerId));
    }

    /// <summary>
    /// The heartbeat item's lag attributes for <paramref name="lags"/>: <see cref="LeaseAttributes.ShardLags"/> (shard id →
    /// [MillisBehindLatest, shard lag]) and <see cref="LeaseAttributes.LagReportedAt"/>.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, AttributeValue>> LagAttributes(LagReport lags)
    {
        ArgumentNullException.ThrowIfNull(lags);
        var map = new Dictionary<string, AttributeValue>(lags.Shards.Count, StringComparer.Ordinal);
        foreach (var (shardId, figures) in lags.Shards)
        {
            map[shardId] = new AttributeValue { L = [Number(figures.MillisBehindLatest), Number(figures.ShardLagMillis)] };
        }

        yield return new(LeaseAttributes.ShardLags, new AttributeValue { M = map });
        yield return new(LeaseAttributes.LagReportedAt, Number(lags.ReportedAt.ToUnixTimeMilliseconds()));
    }

    // The lag report of a heartbeat item; entries not of the written shape are skipped (display only: never fail a scan).
    private static LagReport? LagsOf(IReadOnlyDictionary<string, AttributeValue> item, string workerId)
    {
        if (!item.TryGetValue(LeaseAttributes.ShardLags, out var lags) || lags.M is not { Count: > 0 } map
            || GetLong(item, workerId, LeaseAttributes.LagReportedAt) is not { } reportedAt)
        {
            return null;
        }

        var shards = new Dictionary<string, ShardLagFigures>(map.Count, StringComparer.Ordinal);
        foreach (var (shardId, value) in map)
        {
            if (value.L is [{ N: { } behind }, { N: { } lag }]
                && long.TryParse(behind, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var behindMillis)
                && long.TryParse(lag, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var lagMillis))
            {
                shards[shardId] = new ShardLagFigures(behindMillis, lagMillis);
            }
        }

        return new LagReport(DateTimeOffset.FromUnixTimeMilliseconds(reportedAt), shards);
    }

    /// <summary>The leader lock an item holds, or null when it is not KinesisFlow's leader item.</summary>
    public static LeaderLease? LeaderOf(IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!item.TryGetValue(LeaseAttributes.EntityType, out var type) || type.S != LeaseAttributes.LeaderEntityType
            || GetString(item, LeaseAttributes.WorkerId) is not { } workerId)
        {
            return null;
        }

        return new LeaderLease(
            workerId,
            GetLong(item, LeaderLease.Key, LeaseAttributes.LeaderCounter) ?? 0,
            GetLong(item, LeaderLease.Key, LeaseAttributes.HeartbeatCounter) ?? 0);
    }

    public static Lease? FromItemIfLease(IReadOnlyDictionary<string, AttributeValue> item) => IsLease(item) ? FromItem(item) : null;

    /// <exception cref="FormatException">The item lacks its key or holds a value of the wrong shape; the message names the attribute.</exception>
    public static Lease FromItem(IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var key = GetString(item, LeaseAttributes.LeaseKey) ?? throw new FormatException($"Lease item without '{LeaseAttributes.LeaseKey}'.");
        var starting = GetString(item, LeaseAttributes.StartingHashKey);
        var ending = GetString(item, LeaseAttributes.EndingHashKey);
        return new Lease
        {
            LeaseKey = key,
            LeaseOwner = GetString(item, LeaseAttributes.LeaseOwner),
            LeaseCounter = GetLong(item, key, LeaseAttributes.LeaseCounter) ?? 0,
            Checkpoint = new ExtendedSequenceNumber(
                GetString(item, LeaseAttributes.Checkpoint) ?? ExtendedSequenceNumber.TrimHorizonValue,
                GetLong(item, key, LeaseAttributes.CheckpointSubSequenceNumber) ?? 0),
            OwnerSwitchesSinceCheckpoint = GetLong(item, key, LeaseAttributes.OwnerSwitchesSinceCheckpoint) ?? 0,
            ParentShardIds = GetSet(item, LeaseAttributes.ParentShardId),
            ChildShardIds = GetSet(item, LeaseAttributes.ChildShardIds),
            HashKeyRange = starting is not null && ending is not null ? HashKeyRange.Parse(starting, ending) : null,
            CheckpointOwner = GetString(item, LeaseAttributes.CheckpointOwner),
        };
    }

    public static AttributeValue String(string value) => new() { S = value };

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue StringSet(IEnumerable<string> values) => new() { SS = [.. values] };

    private static void AddIfSet(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = String(value);
        }
    }

    private static void AddIfAny(Dictionary<string, AttributeValue> item, string name, ImmutableArray<string> values)
    {
        if (!values.IsDefaultOrEmpty)
        {
            item[name] = StringSet(values);
        }
    }

    private static string? GetString(IReadOnlyDictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.S is { } s ? s : null;

    private static long? GetLong(IReadOnlyDictionary<string, AttributeValue> item, string key, string name)
    {
        if (!item.TryGetValue(name, out var value) || value.N is null)
        {
            return null;
        }

        return long.TryParse(value.N, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"Lease {key}: '{name}' is not a whole number ({value.N}).");
    }

    private static ImmutableArray<string> GetSet(IReadOnlyDictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.SS is { Count: > 0 } set
            ? [.. set.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]
            : [];
}
