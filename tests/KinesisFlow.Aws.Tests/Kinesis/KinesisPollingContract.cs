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
        using var stream = await EmulatorStream.CreateAsync(Endpoint, "describe", 3);
        var (client, name, token) = (stream.Client, stream.Name, stream.Token);
        var summary = stream.Summary;
        var shards = await client.ListAllShardsAsync(name, filter: null, token, pageSize: 1);

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
        using var stream = await EmulatorStream.CreateAsync(Endpoint, "roundtrip", 1);
        var (client, name, token) = (stream.Client, stream.Name, stream.Token);
        byte[][] payloads = [[0x1f, 0x8b, 0x08, 0x00, 0xff, 0x00], Encoding.UTF8.GetBytes("{\"messageType\":\"DATA_MESSAGE\"}"), new byte[3000]];
        Random.Shared.NextBytes(payloads[2]);

        var put = await client.PutRecordsAsync(
            new PutRecordsRequest(name, [.. payloads.Select((p, i) => new PutRecordsEntry(p, "pk-" + i))]),
            token);
        var shardId = put.Records[0].ShardId!;
        var iterator = await client.GetShardIteratorAsync(new GetShardIteratorRequest(name, shardId, StartingPosition.TrimHorizon), token);
        var (records, last) = await client.ReadAsync(iterator, payloads.Length, token);

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
        using var stream = await EmulatorStream.CreateAsync(Endpoint, "positions", 1);
        var (client, name, token) = (stream.Client, stream.Name, stream.Token);
        var put = await client.PutRecordsAsync(
            new PutRecordsRequest(name, [.. Enumerable.Range(1, 3).Select(i => new PutRecordsEntry(new[] { (byte)i }, "pk"))]),
            token);
        var shardId = put.Records[0].ShardId!;
        var sequence = put.Records.Select(r => r.SequenceNumber!).ToArray();
        var latest = await client.GetShardIteratorAsync(new GetShardIteratorRequest(name, shardId, StartingPosition.Latest), token);
        var (all, _) = await client.ReadAsync(
            await client.GetShardIteratorAsync(new GetShardIteratorRequest(name, shardId, StartingPosition.TrimHorizon), token), 3, token);

        async Task<string[]> From(StartingPosition position, int expected)
        {
            var iterator = await client.GetShardIteratorAsync(new GetShardIteratorRequest(name, shardId, position), token);
            var (records, _) = await client.ReadAsync(iterator, expected, token);
            return [.. records.Select(r => r.SequenceNumber)];
        }

        Assert.Equal(sequence[1..], await From(StartingPosition.AtSequenceNumber(sequence[1]), 2));
        Assert.Equal(sequence[2..], await From(StartingPosition.AfterSequenceNumber(sequence[1]), 1));
        Assert.Equal(sequence, await From(StartingPosition.AtTimestamp(all[0].ApproximateArrivalTimestamp!.Value), 3));

        var afterLatest = await client.PutRecordsAsync(new PutRecordsRequest(name, [new PutRecordsEntry(new byte[] { 4 }, "pk")]), token);
        var (fromLatest, _) = await client.ReadAsync(latest, 1, token);
        Assert.Equal([afterLatest.Records[0].SequenceNumber], fromLatest.Select(r => r.SequenceNumber));
    }

    [Fact]
    public async Task Missing_streams_are_ResourceNotFound_and_deleted_streams_go_away()
    {
        using var stream = await EmulatorStream.CreateAsync(Endpoint, "delete", 1);
        var (client, name, token) = (stream.Client, stream.Name, stream.Token);

        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeStreamSummaryAsync(name + "-missing", token));
        await client.DeleteStreamAsync(new DeleteStreamRequest(name), token);

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
            EmulatorStream.SettleTimeout,
            $"stream {name} to be deleted",
            token);
    }
}
