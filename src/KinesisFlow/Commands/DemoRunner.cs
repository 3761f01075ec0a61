using System.Globalization;
using KinesisFlow.Aws;
using KinesisFlow.Emulators;
using Microsoft.Extensions.Hosting;

namespace KinesisFlow.Cli;

/// <summary>
/// Runs the demo: emulators (kinesalite for Kinesis, dynalite for the lease table), a stream, the producer and two
/// consumer workers (two generic hosts in this process, sharing the shards through the lease table), a progress line
/// per second, and a closing summary. Everything it started is stopped on the way out, Ctrl-C included.
/// </summary>
internal sealed class DemoRunner(DemoSettings settings, TextWriter output)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WorkerStopTimeout = TimeSpan.FromSeconds(30);

    public async Task<int> RunAsync(CancellationToken cancellation)
    {
        // The emulators accept any credentials; a real signer still needs some.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "kinesisflowdemo");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "kinesisflow-demo-secret");
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        Directory.CreateDirectory(settings.OutputDirectory);
        foreach (var worker in new[] { 1, 2 })
        {
            File.Delete(settings.WorkerOutput(worker));
        }

        await output.WriteLineAsync("Installing the local AWS emulators if needed (npm), then starting them...");
        await EmulatorHost.EnsureInstalledAsync(cancellationToken: cancellation);
        await using var kinesis = await EmulatorHost.StartKinesaliteAsync(cancellationToken: cancellation);
        await using var dynamoDb = await EmulatorHost.StartDynaliteAsync(cancellationToken: cancellation);
        await output.WriteLineAsync($"  Kinesis  (kinesalite) at {kinesis.Endpoint}");
        await output.WriteLineAsync($"  DynamoDB (dynalite)   at {dynamoDb.Endpoint}");

        using var client = new KinesisClient(new AwsClientOptions { ServiceUrl = kinesis.Endpoint }, TimeProvider.System);
        await client.CreateStreamAsync(new CreateStreamRequest(DemoSettings.StreamName, settings.Shards), cancellation);
        await client.WaitForStreamActiveAsync(DemoSettings.StreamName, TimeProvider.System, TimeSpan.FromMilliseconds(100), cancellation);
        await output.WriteLineAsync($"Created stream {DemoSettings.StreamName} with {settings.Shards} shards; lease table {DemoSettings.LeaseTable}.");

        // Both workers start together, each takes at most its half of the shards, and they balance every second: started
        // one after the other, the first took every lease before the second was up, and the balancer then moved one
        // lease per balancing cycle (5 s) with a graceful handoff, so a short demo ended before the shards were shared
        // (18,526 events vs 1,504), with a moved shard shown as the new owner's while it waited for the old owner's
        // checkpoint.
        var workers = new[] { BuildWorker(1, kinesis.Endpoint, dynamoDb.Endpoint), BuildWorker(2, kinesis.Endpoint, dynamoDb.Endpoint) };
        await Task.WhenAll(workers.Select(worker => worker.StartAsync(cancellation)));
        var producer = new ProduceRunner(client, new ProduceSettings
        {
            StreamName = DemoSettings.StreamName,
            Count = settings.Events,
            Rate = settings.Rate,
            MinEventsPerRecord = 20,
            MaxEventsPerRecord = 200,
        }, TimeProvider.System);
        await output.WriteLineAsync($"Producing {settings.Events} flow lines at {settings.Rate}/s; two workers deliver them to {settings.OutputDirectory}. Ctrl-C stops.");

        using var progress = new DemoProgress(settings, dynamoDb.Endpoint, output);
        var interrupted = false;
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            var producing = producer.RunAsync(null, cancellation);
            while (!producing.IsCompleted || progress.Delivered < producer.Totals.Events)
            {
                await Task.Delay(ProgressInterval, cancellation);
                await progress.ReportAsync(producer.Totals, TimeProvider.System.GetElapsedTime(started), cancellation);
                if (producing.IsFaulted)
                {
                    await producing;
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            interrupted = true;
            await output.WriteLineAsync("Interrupted: stopping the workers and the emulators...");
        }

        foreach (var worker in workers)
        {
            using var stop = new CancellationTokenSource(WorkerStopTimeout);
            await worker.StopAsync(stop.Token);
            worker.Dispose();
        }

        await progress.SummarizeAsync(producer.Totals, CancellationToken.None);
        return interrupted ? 130 : 0;
    }

    private IHost BuildWorker(int worker, Uri kinesis, Uri dynamoDb) =>
        RunHost.Build(
            new Dictionary<string, string?>
            {
                ["KinesisFlow:Kinesis:StreamName"] = DemoSettings.StreamName,
                ["KinesisFlow:Kinesis:EndpointUrl"] = kinesis.ToString(),
                ["KinesisFlow:Leases:EndpointUrl"] = dynamoDb.ToString(),
                ["KinesisFlow:Leases:TableName"] = DemoSettings.LeaseTable,
                ["KinesisFlow:Leases:WorkerId"] = DemoProgress.WorkerId(worker),
                ["KinesisFlow:Leases:MaxLeasesPerWorker"] = ((settings.Shards + 1) / 2).ToString(CultureInfo.InvariantCulture),
                // Two workers racing for the same unowned lease: the loser takes another one at its next cycle, within a second.
                ["KinesisFlow:Leases:BalanceInterval"] = "00:00:01",
                ["KinesisFlow:Sinks:DeadLetter:Path"] = Path.Combine(settings.OutputDirectory, "dead-letters.ndjson"),
                ["KinesisFlow:Checkpoints:Interval"] = "00:00:02",
                // The progress line is the demo's output; the workers only speak up when something goes wrong.
                ["Logging:LogLevel:Default"] = "Warning",
                // A fresh lease table is a "hole" to shard sync: expected here, not worth a warning.
                ["Logging:LogLevel:KinesisFlow.Leases.ShardSynchronizer"] = "Error",
            },
            [$"file:{settings.WorkerOutput(worker)}"]);
}
