using KinesisFlow.Aws;
using KinesisFlow.Coordination.Retries;
using KinesisFlow.FlowLogs.Generation;

namespace KinesisFlow.Cli;

/// <summary>
/// Writes CloudWatch Logs subscription data into a stream the way CloudWatch Logs does: one gzip'd DATA_MESSAGE per
/// batch of one log stream's events (partition key: the log stream, so keys spread over the shards and each log
/// stream keeps its order), now and then a CONTROL_MESSAGE, through PutRecords (up to 500 records per call, failed
/// entries retried with backoff). Paced to a rate of flow lines per second when asked.
/// </summary>
internal sealed class ProduceRunner(IKinesisClient client, ProduceSettings settings, TimeProvider time)
{
    private const int MaxRecordsPerCall = 500;
    private const int MaxBytesPerCall = 4 * 1024 * 1024;

    // A shard's write budget (1 MB, 1,000 records) refills every second; 5 s caps the wait for throttled entries.
    private static readonly ExponentialBackoff RetryBackoff = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    /// <summary>Progress so far; readable while running (demo shows it).</summary>
    public ProduceTotals Totals { get; private set; }

    public async Task<ProduceTotals> RunAsync(ProduceManifest? manifest, CancellationToken cancellationToken)
    {
        var generator = new FlowLogGenerator(settings.Seed, new FlowLogGeneratorOptions
        {
            LogGroups = [new GeneratedLogGroup(settings.LogGroup, settings.Format)],
            MinEventsPerRecord = settings.MinEventsPerRecord,
            MaxEventsPerRecord = settings.MaxEventsPerRecord,
            ControlMessageRatio = settings.ControlMessageRatio,
            Accounts = 3,
            InterfacesPerAccount = Math.Max(1, settings.LogStreams / 3),
            StartUnixSeconds = time.GetUtcNow().ToUnixTimeSeconds() - 600,
        });
        var stream = StreamAddress.ByName(settings.StreamName);
        var started = time.GetTimestamp();
        var batch = new List<GeneratedRecord>(MaxRecordsPerCall);
        while (!Done(started))
        {
            batch.Clear();
            var bytes = 0;
            long events = 0;
            while (batch.Count < MaxRecordsPerCall && bytes < MaxBytesPerCall && !Done(started, events))
            {
                var record = generator.NextRecord();
                batch.Add(record);
                bytes += record.Data.Length;
                events += record.Events.Count;
                if (settings.Rate is not null)
                {
                    break;
                }
            }

            await PutAllAsync(stream, batch, manifest, cancellationToken);
            await PaceAsync(started, cancellationToken);
        }

        return Totals;
    }

    private bool Done(long started, long pendingEvents = 0) =>
        (settings.Count is { } count && Totals.Events + pendingEvents >= count)
        || (settings.Duration is { } duration && time.GetElapsedTime(started) >= duration);

    private async Task PaceAsync(long started, CancellationToken cancellationToken)
    {
        if (settings.Rate is not { } rate)
        {
            return;
        }

        var due = TimeSpan.FromSeconds(Totals.Events / rate) - time.GetElapsedTime(started);
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due, time, cancellationToken);
        }
    }

    private async Task PutAllAsync(StreamAddress stream, List<GeneratedRecord> batch, ProduceManifest? manifest, CancellationToken cancellationToken)
    {
        var pending = batch;
        var failedCalls = 0;
        while (pending.Count > 0)
        {
            var entries = new List<PutRecordsEntry>(pending.Count);
            foreach (var record in pending)
            {
                entries.Add(new PutRecordsEntry(record.Data, PartitionKey(record)));
            }

            var response = await client.PutRecordsAsync(new PutRecordsRequest(stream, entries), cancellationToken);
            var failed = new List<GeneratedRecord>();
            for (var i = 0; i < pending.Count; i++)
            {
                var result = response.Records[i];
                if (result.Succeeded)
                {
                    Accept(pending[i], result, manifest);
                }
                else
                {
                    failed.Add(pending[i]);
                }
            }

            if (failed.Count > 0)
            {
                // Throttled entries (ProvisionedThroughputExceeded): retry just those, backing off.
                Totals = Totals with { Retries = Totals.Retries + failed.Count };
                await Task.Delay(RetryBackoff.DelayAfter(++failedCalls, Random.Shared.NextDouble()), time, cancellationToken);
            }

            pending = failed;
        }
    }

    private void Accept(GeneratedRecord record, PutRecordsResultEntry result, ProduceManifest? manifest)
    {
        Totals = Totals with
        {
            Records = Totals.Records + 1,
            Events = Totals.Events + record.Events.Count,
            ControlMessages = Totals.ControlMessages + (record.IsControl ? 1 : 0),
            Bytes = Totals.Bytes + record.Data.Length,
        };
        manifest?.Write(record, PartitionKey(record), result.ShardId!, result.SequenceNumber!);
    }

    // CloudWatch Logs keeps one log stream on one shard (distribution ByLogStream); control messages go anywhere.
    private static string PartitionKey(GeneratedRecord record) => record.IsControl ? "control" : record.LogStream;
}

/// <summary>What was written so far.</summary>
internal readonly record struct ProduceTotals(long Records, long Events, long ControlMessages, long Bytes, long Retries);
