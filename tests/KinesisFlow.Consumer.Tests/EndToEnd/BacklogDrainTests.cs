using System.Diagnostics;
using KinesisFlow.Aws;
using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.Shapes;
using Xunit.Abstractions;

namespace KinesisFlow.Consumer.Tests.EndToEnd;

/// <summary>
/// A production-sized backlog: 50 MB of gzip'd CloudWatch Logs records near the 1 MiB limit in each of 4 shards,
/// drained from TRIM_HORIZON by one <c>kinesisflow run</c> worker in polling mode, and in fan-out mode through
/// <see cref="KinesaliteFanOut"/> (AWS-shaped SubscribeToShard over TLS + ALPN h2: events of 2 records near 1 MiB,
/// subscriptions the server closes every 20 s; kinesis-mock would send each shard's backlog as one event beyond the
/// 16 MiB message limit). Reports the drain time (test output); asserts only what was delivered and checkpointed.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BacklogDrainTests(KinesaliteAndDynalite emulators, ITestOutputHelper output)
{
    private const int Shards = 4;
    private const long BytesPerShard = 50L * 1000 * 1000;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);

    // The server ends each subscription this soon, so that even a drain on a fast, idle machine (50 MB a shard in a few
    // seconds) outlives several subscriptions and must renew them; 20 s let a quick drain finish on its first ones.
    private static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData("polling")]
    [InlineData("fanout")]
    public async Task A_50_MB_backlog_per_shard_on_4_shards_drains_from_trim_horizon_with_every_event_delivered_and_checkpointed(string mode)
    {
        using var temp = new TempDirectory();
        var stream = await emulators.Kinesis.Streams.CreateUniqueAsync(Shards, "backlog");
        try
        {
            var producing = Stopwatch.StartNew();
            Backlog backlog;
            using (var client = new KinesisClient(emulators.Kinesis.ClientOptions()))
            {
                backlog = await new BacklogProducer(client).FillAsync(stream, BytesPerShard, RecordSizes.NearLimit);
            }

            producing.Stop();
            var leaseTable = EmulatorFixture.UniqueName("leases");
            var sink = temp.File("events.ndjson");
            var environment = new Dictionary<string, string>
            {
                // kinesalite answers up to 10,000 records whatever their size; 10 records near 1 MiB make the 10 MB
                // answer AWS caps GetRecords at.
                ["KINESISFLOW__Kinesis__MaxRecordsPerRead"] = "10",
                // One file, read incrementally while it grows.
                ["KINESISFLOW__Sinks__File__MaxFileBytes"] = "0",
            };

            await using var fanOut = mode == "fanout"
                ? await KinesaliteFanOut.StartAsync(emulators.Kinesis.Endpoint, recordsPerEvent: 2, subscriptionLifetime: SubscriptionLifetime)
                : null;
            foreach (var (name, value) in fanOut?.Certificate.TrustEnvironment ?? new Dictionary<string, string>())
            {
                environment[name] = value;
            }

            var draining = Stopwatch.StartNew();
            await using var worker = KinesisFlowProcess.Start(environment, WorkerArguments.Run(
                fanOut?.Endpoint ?? emulators.Kinesis.Endpoint, emulators.DynamoDb.Endpoint, stream, leaseTable, "worker", sink, "--mode", mode));
            using var leases = new LeaseTable(emulators.DynamoDb.Endpoint, leaseTable);
            var check = await EndToEndSteps.WaitForBacklogAsync(backlog, [sink], leases, Timeout, worker);
            draining.Stop();
            await worker.StopAsync(Timeout);

            Assert.True(worker.ExitCode == 0, worker.Log);
            Assert.Equal(0, check.Foreign);
            if (fanOut is not null)
            {
                // Delivered by fan-out itself, renewing each subscription the server ended, never by a fall-back to polling.
                Assert.DoesNotContain("falling back", worker.Log, StringComparison.Ordinal);
                Assert.True(fanOut.Subscriptions > Shards, $"{fanOut.Subscriptions} subscriptions");
            }

            output.WriteLine(
                $"{mode}: {backlog.Records} records, {backlog.Bytes / 1e6:F1} MB gzip'd ({Shards} shards), {backlog.EventCount:N0} events; " +
                $"produced in {producing.Elapsed.TotalSeconds:F1} s; drained and checkpointed in {draining.Elapsed.TotalSeconds:F1} s " +
                $"({backlog.Bytes / 1e6 / draining.Elapsed.TotalSeconds:F1} MB/s); {check.Duplicates:N0} duplicates; sink {new FileInfo(sink).Length / 1e6:F0} MB");
        }
        finally
        {
            await emulators.Kinesis.Streams.DeleteAsync(stream);
        }
    }
}
