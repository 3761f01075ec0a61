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

        var workers = new[] { StartWorker(1, kinesis.Endpoint, dynamoDb.Endpoint), StartWorker(2, kinesis.Endpoint, dynamoDb.Endpoint) };
        var producer = new ProduceRunner(client, new ProduceSettings
        {
            StreamName = DemoSettings.StreamName,
            Count = settings.Events,
            Rate = settings.Rate,
            MinEventsPerRecord = 20,
            MaxEventsPerRecord = 200,
        }, TimeProvider.System);
        await output.WriteLineAsync($"Producing {settings.Events} flow lines at {settings.Rate}/s; two workers deliver them to {settings.OutputDirectory}. Ctrl-C stops.");

        var progress = new DemoProgress(settings, dynamoDb.Endpoint, output);
        var interrupted = false;
        try
        {
            var producing = producer.RunAsync(null, cancellation);
            while (!producing.IsCompleted || progress.Delivered < producer.Totals.Events)
            {
                await Task.Delay(ProgressInterval, cancellation);
                await progress.ReportAsync(producer.Totals, cancellation);
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

    private IHost StartWorker(int worker, Uri kinesis, Uri dynamoDb)
    {
        var host = RunHost.Build(
            new Dictionary<string, string?>
            {
                ["KinesisFlow:Kinesis:StreamName"] = DemoSettings.StreamName,
                ["KinesisFlow:Kinesis:EndpointUrl"] = kinesis.ToString(),
                ["KinesisFlow:Leases:EndpointUrl"] = dynamoDb.ToString(),
                ["KinesisFlow:Leases:TableName"] = DemoSettings.LeaseTable,
                ["KinesisFlow:Leases:WorkerId"] = string.Create(CultureInfo.InvariantCulture, $"demo-worker-{worker}"),
                ["KinesisFlow:Sinks:DeadLetter:Path"] = Path.Combine(settings.OutputDirectory, "dead-letters.ndjson"),
                ["KinesisFlow:Checkpoints:Interval"] = "00:00:02",
                // The progress line is the demo's output; the workers only speak up when something goes wrong.
                ["Logging:LogLevel:Default"] = "Warning",
                // A fresh lease table is a "hole" to shard sync: expected here, not worth a warning.
                ["Logging:LogLevel:KinesisFlow.Leases.ShardSynchronizer"] = "Error",
            },
            [$"file:{settings.WorkerOutput(worker)}"]);
        host.Start();
        return host;
    }
}
