namespace KinesisFlow.Aws;

/// <summary>Paging and waiting helpers that hold for any <see cref="IKinesisClient"/>.</summary>
public static class KinesisClientExtensions
{
    /// <summary>
    /// Every shard of the stream (optionally filtered), page after page: the first request names the stream and the
    /// filter, every next one sends only the NextToken. An emulator that ignores paging simply returns one page.
    /// </summary>
    public static async Task<IReadOnlyList<Shard>> ListAllShardsAsync(
        this IKinesisClient client,
        StreamAddress stream,
        ShardFilter? filter,
        CancellationToken cancellationToken,
        int? pageSize = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var shards = new List<Shard>();
        var request = new ListShardsRequest { Stream = stream, ShardFilter = filter, MaxResults = pageSize };
        while (true)
        {
            var page = await client.ListShardsAsync(request, cancellationToken);
            shards.AddRange(page.Shards);
            if (string.IsNullOrEmpty(page.NextToken))
            {
                return shards;
            }

            request = new ListShardsRequest { NextToken = page.NextToken, MaxResults = pageSize };
        }
    }

    /// <summary>Every consumer registered on the stream, page after page.</summary>
    public static async Task<IReadOnlyList<StreamConsumer>> ListAllStreamConsumersAsync(
        this IKinesisClient client,
        string streamArn,
        CancellationToken cancellationToken,
        int? pageSize = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var consumers = new List<StreamConsumer>();
        var request = new ListStreamConsumersRequest(streamArn, MaxResults: pageSize);
        while (true)
        {
            var page = await client.ListStreamConsumersAsync(request, cancellationToken);
            consumers.AddRange(page.Consumers);
            if (string.IsNullOrEmpty(page.NextToken))
            {
                return consumers;
            }

            request = request with { NextToken = page.NextToken };
        }
    }

    /// <summary>Polls DescribeStreamSummary until the stream is ACTIVE (after creation or resharding).</summary>
    public static Task<StreamSummary> WaitForStreamActiveAsync(
        this IKinesisClient client,
        StreamAddress stream,
        TimeProvider timeProvider,
        TimeSpan pollInterval,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return PollUntilAsync(
            token => client.DescribeStreamSummaryAsync(stream, token),
            static summary => summary.IsActive,
            timeProvider,
            pollInterval,
            cancellationToken);
    }

    /// <summary>Polls DescribeStreamConsumer until the consumer is ACTIVE (it is CREATING after registration).</summary>
    public static Task<StreamConsumerDescription> WaitForConsumerActiveAsync(
        this IKinesisClient client,
        StreamConsumerAddress consumer,
        TimeProvider timeProvider,
        TimeSpan pollInterval,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return PollUntilAsync(
            token => client.DescribeStreamConsumerAsync(consumer, token),
            static description => description.IsActive,
            timeProvider,
            pollInterval,
            cancellationToken);
    }

    private static async Task<T> PollUntilAsync<T>(
        Func<CancellationToken, Task<T>> poll,
        Func<T, bool> isDone,
        TimeProvider timeProvider,
        TimeSpan pollInterval,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        while (true)
        {
            var value = await poll(cancellationToken);
            if (isDone(value))
            {
                return value;
            }

            await Task.Delay(pollInterval, timeProvider, cancellationToken);
        }
    }
}
