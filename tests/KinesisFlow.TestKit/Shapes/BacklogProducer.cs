using KinesisFlow.Aws;
using KinesisFlow.FlowLogs;

namespace KinesisFlow.TestKit.Shapes;

/// <summary>The gzip'd sizes of the records of a backlog: each drawn evenly between the two bounds.</summary>
public readonly record struct RecordSizes(int MinGzipBytes, int MaxGzipBytes)
{
    /// <summary>Records just under the 1 MiB limit (with room for the partition key).</summary>
    public static RecordSizes NearLimit { get; } = new(KinesisLimits.MaxRecordBytes - (32 * 1024), KinesisLimits.MaxRecordBytes - 1024);
}

/// <summary>
/// Fills the open shards of a stream with a backlog of CloudWatch Logs records (<see cref="FlowLogRecordFactory"/>) as
/// fast as the emulator takes them: PutRecords calls within the service's limits (500 records, 5 MiB), each record
/// aimed at its shard by an explicit hash key, entries the service refused retried, and the next call's records
/// made while the previous call is in flight.
/// </summary>
public sealed class BacklogProducer(IKinesisClient client)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Writes at least <paramref name="bytesPerShard"/> bytes of records (or <paramref name="maxRecordsPerShard"/>
    /// records, whichever comes first) into every open shard of <paramref name="streamName"/> and returns what was
    /// written. Events are numbered from 0 with <paramref name="seed"/>'s ids.
    /// </summary>
    public async Task<Backlog> FillAsync(
        string streamName,
        long bytesPerShard,
        RecordSizes sizes,
        int maxRecordsPerShard = int.MaxValue,
        long seed = 1,
        FlowLogFormat? format = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sizes.MaxGzipBytes, KinesisLimits.MaxRecordBytes - 256);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizes.MaxGzipBytes, sizes.MinGzipBytes);
        var stream = StreamAddress.ByName(streamName);
        var shards = (await client.ListAllShardsAsync(stream, null, cancellationToken))
            .Where(shard => shard.SequenceNumberRange.EndingSequenceNumber is null)
            .ToList();
        var ids = new ShapedEventIds(seed);
        var factory = new FlowLogRecordFactory(ids, format);
        var random = new Random(unchecked((int)seed));
        var written = shards.Select(shard => new ShardTally(shard)).ToList();

        Task inFlight = Task.CompletedTask;
        while (true)
        {
            var batch = NextBatch(written, bytesPerShard, maxRecordsPerShard, sizes, factory, random);
            if (batch.Count == 0)
            {
                break;
            }

            await inFlight;
            inFlight = PutAllAsync(stream, batch, cancellationToken);
        }

        await inFlight;
        return new Backlog(
            ids,
            factory.EventsMade,
            [.. written.Select(tally => new ShardBacklog(tally.Shard.ShardId, tally.Records, tally.Bytes, tally.Events, tally.LastSequenceNumber!))]);
    }

    // Round robin over the shards still short of their share, until the call is full.
    private static List<(ShardTally Shard, ShapedRecord Record)> NextBatch(
        List<ShardTally> shards, long bytesPerShard, int maxRecordsPerShard, RecordSizes sizes, FlowLogRecordFactory factory, Random random)
    {
        var batch = new List<(ShardTally, ShapedRecord)>();
        var bytes = 0;
        while (batch.Count < KinesisLimits.MaxPutRecordsCount)
        {
            var added = false;
            foreach (var shard in shards)
            {
                if (shard.PlannedBytes >= bytesPerShard || shard.PlannedRecords >= maxRecordsPerShard)
                {
                    continue;
                }

                var size = random.Next(sizes.MinGzipBytes, sizes.MaxGzipBytes + 1);
                if (bytes + size + PartitionKey.Length > KinesisLimits.MaxPutRecordsBytes || batch.Count == KinesisLimits.MaxPutRecordsCount)
                {
                    return batch;
                }

                var record = factory.Realistic(size);
                shard.PlannedBytes += record.Data.Length;
                shard.PlannedRecords++;
                bytes += record.Data.Length + PartitionKey.Length;
                batch.Add((shard, record));
                added = true;
            }

            if (!added)
            {
                break;
            }
        }

        return batch;
    }

    // Every record of a shard has the same partition key; the explicit hash key decides the shard.
    private const string PartitionKey = "flow-logs";

    private async Task PutAllAsync(StreamAddress stream, List<(ShardTally Shard, ShapedRecord Record)> batch, CancellationToken cancellationToken)
    {
        var pending = batch;
        while (pending.Count > 0)
        {
            var entries = pending.Select(item => new PutRecordsEntry(item.Record.Data, PartitionKey, item.Shard.Shard.HashKeyRange.StartingHashKey)).ToList();
            var response = await client.PutRecordsAsync(new PutRecordsRequest(stream, entries), cancellationToken);
            var failed = new List<(ShardTally, ShapedRecord)>();
            for (var i = 0; i < pending.Count; i++)
            {
                var (shard, record) = pending[i];
                var result = response.Records[i];
                if (!result.Succeeded)
                {
                    failed.Add(pending[i]);
                    continue;
                }

                if (result.ShardId != shard.Shard.ShardId)
                {
                    throw new InvalidOperationException($"A record aimed at {shard.Shard.ShardId} landed in {result.ShardId}.");
                }

                shard.Accept(record, result.SequenceNumber!);
            }

            if (failed.Count > 0)
            {
                // Throttled (ProvisionedThroughputExceeded) or an internal failure: only those entries again.
                await Task.Delay(RetryDelay, cancellationToken);
            }

            pending = failed;
        }
    }

    private sealed class ShardTally(Shard shard)
    {
        public Shard Shard { get; } = shard;

        /// <summary>Bytes of the records made for this shard, written or still to be written.</summary>
        public long PlannedBytes { get; set; }

        public int PlannedRecords { get; set; }

        public int Records { get; private set; }

        public long Bytes { get; private set; }

        public long Events { get; private set; }

        public string? LastSequenceNumber { get; private set; }

        public void Accept(ShapedRecord record, string sequenceNumber)
        {
            Records++;
            Bytes += record.Data.Length;
            Events += record.EventCount;
            LastSequenceNumber = SequenceNumbers.Later(LastSequenceNumber, sequenceNumber);
        }
    }
}
