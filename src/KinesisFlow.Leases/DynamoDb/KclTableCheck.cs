using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace KinesisFlow.Leases.DynamoDb;

/// <summary>
/// Refuses, at start-up, a lease table KinesisFlow must not work in: a KCL multi-stream table (its lease keys are not
/// shard ids: KinesisFlow would take leases Kinesis rejects and create duplicates of the real shards' leases at the
/// initial position), or a table KCL 3.5+ workers are using now (mixed fleets are not supported: KinesisFlow's
/// workers and the KCL's assign and hand off leases by different rules and would take each other's leases).
/// </summary>
public static class KclTableCheck
{
    /// <summary>
    /// A KCL 3.5+ worker writes its metrics item every 30 s by default; one not rewritten for this long belongs to a
    /// worker that stopped (the KCL itself deletes such items only after a day).
    /// </summary>
    public static readonly TimeSpan WorkerMetricsLiveFor = TimeSpan.FromMinutes(5);

    /// <summary>The one-line reason to refuse the table, or null when KinesisFlow may use it.</summary>
    public static string? Refusal(IEnumerable<IReadOnlyDictionary<string, AttributeValue>> items, string tableName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            var key = item.TryGetValue(LeaseAttributes.LeaseKey, out var keyValue) ? keyValue.S : null;
            var type = item.TryGetValue(LeaseAttributes.EntityType, out var typeValue) ? typeValue.S : null;
            if (LeaseItemMapper.IsLease(item))
            {
                if (item.ContainsKey(LeaseAttributes.StreamName) || key?.Contains(':', StringComparison.Ordinal) == true)
                {
                    return $"Lease table '{tableName}' belongs to a KCL multi-stream application (lease '{key}'); KinesisFlow uses single-stream lease tables only: "
                        + "give it a table of its own (--lease-table, KinesisFlow:Leases:TableName); see docs/leases.md, Migrating.";
                }
            }
            else if (type == WorkerMetricsEntityType && LastReport(item) is { } reported && now - reported < WorkerMetricsLiveFor)
            {
                var ago = Math.Max(0, (long)(now - reported).TotalSeconds);
                return $"Lease table '{tableName}' is in use by KCL workers (worker '{key}' reported its metrics {ago.ToString(CultureInfo.InvariantCulture)} s ago); "
                    + "KinesisFlow does not run beside KCL workers: stop them, then start KinesisFlow; see docs/leases.md, Migrating.";
            }
            else if (type == LeaderEntityType && !IsReleased(item))
            {
                var owner = item.TryGetValue(LeaderOwnerName, out var ownerValue) ? ownerValue.S : null;
                return $"Lease table '{tableName}' holds a KCL leader lock (owner '{owner}'): KCL workers use this table, and KinesisFlow does not run beside them; "
                    + $"stop them (a stopped KCL fleet releases the lock; if one crashed, delete the item with leaseKey '{key}'); see docs/leases.md, Migrating.";
            }
        }

        return null;
    }

    // The KCL 3.5 entity types and attributes this check reads (WorkerMetricStats, LeaderLock and the lock client's item).
    private const string WorkerMetricsEntityType = "WORKER_METRIC_STATS";
    private const string WorkerMetricsLastUpdate = "lut";
    private const string LeaderEntityType = "LEADER";
    private const string LeaderOwnerName = "ownerName";
    private const string LeaderReleased = "isReleased";

    private static DateTimeOffset? LastReport(IReadOnlyDictionary<string, AttributeValue> item) =>
        item.TryGetValue(WorkerMetricsLastUpdate, out var value)
        && long.TryParse(value.N, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds is >= 0 and < 253_402_300_800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    // The lock client marks a released lock with a boolean (older versions: the string "1"), or deletes it.
    private static bool IsReleased(IReadOnlyDictionary<string, AttributeValue> item) =>
        item.TryGetValue(LeaderReleased, out var value) && (value.BOOL == true || value.S == "1");
}
