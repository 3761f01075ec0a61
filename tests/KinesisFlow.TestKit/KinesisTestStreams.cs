using System.Text.Json;
using KinesisFlow.Emulators;

namespace KinesisFlow.TestKit;

/// <summary>Creates and removes streams on a Kinesis emulator for a test, and waits for them to settle.</summary>
public sealed class KinesisTestStreams(EmulatorApiClient api)
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Creates a provisioned stream with <paramref name="shardCount"/> shards and waits until it is ACTIVE.</summary>
    /// <returns>The stream's summary (StreamName, StreamARN, StreamStatus, OpenShardCount...).</returns>
    public async Task<JsonElement> CreateAsync(string streamName, int shardCount, CancellationToken cancellationToken = default)
    {
        await api.CallAsync("CreateStream", new { StreamName = streamName, ShardCount = shardCount }, cancellationToken);
        return await WaitUntilActiveAsync(streamName, cancellationToken);
    }

    /// <summary>Creates a stream with a fresh unique name (see <see cref="EmulatorFixture.UniqueName"/>) and returns the name.</summary>
    public async Task<string> CreateUniqueAsync(int shardCount, string prefix = "test", CancellationToken cancellationToken = default)
    {
        var name = EmulatorFixture.UniqueName(prefix);
        await CreateAsync(name, shardCount, cancellationToken);
        return name;
    }

    /// <summary>Waits (bounded) until the stream reports ACTIVE, e.g. after a reshard; returns its summary.</summary>
    public async Task<JsonElement> WaitUntilActiveAsync(string streamName, CancellationToken cancellationToken = default)
    {
        JsonElement summary = default;
        await Eventually.WaitUntilAsync(
            async ct =>
            {
                var answer = await api.CallAsync("DescribeStreamSummary", new { StreamName = streamName }, ct);
                summary = answer.GetProperty("StreamDescriptionSummary");
                return summary.GetProperty("StreamStatus").GetString() == "ACTIVE";
            },
            SettleTimeout,
            $"stream {streamName} to become ACTIVE",
            cancellationToken);
        return summary;
    }

    /// <summary>Deletes the stream (its consumers too).</summary>
    public Task DeleteAsync(string streamName, CancellationToken cancellationToken = default) =>
        api.CallAsync("DeleteStream", new { StreamName = streamName, EnforceConsumerDeletion = true }, cancellationToken);
}
