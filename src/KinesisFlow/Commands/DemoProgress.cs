using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Leases.DynamoDb;

namespace KinesisFlow.Cli;

/// <summary>
/// What the demo shows while it runs and at the end: produced and delivered events, events per second, and per shard
/// its owner, checkpoint and lag as the workers report them in the lease table.
/// </summary>
internal sealed class DemoProgress : IDisposable
{
    private readonly DemoSettings _settings;
    private readonly TextWriter _output;
    private readonly AmazonDynamoDBClient _dynamoDb;
    private readonly DynamoDbLeaseStore _leases;
    private readonly long[] _offsets = new long[2];
    private readonly long[] _lines = new long[2];
    private long _lastDelivered;

    public DemoProgress(DemoSettings settings, Uri dynamoDb, TextWriter output)
    {
        _settings = settings;
        _output = output;
        _dynamoDb = new AmazonDynamoDBClient(
            new BasicAWSCredentials("kinesisflowdemo", "kinesisflow-demo-secret"),
            new AmazonDynamoDBConfig { ServiceURL = dynamoDb.ToString(), AuthenticationRegion = "us-east-1" });
        _leases = new DynamoDbLeaseStore(_dynamoDb, new DynamoDbLeaseTableOptions { TableName = DemoSettings.LeaseTable });
    }

    /// <summary>Events delivered so far (lines in both workers' files).</summary>
    public long Delivered => _lines[0] + _lines[1];

    public async Task ReportAsync(ProduceTotals produced, CancellationToken cancellation)
    {
        CountNewLines();
        var rate = Delivered - _lastDelivered;
        _lastDelivered = Delivered;
        var leases = await ListLeasesAsync(cancellation);
        var shards = string.Join("  ", leases.Select(lease => string.Create(
            CultureInfo.InvariantCulture,
            $"{ShortId(lease.LeaseKey)}:{ShortOwner(lease.LeaseOwner)} lag {lease.MillisBehindLatest ?? 0}ms")));
        await _output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"produced {produced.Events,7}  delivered {Delivered,7} (w1 {_lines[0]}, w2 {_lines[1]})  {rate,6} ev/s  | {shards}"));
    }

    public async Task SummarizeAsync(ProduceTotals produced, CancellationToken cancellation)
    {
        CountNewLines();
        await _output.WriteLineAsync();
        await _output.WriteLineAsync("Summary");
        await _output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  produced   {produced.Events} flow lines in {produced.Records} records ({produced.ControlMessages} control messages)"));
        await _output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  delivered  {Delivered} events: {_lines[0]} by worker 1 ({_settings.WorkerOutput(1)}), {_lines[1]} by worker 2 ({_settings.WorkerOutput(2)})"));
        await _output.WriteLineAsync("  checkpointed");
        foreach (var lease in await ListLeasesAsync(cancellation))
        {
            await _output.WriteLineAsync($"    {lease.LeaseKey}  {lease.Checkpoint}  (last owner {lease.LeaseOwner ?? "none: released"})");
        }
    }

    public void Dispose() => _dynamoDb.Dispose();

    private async Task<List<Lease>> ListLeasesAsync(CancellationToken cancellation)
    {
        try
        {
            return [.. (await _leases.ListAsync(cancellation)).OrderBy(lease => lease.LeaseKey, StringComparer.Ordinal)];
        }
        catch (ResourceNotFoundException)
        {
            // The workers have not created the table yet.
            return [];
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

    private static string ShortId(string shardId) => shardId.Replace("shardId-", "#", StringComparison.Ordinal).TrimStart('#').TrimStart('0') is { Length: > 0 } id ? "#" + id : "#0";

    private static string ShortOwner(string? owner) => owner?.Replace("demo-worker-", "w", StringComparison.Ordinal) ?? "-";
}
