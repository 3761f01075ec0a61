using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Generation;

namespace KinesisFlow.TestKit.Shapes;

/// <summary>
/// Makes Kinesis records of a chosen size as a CloudWatch Logs subscription writes them: gzip'd DATA_MESSAGEs of
/// realistic flow lines (FlowLogs' <see cref="FlowLogGenerator"/>), up to the 1 MiB record limit, or highly
/// compressible ones that inflate to many times their size. Every event gets the next ordinal of <see cref="Ids"/>,
/// so the events of all records one factory made are exactly the ordinals 0 .. <see cref="EventsMade"/> - 1.
/// Deterministic for a seed.
/// </summary>
public sealed class FlowLogRecordFactory
{
    /// <summary>The log group records belong to.</summary>
    public const string LogGroup = "/aws/vpc/flow-logs";

    // Lines are taken from pools of generated lines, one pool per log stream (interface). A pool is much larger
    // than gzip's 32 KiB window, so a realistic record compresses as freshly generated lines would, at a fraction of
    // the cost of generating millions of lines.
    private const int PoolLines = 1024;
    private const int LogStreams = 4;

    // A compressible record cycles through this many lines: they all fit gzip's window.
    private const int CompressibleCycle = 64;

    private readonly Random _random;
    private readonly (string LogStream, string[] Lines)[] _pools;
    private const string Owner = "123456789012";
    private double _gzipBytesPerEvent = 80;

    public FlowLogRecordFactory(ShapedEventIds ids, FlowLogFormat? format = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        Ids = ids;
        _random = new Random(unchecked((int)ids.Seed));
        var generator = new FlowLogGenerator(unchecked((int)ids.Seed), new FlowLogGeneratorOptions
        {
            LogGroups = [new GeneratedLogGroup(LogGroup, format ?? FlowLogFormat.DefaultV2)],
            MinEventsPerRecord = PoolLines,
            MaxEventsPerRecord = PoolLines,
        });
        _pools = new (string, string[])[LogStreams];
        for (var i = 0; i < LogStreams; i++)
        {
            var record = generator.NextRecord();
            var lines = new string[record.Events.Count];
            for (var j = 0; j < lines.Length; j++)
            {
                lines[j] = record.Events[j].Message;
            }

            _pools[i] = (record.LogStream, lines);
        }
    }

    public ShapedEventIds Ids { get; }

    /// <summary>Events in every record made so far; the next record's first event has this ordinal.</summary>
    public long EventsMade { get; private set; }

    /// <summary>
    /// A record of realistic flow lines whose gzip'd size is at most <paramref name="gzipBytes"/> and within 3 % of it
    /// (for records of 16 KiB and more; smaller ones come within an event's size).
    /// </summary>
    public ShapedRecord Realistic(int gzipBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gzipBytes, 512);
        var pool = _pools[_random.Next(_pools.Length)];
        var offset = _random.Next(pool.Lines.Length);

        // Searches the event count: the largest count known to fit and the smallest known to overshoot close in on
        // each other, each guess from the compressed bytes per event seen last.
        (byte[] Gzip, int Json, int Count)? best = null;
        var tooMany = int.MaxValue;
        var count = Math.Max(1, (int)(gzipBytes / _gzipBytesPerEvent));
        while (true)
        {
            var json = Envelope(pool, offset, count, cycle: pool.Lines.Length);
            var gzip = CloudWatchLogsEnvelope.Gzip(json);
            _gzipBytesPerEvent = (double)gzip.Length / count;
            if (gzip.Length > gzipBytes)
            {
                tooMany = count;
            }
            else if (best is null || count > best.Value.Count)
            {
                best = (gzip, json.Length, count);
            }

            var fits = best?.Count ?? 0;
            if (fits + 1 >= tooMany || (best is { } found && found.Gzip.Length >= gzipBytes * 0.97))
            {
                break;
            }

            // Aim 1 % under the target: the ratio of a prefix is close to, not exactly, the ratio of the whole.
            count = Math.Clamp((int)(gzipBytes * 0.99 / _gzipBytesPerEvent), fits + 1, tooMany - 1);
        }

        if (best is not { } chosen)
        {
            throw new ArgumentOutOfRangeException(nameof(gzipBytes), gzipBytes, "One event alone does not fit.");
        }

        return Take(pool.LogStream, chosen.Gzip, chosen.Json, chosen.Count);
    }

    /// <summary>
    /// A record that inflates to about <paramref name="decompressedBytes"/> (never less) from a small fraction of that
    /// (its <see cref="ShapedRecord.CompressionRatio"/> is about 10 or more): flow lines repeating within gzip's window,
    /// as a burst of near-identical flows gives. For records near the limit after inflation, and for the inflation cap.
    /// Fewer <paramref name="distinctLines"/> inflate more (one line: well over 16 times), e.g. for a record over the
    /// decoder's cap that still fits Kinesis's 1 MiB.
    /// </summary>
    public ShapedRecord Compressible(int decompressedBytes, int distinctLines = CompressibleCycle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(decompressedBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(distinctLines, 1);
        var pool = _pools[_random.Next(_pools.Length)];
        var offset = _random.Next(pool.Lines.Length);
        var probe = Envelope(pool, offset, 100, distinctLines);
        var count = (int)((long)decompressedBytes * 100 / probe.Length);
        while (true)
        {
            var json = Envelope(pool, offset, count, distinctLines);
            if (json.Length >= decompressedBytes)
            {
                return Take(pool.LogStream, CloudWatchLogsEnvelope.Gzip(json), json.Length, count);
            }

            count += Math.Max(1, (int)((long)(decompressedBytes - json.Length) * count / json.Length) + 1);
        }
    }

    private byte[] Envelope((string LogStream, string[] Lines) pool, int offset, int count, int cycle)
    {
        var events = new CloudWatchLogEvent[count];
        for (var i = 0; i < count; i++)
        {
            var ordinal = EventsMade + i;
            events[i] = new CloudWatchLogEvent(Ids.Id(ordinal), ShapedEventIds.Timestamp(ordinal), pool.Lines[(offset + (i % cycle)) % pool.Lines.Length]);
        }

        return CloudWatchLogsEnvelope.DataMessageJson(Owner, LogGroup, pool.LogStream, events);
    }

    private ShapedRecord Take(string logStream, byte[] gzip, int decompressedBytes, int count)
    {
        var record = new ShapedRecord(gzip, LogGroup, logStream, EventsMade, count, decompressedBytes);
        EventsMade += count;
        return record;
    }
}
