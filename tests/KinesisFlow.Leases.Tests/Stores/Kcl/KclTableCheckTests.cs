using Amazon.DynamoDBv2.Model;
using KinesisFlow.Leases.DynamoDb;
using KinesisFlow.TestKit.Kcl;

namespace KinesisFlow.Leases.Tests.Stores.Kcl;

public sealed class KclTableCheckTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_764_950_400);

    [Fact]
    public void A_single_stream_table_a_kcl_application_left_is_accepted_with_its_migration_state_and_stale_metrics()
    {
        var stopped = Now - KclTableCheck.WorkerMetricsLiveFor - TimeSpan.FromSeconds(1);
        var leader = KclItems.Leader();
        leader["isReleased"] = new() { BOOL = true };
        List<Dictionary<string, AttributeValue>> items =
        [
            KclItems.Kcl2Lease("shardId-000000000001"),
            KclItems.Kcl3LeaseHandingOff("shardId-000000000002"),
            KclItems.LeaseWithPendingCheckpoint("shardId-000000000003"),
            KclItems.ClientVersionMigration(),
            KclItems.TableMigration(),
            KclItems.WorkerMetrics(KclItems.KclWorker, stopped),
            leader,
        ];

        Assert.Null(KclTableCheck.Refusal(items, "orders-app", Now));
    }

    [Fact]
    public void A_multi_stream_table_is_refused_naming_a_lease()
    {
        var refusal = KclTableCheck.Refusal([KclItems.Kcl2Lease("shardId-000000000001"), KclItems.MultiStreamLease("shardId-000000000000")], "orders-app", Now);

        AssertOneLine(refusal, "'orders-app'", "multi-stream", "'123456789012:flow-logs:1700000000:shardId-000000000000'", "--lease-table");
    }

    [Fact]
    public void A_lease_keyed_like_a_multi_stream_lease_without_its_stream_attribute_is_refused_too()
    {
        var item = KclItems.Kcl2Lease("123456789012:flow-logs:1700000000:shardId-000000000000");

        AssertOneLine(KclTableCheck.Refusal([item], "orders-app", Now), "multi-stream");
    }

    [Fact]
    public void A_kcl_worker_reporting_its_metrics_now_is_refused_naming_it()
    {
        var refusal = KclTableCheck.Refusal([KclItems.WorkerMetrics("kcl-worker-7", Now - TimeSpan.FromSeconds(12))], "orders-app", Now);

        AssertOneLine(refusal, "'orders-app'", "KCL workers", "'kcl-worker-7'", "12 s ago", "stop them");
    }

    [Fact]
    public void A_held_kcl_leader_lock_is_refused_saying_how_to_clear_a_crashed_one()
    {
        var refusal = KclTableCheck.Refusal([KclItems.Leader()], "orders-app", Now);

        AssertOneLine(refusal, "leader lock", $"'{KclItems.KclWorker}'", "delete the item with leaseKey 'Leader'");
    }

    [Fact]
    public void KinesisFlows_own_leader_item_and_heartbeats_are_not_taken_for_KCL_workers()
    {
        Dictionary<string, AttributeValue> leader = new(StringComparer.Ordinal)
        {
            [LeaseAttributes.LeaseKey] = new() { S = Coordination.Leases.LeaderLease.Key },
            [LeaseAttributes.EntityType] = new() { S = LeaseAttributes.LeaderEntityType },
            [LeaseAttributes.WorkerId] = new() { S = "worker-a" },
            [LeaseAttributes.LeaderCounter] = new() { N = "12" },
            [LeaseAttributes.HeartbeatCounter] = new() { N = "40" },
        };
        Dictionary<string, AttributeValue> heartbeat = new(StringComparer.Ordinal)
        {
            [LeaseAttributes.LeaseKey] = new() { S = Coordination.Leases.WorkerHeartbeat.KeyOf("worker-a") },
            [LeaseAttributes.EntityType] = new() { S = LeaseAttributes.HeartbeatEntityType },
            [LeaseAttributes.WorkerId] = new() { S = "worker-a" },
            [LeaseAttributes.HeartbeatCounter] = new() { N = "40" },
        };

        Assert.Null(KclTableCheck.Refusal([KclItems.Kcl2Lease("shardId-000000000001"), leader, heartbeat], "orders-app", Now));
    }

    private static void AssertOneLine(string? refusal, params string[] mentions)
    {
        Assert.NotNull(refusal);
        Assert.DoesNotContain('\n', refusal);
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, refusal, StringComparison.Ordinal);
        }
    }
}
