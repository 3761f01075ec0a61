using Amazon.DynamoDBv2.Model;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Leases.DynamoDb;

namespace KinesisFlow.Leases.Tests.Stores;

public sealed class LeaseItemMapperTests
{
    [Fact]
    public void An_item_written_by_the_kcl_maps_to_a_lease()
    {
        // The shape a KCL 2.x worker leaves in its lease table (attribute names and types as the KCL writes them).
        var item = new Dictionary<string, AttributeValue>
        {
            ["leaseKey"] = new() { S = "shardId-000000000003" },
            ["leaseOwner"] = new() { S = "ip-10-0-0-1:7f4e" },
            ["leaseCounter"] = new() { N = "1523" },
            ["checkpoint"] = new() { S = "49590338271490256608559692540925702759324208523137515618" },
            ["checkpointSubSequenceNumber"] = new() { N = "0" },
            ["ownerSwitchesSinceCheckpoint"] = new() { N = "1" },
            ["parentShardId"] = new() { SS = ["shardId-000000000001", "shardId-000000000000"] },
            ["startingHashKey"] = new() { S = "0" },
            ["endingHashKey"] = new() { S = "340282366920938463463374607431768211455" },
        };

        var lease = LeaseItemMapper.FromItem(item);

        Assert.Equal("shardId-000000000003", lease.LeaseKey);
        Assert.Equal("ip-10-0-0-1:7f4e", lease.LeaseOwner);
        Assert.Equal(1523, lease.LeaseCounter);
        Assert.Equal(new ExtendedSequenceNumber("49590338271490256608559692540925702759324208523137515618"), lease.Checkpoint);
        Assert.Equal(["shardId-000000000000", "shardId-000000000001"], lease.ParentShardIds.ToArray());
        Assert.Empty(lease.ChildShardIds);
        Assert.Equal(HashKeyRange.Full, lease.HashKeyRange);
        Assert.Null(lease.CheckpointOwner);
    }

    [Fact]
    public void Empty_sets_and_unset_values_are_left_out_of_the_item()
    {
        var item = LeaseItemMapper.ToItem(Lease.Create("shardId-000000000000", ExtendedSequenceNumber.ShardEnd));

        Assert.Equal(
            ["checkpoint", "checkpointSubSequenceNumber", "leaseCounter", "leaseKey", "ownerSwitchesSinceCheckpoint"],
            item.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("SHARD_END", item["checkpoint"].S);
    }

    [Fact]
    public void A_malformed_number_names_the_lease_and_attribute()
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["leaseKey"] = new() { S = "shardId-000000000007" },
            ["leaseCounter"] = new() { N = "1.5" },
        };

        var error = Assert.Throws<FormatException>(() => LeaseItemMapper.FromItem(item));

        Assert.Contains("shardId-000000000007", error.Message);
        Assert.Contains("leaseCounter", error.Message);
    }

    [Theory]
    [InlineData(null, true)] // KCL 2.x and KinesisFlow leases
    [InlineData("LEASE", true)] // KCL 3.5+ leases
    [InlineData("LEADER", false)]
    [InlineData("CLIENT_VERSION_MIGRATION", false)]
    [InlineData("TABLE_MIGRATION", false)]
    [InlineData("WORKER_METRIC_STATS", false)]
    [InlineData("STREAM", false)]
    [InlineData("lease", false)] // the KCL compares exactly
    public void Only_items_without_an_entity_type_or_typed_lease_are_leases(string? entityType, bool isLease)
    {
        var item = new Dictionary<string, AttributeValue> { ["leaseKey"] = new() { S = "k" } };
        if (entityType is not null)
        {
            item["entityType"] = new() { S = entityType };
        }

        Assert.Equal(isLease, LeaseItemMapper.IsLease(item));
        Assert.Equal(isLease, LeaseItemMapper.FromItemIfLease(item) is not null);
    }
}
