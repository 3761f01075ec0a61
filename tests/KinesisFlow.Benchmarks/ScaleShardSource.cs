using KinesisFlow.Aws;
using KinesisFlow.Consumer.Retrieval;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Generation;

namespace KinesisFlow.Benchmarks;

/// <summary>
/// The in-memory shard source of the scale benchmark: serves a shard's pre-generated records as fast as asked, in
/// GetRecords-sized reads (up to 10,000 records or 10 MB), then the shard's end. No emulator in the way.
/// </summary>
internal sealed class ScaleShardSource(KinesisRecord[] records) : IShardReader
{
    private const int MaxRecordsPerRead = 10_000;
    private const long MaxBytesPerRead = 10L * 1024 * 1024;
    private int _next;

    public ValueTask<ShardReadResult> ReadAsync(CancellationToken cancellationToken)
    {
        var start = _next;
        long bytes = 0;
        while (_next < records.Length && _next - start < MaxRecordsPerRead && bytes + records[_next].Data.Length <= MaxBytesPerRead)
        {
            bytes += records[_next++].Data.Length;
        }

        var read = new ArraySegment<KinesisRecord>(records, start, _next - start);
        return ValueTask.FromResult(new ShardReadResult(read, 0, _next == records.Length, []));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Gzip'd CloudWatch Logs records of flow logs totalling about <paramref name="bytes"/> compressed bytes.</summary>
    public static IReadOnlyList<KinesisRecord> Generate(long bytes, int seed)
    {
        var generator = new FlowLogGenerator(seed, new FlowLogGeneratorOptions { LogGroups = [new GeneratedLogGroup("/vpc/bench", FlowLogFormat.DefaultV2)] });
        var records = new List<KinesisRecord>();
        long total = 0;
        for (var sequence = 1; total < bytes; sequence++)
        {
            var record = generator.NextRecord();
            records.Add(new KinesisRecord(sequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture), null, record.Data, "key", null));
            total += record.Data.Length;
        }

        return records;
    }
}
