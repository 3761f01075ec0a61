using KinesisFlow.TestKit;

namespace KinesisFlow.Aws.Tests.Emulators;

public sealed class KinesisMockFixtureTests(KinesisMockFixture kinesis) : IClassFixture<KinesisMockFixture>
{
    [Fact]
    public async Task Creates_a_multi_shard_stream_that_becomes_active_with_an_arn()
    {
        var name = EmulatorFixture.UniqueName("fixture");

        var summary = await kinesis.Streams.CreateAsync(name, shardCount: 3);

        Assert.Equal("ACTIVE", summary.GetProperty("StreamStatus").GetString());
        Assert.Equal(3, summary.GetProperty("OpenShardCount").GetInt32());
        Assert.EndsWith($":stream/{name}", summary.GetProperty("StreamARN").GetString(), StringComparison.Ordinal);
        var shards = await kinesis.Api.CallAsync("ListShards", new { StreamName = name });
        Assert.Equal(3, shards.GetProperty("Shards").GetArrayLength());
    }

    [Fact]
    public async Task Deleted_stream_disappears()
    {
        var name = await kinesis.Streams.CreateUniqueAsync(shardCount: 1);

        await kinesis.Streams.DeleteAsync(name);

        await Eventually.WaitUntilAsync(
            async ct =>
            {
                var streams = await kinesis.Api.CallAsync("ListStreams", new { }, ct);
                return !streams.GetProperty("StreamNames").EnumerateArray().Any(s => s.GetString() == name);
            },
            TimeSpan.FromSeconds(30),
            $"stream {name} to be deleted");
    }
}
