using KinesisFlow.TestKit;

namespace KinesisFlow.Aws.Tests.Kinesis;

/// <summary>A real <see cref="KinesisClient"/> pointed at an emulator, and bounded helpers for what emulators do slowly.</summary>
internal static class KinesisEmulatorClient
{
    /// <summary>Bound for anything that waits on an emulator (stream creation, resharding, consumer registration).</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static KinesisClient Create(Uri endpoint, int maxAttempts = 3) => new(new AwsClientOptions
    {
        ServiceUrl = endpoint,
        Region = EmulatorCredentials.Region,
        AccessKeyId = EmulatorCredentials.AccessKeyId,
        SecretAccessKey = EmulatorCredentials.SecretAccessKey,
        MaxAttempts = maxAttempts,
    });

    public static CancellationTokenSource Bounded() => new(SettleTimeout);

    public static async Task<StreamSummary> CreateActiveStreamAsync(this KinesisClient client, string name, int shards, CancellationToken cancellationToken)
    {
        await client.CreateStreamAsync(new CreateStreamRequest(name, shards), cancellationToken);
        return await client.WaitUntilActiveAsync(name, cancellationToken);
    }

    public static Task<StreamSummary> WaitUntilActiveAsync(this KinesisClient client, StreamAddress stream, CancellationToken cancellationToken) =>
        client.WaitForStreamActiveAsync(stream, TimeProvider.System, PollInterval, cancellationToken);

    /// <summary>Reads from an iterator until <paramref name="count"/> records arrived or the shard ended (emulators may answer with empty batches first).</summary>
    public static async Task<(List<KinesisRecord> Records, GetRecordsResponse Last)> ReadAsync(
        this KinesisClient client, string iterator, int count, CancellationToken cancellationToken)
    {
        var records = new List<KinesisRecord>();
        GetRecordsResponse last;
        var calls = 0;
        do
        {
            last = await client.GetRecordsAsync(new GetRecordsRequest(iterator), cancellationToken);
            records.AddRange(last.Records);
            iterator = last.NextShardIterator!;
        }
        while (records.Count < count && last.NextShardIterator is not null && ++calls < 50);

        return (records, last);
    }
}
