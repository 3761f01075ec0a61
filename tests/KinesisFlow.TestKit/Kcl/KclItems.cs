using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace KinesisFlow.TestKit.Kcl;

/// <summary>
/// Lease-table items as the Java KCL writes them — attribute names and DynamoDB types as its serializers put them
/// (v2.x and v3.5 <c>DynamoDBLeaseSerializer</c>, <c>DynamoDBMultiStreamLeaseSerializer</c>, the 3.5 coordinator-state
/// items and the lock client's leader item, the 3.5 worker-metrics item); the values are our own test data.
/// </summary>
public static class KclItems
{
    public const string KclWorker = "kcl-worker-1:4d2c";
    public const string Sequence = "49590338271490256608559692538361571095921575989136588898";
    public const string PendingSequence = "49590338271490256608559692538361571095921575989136599999";

    /// <summary>A KCL 2.x single-stream lease, owned, checkpointed (no <c>entityType</c>), a child of shard 0 over half the hash range.</summary>
    public static Dictionary<string, AttributeValue> Kcl2Lease(string shardId, long subSequenceNumber = 0, string checkpoint = Sequence) => new(StringComparer.Ordinal)
    {
        ["leaseKey"] = S(shardId),
        ["leaseCounter"] = N("412"),
        ["leaseOwner"] = S(KclWorker),
        ["ownerSwitchesSinceCheckpoint"] = N("0"),
        ["checkpoint"] = S(checkpoint),
        ["checkpointSubSequenceNumber"] = N(subSequenceNumber.ToString(CultureInfo.InvariantCulture)),
        ["parentShardId"] = new() { SS = ["shardId-000000000000"] },
        ["startingHashKey"] = S("0"),
        ["endingHashKey"] = S("170141183460469231731687303715884105727"),
    };

    /// <summary>
    /// A KCL 3.x lease in the middle of the KCL 3 handoff: <c>throughputKBps</c> (N, a double), <c>checkpointOwner</c>
    /// (the worker finishing), <c>leaseOwner</c> (the worker taking over), and 3.5's <c>entityType</c> LEASE.
    /// </summary>
    public static Dictionary<string, AttributeValue> Kcl3LeaseHandingOff(string shardId)
    {
        var item = Kcl2Lease(shardId);
        item["leaseOwner"] = S("kcl-worker-2:91ab");
        item["checkpointOwner"] = S(KclWorker);
        item["throughputKBps"] = N("812.375");
        item["entityType"] = S("LEASE");
        return item;
    }

    /// <summary>A KCL lease left with a pending checkpoint (the two-phase checkpoint of a KCL shutdown).</summary>
    public static Dictionary<string, AttributeValue> LeaseWithPendingCheckpoint(string shardId)
    {
        var item = Kcl2Lease(shardId);
        item["pendingCheckpoint"] = S(PendingSequence);
        item["pendingCheckpointSubSequenceNumber"] = N("0");
        item["pendingCheckpointState"] = new() { B = new MemoryStream([0x01, 0x02, 0x03]) };
        item["throughputKBps"] = N("0.5");
        item["entityType"] = S("LEASE");
        return item;
    }

    /// <summary>A KCL multi-stream lease: key <c>account:stream:creationEpoch:shardId</c>, <c>streamName</c> and <c>shardId</c>.</summary>
    public static Dictionary<string, AttributeValue> MultiStreamLease(string shardId)
    {
        const string stream = "123456789012:flow-logs:1700000000";
        var item = Kcl2Lease(stream + ":" + shardId);
        item["streamName"] = S(stream);
        item["shardId"] = S(shardId);
        return item;
    }

    /// <summary>KCL 3.5's leader lock (the DynamoDB lock client's item, key <c>Leader</c>).</summary>
    public static Dictionary<string, AttributeValue> Leader() => new(StringComparer.Ordinal)
    {
        ["leaseKey"] = S("Leader"),
        ["entityType"] = S("LEADER"),
        ["ownerName"] = S(KclWorker),
        ["leaseDuration"] = S("10000"),
        ["recordVersionNumber"] = S("8d0c1f1e-3b8e-4a59-9b59-0b6f3c1d2e4f"),
    };

    /// <summary>KCL 3.x's client-version migration state (2.x → 3.x), in the lease table since 3.5.</summary>
    public static Dictionary<string, AttributeValue> ClientVersionMigration() => new(StringComparer.Ordinal)
    {
        ["leaseKey"] = S("Migration3.0"),
        ["entityType"] = S("CLIENT_VERSION_MIGRATION"),
        ["cv"] = S("CLIENT_VERSION_3X"),
        ["mb"] = S(KclWorker),
        ["mts"] = N("1764950400"),
        ["h"] = new()
        {
            L =
            [
                new() { M = new() { ["cv"] = S("CLIENT_VERSION_3X_WITH_ROLLBACK"), ["mb"] = S(KclWorker), ["mts"] = N("1764864000") } },
            ],
        },
    };

    /// <summary>KCL 3.5's table migration state (coordinator and worker-metrics tables folded into the lease table).</summary>
    public static Dictionary<string, AttributeValue> TableMigration() => new(StringComparer.Ordinal)
    {
        ["leaseKey"] = S("TableMigration3.5"),
        ["entityType"] = S("TABLE_MIGRATION"),
        ["tm"] = S("TABLE_MIGRATION_STATUS_COMPLETE"),
        ["mb"] = S(KclWorker),
        ["mts"] = N("1764950400"),
    };

    /// <summary>A KCL 3.5 worker's metrics (key: the worker id), reported at <paramref name="lastUpdate"/> (<c>lut</c>, epoch seconds).</summary>
    public static Dictionary<string, AttributeValue> WorkerMetrics(string workerId, DateTimeOffset lastUpdate) => new(StringComparer.Ordinal)
    {
        ["leaseKey"] = S(workerId),
        ["entityType"] = S("WORKER_METRIC_STATS"),
        ["lut"] = N(lastUpdate.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ["sts"] = new() { M = new() { ["CPU"] = new() { L = [N("42.5"), N("40.1")] } } },
        ["opr"] = new() { M = new() { ["CPU"] = new() { L = [N("100")] } } },
        ["sup"] = N("1"),
        ["slu"] = N(lastUpdate.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
    };

    /// <summary>Every non-lease item a KCL 3.5 table holds.</summary>
    public static IReadOnlyList<Dictionary<string, AttributeValue>> NonLeaseItems(DateTimeOffset metricsAt) =>
        [Leader(), ClientVersionMigration(), TableMigration(), WorkerMetrics(KclWorker, metricsAt)];

    public static string KeyOf(IReadOnlyDictionary<string, AttributeValue> item) => item["leaseKey"].S;

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(string value) => new() { N = value };
}
