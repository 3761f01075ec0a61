using KinesisFlow.TestKit;

namespace KinesisFlow.Aws.Tests.Kinesis;

[CollectionDefinition(Name)]
public sealed class KinesisMockClientCollection : ICollectionFixture<KinesisMockFixture>
{
    public const string Name = "Kinesis client on kinesis-mock";
}

/// <summary>The polling contract against kinesis-mock, the faithful emulator.</summary>
[Collection(KinesisMockClientCollection.Name)]
public sealed class KinesisMockPollingTests(KinesisMockFixture kinesisMock) : KinesisPollingContract
{
    protected override Uri Endpoint => kinesisMock.Endpoint;
}

/// <summary>What only kinesis-mock supports: paging, filters, StreamARN addressing, resharding, and its quirks.</summary>
[Collection(KinesisMockClientCollection.Name)]
public sealed class KinesisMockClientTests(KinesisMockFixture kinesisMock)
{
    [Fact]
    public async Task Shards_page_by_ARN_and_filter()
    {
        using var stream = await EmulatorStream.CreateAsync(kinesisMock.Endpoint, "paging", 4);
        var (client, summary, token) = (stream.Client, stream.Summary, stream.Token);

        var firstPage = await client.ListShardsAsync(new ListShardsRequest { Stream = StreamAddress.ByArn(summary.StreamArn), MaxResults = 3 }, token);
        var all = await client.ListAllShardsAsync(StreamAddress.ByArn(summary.StreamArn), filter: null, token, pageSize: 1);
        var afterFirst = await client.ListAllShardsAsync(
            summary.StreamName, new ShardFilter(ShardFilterType.AfterShardId, ShardId: all[0].ShardId), token, pageSize: 2);

        Assert.Equal(3, firstPage.Shards.Count);
        Assert.NotNull(firstPage.NextToken);
        Assert.Equal(4, all.Count);
        Assert.Equal(all.Skip(1).Select(s => s.ShardId), afterFirst.Select(s => s.ShardId));
    }

