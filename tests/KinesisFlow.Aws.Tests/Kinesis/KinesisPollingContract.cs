using System.Text;
using KinesisFlow.TestKit;

namespace KinesisFlow.Aws.Tests.Kinesis;

/// <summary>
/// What the polling consumer and the producer rely on, run against both emulators (kinesis-mock and kinesalite) by
/// the derived classes: a real client, a real emulator, real records.
/// </summary>
public abstract class KinesisPollingContract
{
    protected abstract Uri Endpoint { get; }

    [Fact]
    public async Task A_created_stream_is_described_and_lists_its_shards()
    {
        using var client = KinesisEmulatorClient.Create(Endpoint);
        using var bounded = KinesisEmulatorClient.Bounded();
        var name = EmulatorFixture.UniqueName("describe");

        var summary = await client.CreateActiveStreamAsync(name, 3, bounded.Token);
        var shards = await client.ListAllShardsAsync(name, filter: null, bounded.Token, pageSize: 1);

        Assert.Equal(name, summary.StreamName);
        Assert.Equal(3, summary.OpenShardCount);
        Assert.EndsWith(":stream/" + name, summary.StreamArn, StringComparison.Ordinal);
        Assert.Equal(3, shards.Count);
        Assert.Equal(3, shards.Select(s => s.ShardId).Distinct().Count());
        Assert.All(shards, s => Assert.False(s.IsClosed));
        Assert.Equal("0", shards.OrderBy(s => s.ShardId, StringComparer.Ordinal).First().HashKeyRange.StartingHashKey);
    }

    [Fact]
    public async Task Records_put_are_read_back_byte_for_byte_from_the_trim_horizon()
    {
        using var client = KinesisEmulatorClient.Create(Endpoint);
        using var bounded = KinesisEmulatorClient.Bounded();
        var name = EmulatorFixture.UniqueName("roundtrip");
        await client.CreateActiveStreamAsync(name, 1, bounded.Token);
        byte[][] payloads = [[0x1f, 0x8b, 0x08, 0x00, 0xff, 0x00], Encoding.UTF8.GetBytes("{\"messageType\":\"DATA_MESSAGE\"}"), new byte[3000]];
        Random.Shared.NextBytes(payloads[2]);

        var put = await client.PutRecordsAsync(
            new PutRecordsRequest(name, [.. payloads.Select((p, i) => new PutRecordsEntry(p, "pk-" + i))]),
            bounded.Token);
        var shardId = put.Records[0].ShardId!;
        var iterator = await client.GetShardIteratorAsync(new GetShardIteratorRequest(name, shardId, StartingPosition.TrimHorizon), bounded.Token);
        var (records, last) = await client.ReadAsync(iterator, payloads.Length, bounded.Token);

        Assert.Equal(0, put.FailedRecordCount);
        Assert.All(put.Records, r => Assert.True(r.Succeeded));
        Assert.Equal(put.Records.Select(r => r.SequenceNumber), records.Select(r => r.SequenceNumber));
        Assert.Equal(payloads, records.Select(r => r.Data.ToArray()));
        Assert.Equal(["pk-0", "pk-1", "pk-2"], records.Select(r => r.PartitionKey));
        Assert.All(records, r => Assert.NotNull(r.ApproximateArrivalTimestamp));
        Assert.NotNull(last.NextShardIterator);
        Assert.NotNull(last.MillisBehindLatest);
    }

    [Fact]
    public async Task Each_starting_position_starts_where_it_says()
    {
        using var client = KinesisEmulatorClient.Create(Endpoint);
        using var bounded = KinesisEmulatorClient.Bounded();
        var name = EmulatorFixture.UniqueName("positions");
        await client.CreateActiveStreamAsync(name, 1, bounded.Token);
        var put = await client.PutRecordsAsync(
            new PutRecordsRequest(name, [.. Enumerable.Range(1, 3).Select(i => new PutRecordsEntry(new[] { (byte)i }, "pk"))]),
            bounded.Token);
        var shardId = put.Records[0].ShardId!;
        var sequence = put.Records.Select(r => r.SequenceNumber!).ToArray();
        var latest = await client.GetShardIteratorAsync(new GetShardIteratorRequest(name, shardId, StartingPosition.Latest), bounded.Token);
        var (all, _) = await client.ReadAsync(
            await client.GetShardIteratorAsync(new GetShardIteratorRequest(name, shardId, StartingPosition.TrimHorizon), bounded.Token), 3, bounded.Token);

        async Task<string[]> From(StartingPosition position, int expected)
        {
            var iterator = await client.GetShardIteratorAsync(new GetShardIteratorRequest(name, shardId, position), bounded.Token);
            var (records, _) = await client.ReadAsync(iterator, expected, bounded.Token);
            return [.. records.Select(r => r.SequenceNumber)];
        }

        Assert.Equal(sequence[1..], await From(StartingPosition.AtSequenceNumber(sequence[1]), 2));
        Assert.Equal(sequence[2..], await From(StartingPosition.AfterSequenceNumber(sequence[1]), 1));
        Assert.Equal(sequence, await From(StartingPosition.AtTimestamp(all[0].ApproximateArrivalTimestamp!.Value), 3));

        var afterLatest = await client.PutRecordsAsync(new PutRecordsRequest(name, [new PutRecordsEntry(new byte[] { 4 }, "pk")]), bounded.Token);
        var (fromLatest, _) = await client.ReadAsync(latest, 1, bounded.Token);
        Assert.Equal([afterLatest.Records[0].SequenceNumber], fromLatest.Select(r => r.SequenceNumber));
    }

    [Fact]
    public async Task Missing_streams_are_ResourceNotFound_and_deleted_streams_go_away()
    {
        using var client = KinesisEmulatorClient.Create(Endpoint);
        using var bounded = KinesisEmulatorClient.Bounded();
        var name = EmulatorFixture.UniqueName("delete");
        await client.CreateActiveStreamAsync(name, 1, bounded.Token);

        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeStreamSummaryAsync(name + "-missing", bounded.Token));
        await client.DeleteStreamAsync(new DeleteStreamRequest(name), bounded.Token);

        Assert.Equal("ResourceNotFoundException", missing.ErrorCode);
        await Eventually.WaitUntilAsync(
            async ct =>
            {
                try
                {
                    return (await client.DescribeStreamSummaryAsync(name, ct)).StreamStatus == "DELETING";
                }
                catch (AwsServiceException e) when (e.Is("ResourceNotFoundException"))
                {
                    return true;
                }
            },
            KinesisEmulatorClient.SettleTimeout,
            $"stream {name} to be deleted",
            bounded.Token);
    }
}
