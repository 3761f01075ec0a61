using System.Globalization;
using System.Text;
using KinesisFlow.Aws;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Leases.DynamoDb;

namespace KinesisFlow.Cli;

/// <summary>
/// What the demo shows while it runs and at the end: produced and delivered events, events per second, per worker the
/// shards it owns (from the lease table), the highest lag the owners report; at the end what each worker delivered and
/// each shard's checkpoint.
/// </summary>
internal sealed class DemoProgress : IDisposable
{
    /// <summary>The widest a progress line gets: it must fit a terminal without wrapping.</summary>
    public const int MaxWidth = 100;

    private readonly DemoSettings _settings;
    private readonly TextWriter _output;
    private readonly LeaseTableConnection _leases;
    private readonly long[] _offsets = new long[2];
    private readonly long[] _lines = new long[2];
    private long _lastDelivered;

    public DemoProgress(DemoSettings settings, Uri dynamoDb, TextWriter output)
    {
        _settings = settings;
        _output = output;
        // The demo's emulator credentials and region are this process's environment (DemoRunner sets them for the workers too).
        _leases = LeaseTableConnection.Open(new AwsClientOptions { ServiceUrl = dynamoDb }, new DynamoDbLeaseTableOptions { TableName = DemoSettings.LeaseTable });
    }

    /// <summary>Events delivered so far (lines in both workers' files).</summary>
    public long Delivered => _lines[0] + _lines[1];

    public async Task ReportAsync(ProduceTotals produced, TimeSpan elapsed, CancellationToken cancellation)
    {
        CountNewLines();
        var rate = Delivered - _lastDelivered;
        _lastDelivered = Delivered;
        var table = await ScanTableAsync(cancellation);
        await _output.WriteLineAsync(ProgressLine(elapsed, produced.Events, _lines, rate, table));
    }

    /// <summary>
    /// One progress line, at most <see cref="MaxWidth"/> columns (the widest counts and 50 shards fit; anything wider is
    /// cut): time, produced, delivered and the delivery rate, the shards each worker owns, the highest lag reported (in
    /// the workers' heartbeats). What each worker delivered is in the closing summary.
    /// </summary>
    public static string ProgressLine(TimeSpan elapsed, long produced, IReadOnlyList<long> deliveredByWorker, long rate, LeaseTableScan table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var leases = table.Leases;
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalSeconds,4}s  produced {produced,8}  delivered {deliveredByWorker.Sum(),8} ({rate,6}/s)");
        for (var worker = 1; worker <= deliveredByWorker.Count; worker++)
        {
            var owner = WorkerId(worker);
            var shards = leases.Count(lease => lease.LeaseOwner == owner);
            line.Append(CultureInfo.InvariantCulture, $"  w{worker}: {shards} {(shards == 1 ? "shard" : "shards")}");
        }

        long lag = 0;
        foreach (var heartbeat in table.Heartbeats)
        {
            foreach (var figures in heartbeat.Lags?.Shards.Values ?? [])
            {
                lag = Math.Max(lag, figures.ShardLagMillis);
            }
        }

        line.Append(CultureInfo.InvariantCulture, $"  lag {Milliseconds(lag)}");
        return line.Length <= MaxWidth ? line.ToString() : line.ToString(0, MaxWidth);
    }

    public async Task SummarizeAsync(ProduceTotals produced, CancellationToken cancellation)
    {
        CountNewLines();
        await _output.WriteLineAsync();
        await _output.WriteLineAsync("Summary");
        await _output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"  produced   {produced.Events} flow lines in {produced.Records - produced.ControlMessages} records, and {produced.ControlMessages} control messages (CloudWatch Logs' reachability checks)"));
        await _output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"  delivered  {Delivered} events: {_lines[0]} by worker 1, {_lines[1]} by worker 2 (a log stream stays on its shard, so shares differ)"));
        await _output.WriteLineAsync($"  into       {_settings.WorkerOutput(1)} and {Path.GetFileName(_settings.WorkerOutput(2))}");
        await _output.WriteLineAsync("  checkpointed");
        foreach (var lease in (await ScanTableAsync(cancellation)).Leases.OrderBy(lease => lease.LeaseKey, StringComparer.Ordinal))
        {
            await _output.WriteLineAsync($"    {lease.LeaseKey}  {lease.Checkpoint}  (last owner {lease.LeaseOwner ?? "none: released"})");
        }
    }

    /// <summary>The lease-owner id of demo worker <paramref name="worker"/> (1 or 2).</summary>
    public static string WorkerId(int worker) => string.Create(CultureInfo.InvariantCulture, $"demo-worker-{worker}");

    public void Dispose() => _leases.Dispose();

    private async Task<LeaseTableScan> ScanTableAsync(CancellationToken cancellation)
    {
        try
        {
            return await _leases.ScanAsync(cancellation);
        }
        catch (LeaseTableException e) when (e.TableMissing)
        {
            // The workers have not created the table yet.
            return new LeaseTableScan([], []);
        }
    }

    private void CountNewLines()
    {
        for (var worker = 0; worker < 2; worker++)
        {
            var path = _settings.WorkerOutput(worker + 1);
            if (!File.Exists(path))
            {
                continue;
            }

            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.Position = _offsets[worker];
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = file.Read(buffer)) > 0)
            {
                _lines[worker] += buffer.AsSpan(0, read).Count((byte)'\n');
                _offsets[worker] += read;
            }
        }
    }

    private static string Milliseconds(long millis) =>
        millis < 10_000 ? string.Create(CultureInfo.InvariantCulture, $"{millis} ms") : string.Create(CultureInfo.InvariantCulture, $"{millis / 1000} s");
}