    [Fact]
    public async Task A_split_closes_the_parent_which_reads_to_its_end_and_names_its_children()
    {
        using var stream = await EmulatorStream.CreateAsync(kinesisMock.Endpoint, "split", 1);
        var (client, name, token) = (stream.Client, stream.Name, stream.Token);
        var put = await client.PutRecordsAsync(new PutRecordsRequest(name, [new PutRecordsEntry(new byte[] { 1 }, "before-split")]), token);
        var parent = put.Records[0].ShardId!;

        await client.SplitShardAsync(new SplitShardRequest(name, parent, "170141183460469231731687303715884105728"), token);
        await client.WaitUntilActiveAsync(name, token);
        var shards = await client.ListAllShardsAsync(name, filter: null, token);
        var iterator = await client.GetShardIteratorAsync(new GetShardIteratorRequest(name, parent, StartingPosition.TrimHorizon), token);
        var (records, end) = await client.ReadAsync(iterator, int.MaxValue, token);

        var closed = Assert.Single(shards, s => s.ShardId == parent);
        Assert.True(closed.IsClosed);
        var children = shards.Where(s => s.ParentShardId == parent).Select(s => s.ShardId).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, children.Length);
        Assert.Equal(put.Records[0].SequenceNumber, Assert.Single(records).SequenceNumber);
        Assert.Null(end.NextShardIterator);
        Assert.Equal(children, end.ChildShards.Select(c => c.ShardId).Order(StringComparer.Ordinal));
        Assert.All(end.ChildShards, c => Assert.Equal([parent], c.ParentShards));
    }

    [Fact]
    public async Task Merging_and_resizing_reshard_the_stream()
    {
        using var stream = await EmulatorStream.CreateAsync(kinesisMock.Endpoint, "merge", 2);
        var (client, name, token) = (stream.Client, stream.Name, stream.Token);
        var before = (await client.ListAllShardsAsync(name, filter: null, token)).OrderBy(s => s.ShardId, StringComparer.Ordinal).ToArray();

        await client.MergeShardsAsync(new MergeShardsRequest(name, before[0].ShardId, before[1].ShardId), token);
        var merged = await client.WaitUntilActiveAsync(name, token);
        var resized = await client.UpdateShardCountAsync(new UpdateShardCountRequest(name, 2), token);
        var after = await client.WaitUntilActiveAsync(name, token);
        var open = await client.ListAllShardsAsync(name, new ShardFilter(ShardFilterType.AtLatest), token);

        Assert.Equal(1, merged.OpenShardCount);
        Assert.Equal(1, resized.CurrentShardCount);
        Assert.Equal(2, resized.TargetShardCount);
        Assert.Equal(2, after.OpenShardCount);
        Assert.Equal(2, open.Count);
        Assert.All(open, s => Assert.False(s.IsClosed));
    }

    [Fact]
    public async Task A_registered_consumer_receives_a_shards_records_over_SubscribeToShard()
    {
        using var stream = await EmulatorStream.CreateAsync(kinesisMock.Endpoint, "fanout", 1);
        var (client, summary, token) = (stream.Client, stream.Summary, stream.Token);
        var consumerName = EmulatorFixture.UniqueName("kf");

        var registered = await client.RegisterStreamConsumerAsync(summary.StreamArn, consumerName, token);
        var active = await client.WaitForConsumerActiveAsync(
            StreamConsumerAddress.ByName(summary.StreamArn, consumerName), TimeProvider.System, TimeSpan.FromMilliseconds(50), token);
        var listed = await client.ListAllStreamConsumersAsync(summary.StreamArn, token, pageSize: 1);
        var put = await client.PutRecordsAsync(
            new PutRecordsRequest(summary.StreamName, [new PutRecordsEntry(new byte[] { 1, 2 }, "a"), new PutRecordsEntry(new byte[] { 3 }, "b")]),
            token);

        // kinesis-mock sends one event per second; stop once both records have arrived.
        var received = new List<KinesisRecord>();
        SubscribeToShardEvent? last = null;
        await foreach (var e in client.SubscribeToShardAsync(
            new SubscribeToShardRequest(registered.ConsumerArn, put.Records[0].ShardId!, StartingPosition.TrimHorizon), token))
        {
            received.AddRange(e.Records);
            last = e;
            if (received.Count >= 2)
            {
                break;
            }
        }

        await client.DeregisterStreamConsumerAsync(StreamConsumerAddress.ByArn(registered.ConsumerArn), token);

        Assert.Equal(registered.ConsumerArn, active.ConsumerArn);
        Assert.Equal(summary.StreamArn, active.StreamArn);
        Assert.Contains(listed, c => c.ConsumerName == consumerName);
        Assert.Equal(put.Records.Select(r => r.SequenceNumber), received.Select(r => r.SequenceNumber));
        Assert.Equal([1, 2], received[0].Data.ToArray());
        Assert.Equal(received[^1].SequenceNumber, last!.ContinuationSequenceNumber);
        Assert.NotNull(last.MillisBehindLatest);
        await Eventually.WaitUntilAsync(
            async ct => !(await client.ListAllStreamConsumersAsync(summary.StreamArn, ct)).Any(c => c.ConsumerName == consumerName && c.IsActive),
            EmulatorStream.SettleTimeout,
            $"consumer {consumerName} to be deregistered",
            token);
    }

    [Fact]
    public async Task Subscribing_an_unknown_consumer_fails_with_an_AWS_error()
    {
        using var stream = await EmulatorStream.CreateAsync(kinesisMock.Endpoint, "nofanout", 1);
        var (client, summary, token) = (stream.Client, stream.Summary, stream.Token);

        var error = await Assert.ThrowsAsync<AwsServiceException>(async () =>
        {
            await foreach (var _ in client.SubscribeToShardAsync(
                new SubscribeToShardRequest(summary.StreamArn + "/consumer/missing:1", "shardId-000000000000", StartingPosition.Latest), token))
            {
                Assert.Fail("No event expected for an unknown consumer.");
            }
        });

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task A_bogus_iterator_fails_with_an_AWS_error_not_a_hang_or_a_parse_error()
    {
        using var client = EmulatorStream.CreateClient(kinesisMock.Endpoint, maxAttempts: 1);
        using var bounded = new CancellationTokenSource(EmulatorStream.SettleTimeout);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetRecordsAsync(new GetRecordsRequest("bogus-iterator"), bounded.Token));

        // kinesis-mock answers HTTP 500 with an empty body here; AWS answers 400 InvalidArgumentException.
        Assert.True(error.ErrorCode is "InternalFailure" or "InvalidArgumentException", error.ErrorCode);
    }
}
