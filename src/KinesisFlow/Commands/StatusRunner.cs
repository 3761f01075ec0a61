using System.Text;
using KinesisFlow.Aws;
using KinesisFlow.Leases.DynamoDb;

namespace KinesisFlow.Cli;

/// <summary>Reads, renders, and with <c>--watch</c> repeats; turns AWS errors into one line and exit code 1.</summary>
internal static class StatusRunner
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;

    // Moves the cursor home and clears the screen, so that --watch redraws in place on a terminal.
    private const string ClearScreen = "\u001b[H\u001b[2J";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task<int> RunAsync(StatusSettings settings, Stream stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        AwsStatusSource source;
        try
        {
            source = AwsStatusSource.Create(settings);
        }
        catch (AwsRegionMissingException e)
        {
            await stderr.WriteLineAsync($"status: --region: {e.Message.TrimEnd('.')}; allowed: a region name such as eu-west-1, or a profile (--profile) that names one.");
            return ExitCodes.BadSetting;
        }

        using (source)
        {
            return await RunAsync(settings, source, TimeProvider.System, stdout, stderr, redrawInPlace: settings.Watch && !Console.IsOutputRedirected, cancellationToken);
        }
    }

    public static async Task<int> RunAsync(
        StatusSettings settings,
        IStatusSource source,
        TimeProvider time,
        Stream stdout,
        TextWriter stderr,
        bool redrawInPlace,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var observer = new StatusRenewalObserver(time);
        try
        {
            while (true)
            {
                var (shards, leases) = await source.ReadAsync(cancellationToken);
                var snapshot = StatusSnapshotBuilder.Build(
                    settings.StreamName, settings.LeaseTable, time.GetUtcNow(), shards, leases, observer.Observe(leases));
                Render(snapshot, settings, stdout, redrawInPlace);
                if (!settings.Watch)
                {
                    return ExitOk;
                }

                await Task.Delay(settings.Interval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C is how --watch ends: 130 (128 + SIGINT), as shells and `watch` report it.
            return ExitCodes.Interrupted;
        }
        catch (AwsServiceException e)
        {
            await stderr.WriteLineAsync(e.Is("ResourceNotFoundException")
                ? $"status: stream '{settings.StreamName}' not found ({e.ServiceMessage})"
                : $"status: Kinesis: {e.ErrorCode}: {e.ServiceMessage}");
            return ExitFailed;
        }
        catch (LeaseTableException e)
        {
            await stderr.WriteLineAsync($"status: {e.Message}");
            return ExitFailed;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TimeoutException)
        {
            // Credentials that do not resolve, an endpoint that does not answer: the message says which.
            await stderr.WriteLineAsync($"status: {e.Message}");
            return ExitFailed;
        }
    }

    private static void Render(StatusSnapshot snapshot, StatusSettings settings, Stream stdout, bool redrawInPlace)
    {
        if (settings.Json)
        {
            // One indented object for one snapshot; one line per snapshot when watching (NDJSON).
            StatusJsonWriter.Write(snapshot, stdout, indented: !settings.Watch);
            stdout.Write("\n"u8);
            stdout.Flush();
            return;
        }

        using var text = new StreamWriter(stdout, Utf8, bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\n" };
        if (redrawInPlace)
        {
            text.Write(ClearScreen);
        }
        else if (settings.Watch)
        {
            text.WriteLine();
        }

        StatusTableRenderer.Render(snapshot, text);
    }
}
