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
        using var client = KinesisEmulatorClient.Create(kinesisMock.Endpoint);
        using var bounded = KinesisEmulatorClient.Bounded();
        var summary = await client.CreateActiveStreamAsync(EmulatorFixture.UniqueName("paging"), 4, bounded.Token);

        var firstPage = await client.ListShardsAsync(new ListShardsRequest { Stream = StreamAddress.ByArn(summary.StreamArn), MaxResults = 3 }, bounded.Token);
        var all = await client.ListAllShardsAsync(StreamAddress.ByArn(summary.StreamArn), filter: null, bounded.Token, pageSize: 1);
        var afterFirst = await client.ListAllShardsAsync(
            summary.StreamName, new ShardFilter(ShardFilterType.AfterShardId, ShardId: all[0].ShardId), bounded.Token, pageSize: 2);

        Assert.Equal(3, firstPage.Shards.Count);
        Assert.NotNull(firstPage.NextToken);
        Assert.Equal(4, all.Count);
        Assert.Equal(all.Skip(1).Select(s => s.ShardId), afterFirst.Select(s => s.ShardId));
    }

    [Fact]
    public async Task A_split_closes_the_parent_which_reads_to_its_end_and_names_its_children()
    {
        using var client = KinesisEmulatorClient.Create(kinesisMock.Endpoint);
        using var bounded = KinesisEmulatorClient.Bounded();
        var name = EmulatorFixture.UniqueName("split");
        await client.CreateActiveStreamAsync(name, 1, bounded.Token);
        var put = await client.PutRecordsAsync(new PutRecordsRequest(name, [new PutRecordsEntry(new byte[] { 1 }, "before-split")]), bounded.Token);
        var parent = put.Records[0].ShardId!;

        await client.SplitShardAsync(new SplitShardRequest(name, parent, "170141183460469231731687303715884105728"), bounded.Token);
        await client.WaitUntilActiveAsync(name, bounded.Token);
        var shards = await client.ListAllShardsAsync(name, filter: null, bounded.Token);
        var iterator = await client.GetShardIteratorAsync(new GetShardIteratorRequest(name, parent, StartingPosition.TrimHorizon), bounded.Token);
        var (records, end) = await client.ReadAsync(iterator, int.MaxValue, bounded.Token);

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
        using var client = KinesisEmulatorClient.Create(kinesisMock.Endpoint);
        using var bounded = KinesisEmulatorClient.Bounded();
        var name = EmulatorFixture.UniqueName("merge");
        await client.CreateActiveStreamAsync(name, 2, bounded.Token);
        var before = (await client.ListAllShardsAsync(name, filter: null, bounded.Token)).OrderBy(s => s.ShardId, StringComparer.Ordinal).ToArray();

        await client.MergeShardsAsync(new MergeShardsRequest(name, before[0].ShardId, before[1].ShardId), bounded.Token);
        var merged = await client.WaitUntilActiveAsync(name, bounded.Token);
        var resized = await client.UpdateShardCountAsync(new UpdateShardCountRequest(name, 2), bounded.Token);
        var after = await client.WaitUntilActiveAsync(name, bounded.Token);
        var open = await client.ListAllShardsAsync(name, new ShardFilter(ShardFilterType.AtLatest), bounded.Token);

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
        using var client = KinesisEmulatorClient.Create(kinesisMock.Endpoint);
        using var bounded = KinesisEmulatorClient.Bounded();
        var summary = await client.CreateActiveStreamAsync(EmulatorFixture.UniqueName("fanout"), 1, bounded.Token);
        var consumerName = EmulatorFixture.UniqueName("kf");

        var registered = await client.RegisterStreamConsumerAsync(summary.StreamArn, consumerName, bounded.Token);
        var active = await client.WaitForConsumerActiveAsync(
            StreamConsumerAddress.ByName(summary.StreamArn, consumerName), TimeProvider.System, TimeSpan.FromMilliseconds(50), bounded.Token);
        var listed = await client.ListAllStreamConsumersAsync(summary.StreamArn, bounded.Token, pageSize: 1);
        var put = await client.PutRecordsAsync(
            new PutRecordsRequest(summary.StreamName, [new PutRecordsEntry(new byte[] { 1, 2 }, "a"), new PutRecordsEntry(new byte[] { 3 }, "b")]),
            bounded.Token);

        // kinesis-mock sends one event per second; stop once both records have arrived.
        var received = new List<KinesisRecord>();
        SubscribeToShardEvent? last = null;
        await foreach (var e in client.SubscribeToShardAsync(
            new SubscribeToShardRequest(registered.ConsumerArn, put.Records[0].ShardId!, StartingPosition.TrimHorizon), bounded.Token))
        {
            received.AddRange(e.Records);
            last = e;
            if (received.Count >= 2)
            {
                break;
            }
        }

        await client.DeregisterStreamConsumerAsync(StreamConsumerAddress.ByArn(registered.ConsumerArn), bounded.Token);

        Assert.Equal(registered.ConsumerArn, active.ConsumerArn);
        Assert.Equal(summary.StreamArn, active.StreamArn);
        Assert.Contains(listed, c => c.ConsumerName == consumerName);
        Assert.Equal(put.Records.Select(r => r.SequenceNumber), received.Select(r => r.SequenceNumber));
        Assert.Equal([1, 2], received[0].Data.ToArray());
        Assert.Equal(received[^1].SequenceNumber, last!.ContinuationSequenceNumber);
        Assert.NotNull(last.MillisBehindLatest);
        await Eventually.WaitUntilAsync(
            async ct => !(await client.ListAllStreamConsumersAsync(summary.StreamArn, ct)).Any(c => c.ConsumerName == consumerName && c.IsActive),
            KinesisEmulatorClient.SettleTimeout,
            $"consumer {consumerName} to be deregistered",
            bounded.Token);
    }

    [Fact]
    public async Task Subscribing_an_unknown_consumer_fails_with_an_AWS_error()
    {
        using var client = KinesisEmulatorClient.Create(kinesisMock.Endpoint);
        using var bounded = KinesisEmulatorClient.Bounded();
        var summary = await client.CreateActiveStreamAsync(EmulatorFixture.UniqueName("nofanout"), 1, bounded.Token);

        var error = await Assert.ThrowsAsync<AwsServiceException>(async () =>
        {
            await foreach (var _ in client.SubscribeToShardAsync(
                new SubscribeToShardRequest(summary.StreamArn + "/consumer/missing:1", "shardId-000000000000", StartingPosition.Latest), bounded.Token))
            {
                Assert.Fail("No event expected for an unknown consumer.");
            }
        });

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task A_bogus_iterator_fails_with_an_AWS_error_not_a_hang_or_a_parse_error()
    {
        using var client = KinesisEmulatorClient.Create(kinesisMock.Endpoint, maxAttempts: 1);
        using var bounded = KinesisEmulatorClient.Bounded();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetRecordsAsync(new GetRecordsRequest("bogus-iterator"), bounded.Token));

        // kinesis-mock answers HTTP 500 with an empty body here; AWS answers 400 InvalidArgumentException.
        Assert.True(error.ErrorCode is "InternalFailure" or "InvalidArgumentException", error.ErrorCode);
    }
}
