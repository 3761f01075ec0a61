using KinesisFlow.TestKit;

namespace KinesisFlow.Aws.Tests.Kinesis;

/// <summary>
/// A fresh ACTIVE stream on an emulator with a real <see cref="KinesisClient"/> for it, and a token that bounds
/// everything the test waits for (emulators create, reshard and register slowly).
/// </summary>
internal sealed class EmulatorStream : IDisposable
{
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _bounded;

    private EmulatorStream(KinesisClient client, CancellationTokenSource bounded, StreamSummary summary)
    {
        Client = client;
        _bounded = bounded;
        Summary = summary;
    }

    public KinesisClient Client { get; }

    public StreamSummary Summary { get; }

    public string Name => Summary.StreamName;

    public CancellationToken Token => _bounded.Token;

    public static KinesisClient CreateClient(Uri endpoint, int maxAttempts = 3) => new(new AwsClientOptions
    {
        ServiceUrl = endpoint,
        Region = EmulatorCredentials.Region,
        AccessKeyId = EmulatorCredentials.AccessKeyId,
        SecretAccessKey = EmulatorCredentials.SecretAccessKey,
        MaxAttempts = maxAttempts,
    });

    public static async Task<EmulatorStream> CreateAsync(Uri endpoint, string prefix, int shards)
    {
        var client = CreateClient(endpoint);
        var bounded = new CancellationTokenSource(SettleTimeout);
        var name = EmulatorFixture.UniqueName(prefix);
        await client.CreateStreamAsync(new CreateStreamRequest(name, shards), bounded.Token);
        return new EmulatorStream(client, bounded, await client.WaitUntilActiveAsync(name, bounded.Token));
    }

    public void Dispose()
    {
        Client.Dispose();
        _bounded.Dispose();
    }
}

internal static class EmulatorKinesisClientExtensions
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

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
