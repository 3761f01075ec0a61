using KinesisFlow.Cli.Settings;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Generation;
using KinesisFlow.Sinks;
using Microsoft.Extensions.DependencyInjection;

namespace KinesisFlow.Cli;

/// <summary>
/// Runs <c>redrive</c>: reads the dead-letter file from where the progress file says, batch by batch: sends what can be
/// sent again, waits for every sink to acknowledge, appends what failed again to the new dead-letter file, then
/// records the progress. Summary on stderr; exit code 0 when nothing failed again, 1 otherwise.
/// </summary>
internal static class RedriveRunner
{
    // One batch is one acknowledgement and one progress write. Its size keeps it inside one request of an HTTP sink at
    // the default limits (4 MiB, 10,000 events), so an interruption re-sends at most one request's worth; a record
    // decoded again always goes whole into one batch, however many events it has.
    private const int MaxBatchEvents = 1_000;
    private const long MaxBatchBytes = 1024 * 1024;

    public static async Task<int> RunAsync(RedriveSettings settings, TextWriter stderr, CancellationToken cancellation)
    {
        var inputBytes = new FileInfo(settings.Input).Length;
        var progress = Resume(settings, inputBytes);
        using var host = RedriveSinkHost.Build(settings.Sinks, progress.DeadLetterFile);
        if (progress.Complete)
        {
            await stderr.WriteLineAsync($"redrive: nothing left to redrive: '{settings.Input}' was done before ({settings.ProgressPath}; delete it to redrive from the start)");
            return Report(stderr, progress);
        }

        RefusalNotingDeadLetterSink? refusals = null;
        await using var sinks = host.Services.GetRequiredService<SinkFactory>().Create(file => refusals = new RefusalNotingDeadLetterSink(file));
        var sinkIds = sinks.Sinks.Select(sink => (sink.Name, sink.OutputFormat)).ToList();
        using var decoder = new FlowRecordDecoder(settings.Formats);
        using var batch = new RedriveBatch(sinks.Formats, sinks.OutputOptions);
        var failures = new RedriveFailures();
        var undecodableBefore = progress.Undecodable;
        var notRedrivableBefore = progress.NotRedrivable;
        using var reader = new DeadLetterLineReader(settings.Input, progress.DoneBytes);
        try
        {
            var more = true;
            while (more)
            {
                long read = 0;
                while (batch.Events < MaxBatchEvents && batch.Bytes < MaxBatchBytes && (more = reader.TryReadLine(out var line)))
                {
                    cancellation.ThrowIfCancellationRequested();
                    read++;
                    Add(line.Span, batch, decoder, failures);
                }

                var tally = await SendAsync(sinks, sinkIds, batch, refusals!, cancellation);
                await failures.FlushAsync(sinks.DeadLetters, cancellation);
                progress = progress with
                {
                    DoneBytes = reader.Offset,
                    DeadLettersRead = progress.DeadLettersRead + read,
                    EventsSent = progress.EventsSent + tally.EventsSent,
                    Refused = progress.Refused + tally.Refused,
                    Sinks = progress.SinksAfter(sinkIds, tally),
                    Undecodable = undecodableBefore + failures.Undecodable,
                    NotRedrivable = notRedrivableBefore + failures.NotRedrivable,
                    DeadLetterBytes = LengthOf(progress.DeadLetterFile),
                    Complete = !more,
                };
                progress.Save(settings.ProgressPath);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"redrive: interrupted after {progress.DeadLettersRead} dead letters; run the same command again to resume ({settings.ProgressPath})");
            return ExitCodes.Interrupted;
        }

        return Report(stderr, progress);
    }

    /// <summary>The progress to start from: the saved one (with the new dead-letter file cut back to it), or a fresh one.</summary>
    private static RedriveProgress Resume(RedriveSettings settings, long inputBytes)
    {
        if (RedriveProgress.Load(settings.ProgressPath) is not { } saved)
        {
            var deadLetters = settings.DeadLetterPath ?? settings.DefaultDeadLetterPath;
            File.Delete(deadLetters);
            return new RedriveProgress { InputBytes = inputBytes, DeadLetterFile = deadLetters };
        }

        if (saved.InputBytes != inputBytes || saved.DoneBytes > inputBytes)
        {
            throw new SettingException($"FILE: '{settings.Input}' has {inputBytes} bytes, but its progress file {settings.ProgressPath} was written for {saved.InputBytes}; delete the progress file to redrive from the start");
        }

        if (settings.DeadLetterPath is { } given && given != saved.DeadLetterFile)
        {
            throw new SettingException($"--dead-letter: this redrive was begun with '{saved.DeadLetterFile}'; give that file or no --dead-letter to resume it");
        }

        if (!saved.Complete)
        {
            // What an unacknowledged batch may have appended is written again when that batch is.
            using var file = new FileStream(saved.DeadLetterFile, FileMode.OpenOrCreate, FileAccess.Write);
            if (file.Length > saved.DeadLetterBytes)
            {
                file.SetLength(saved.DeadLetterBytes);
            }
        }

        return saved;
    }

    private static void Add(ReadOnlySpan<byte> line, RedriveBatch batch, FlowRecordDecoder decoder, RedriveFailures failures)
    {
        var letter = RedriveLetter.Read(line);
        switch (letter.Kind)
        {
            case RedriveKind.Rejected when letter.Format is not null && !batch.Takes(letter.Format):
                failures.NotRedriven(line, $"no --sink takes the format '{letter.Format}' this event was serialized in");
                break;
            case RedriveKind.Rejected:
                batch.AddRejected(letter);
                break;
            case RedriveKind.Record:
                Decode(letter, letter.Data, batch, decoder, failures);
                break;
            case RedriveKind.Line:
                Decode(letter, RebuiltRecord(letter), batch, decoder, failures);
                break;
            default:
                failures.NotRedriven(line, letter.Problem!);
                break;
        }
    }

    private static void Decode(RedriveLetter letter, ReadOnlySpan<byte> data, RedriveBatch batch, FlowRecordDecoder decoder, RedriveFailures failures)
    {
        batch.BeginDecoded(letter);
        failures.Source = letter.Source;
        decoder.Decode(data, batch, failures, new KinesisRecordContext(letter.ShardId, letter.SequenceNumber));
    }

    /// <summary>A record of the one line, in an envelope with what the dead letter kept of the original.</summary>
    private static byte[] RebuiltRecord(RedriveLetter letter)
    {
        var message = System.Text.Encoding.UTF8.GetString(letter.Data);
        var json = CloudWatchLogsEnvelope.DataMessageJson(
            letter.Owner!, letter.LogGroup!, letter.LogStream ?? string.Empty, [new CloudWatchLogEvent(letter.EventId ?? string.Empty, letter.Timestamp!.Value, message)]);
        return CloudWatchLogsEnvelope.Gzip(json);
    }

    /// <summary>
    /// Sends each sink its format's batches, all at once, waits for every acknowledgement, and tells what each sink
    /// refused of them.
    /// </summary>
    private static async Task<RedriveTally> SendAsync(
        SinkSet sinks, IReadOnlyList<(string Name, string Format)> sinkIds, RedriveBatch batch, RefusalNotingDeadLetterSink refusals, CancellationToken cancellation)
    {
        var events = batch.Events;
        var parts = batch.Build();
        try
        {
            var sends = new List<Task>();
            foreach (var sink in sinks.Sinks)
            {
                foreach (var part in parts)
                {
                    if (part.Format == sink.OutputFormat)
                    {
                        sends.Add(sink.SendAsync(part.Batch, cancellation).AsTask());
                    }
                }
            }

            await Task.WhenAll(sends);
            return RedriveTally.Of(sinkIds, parts, events, refusals.TakeRefusals());
        }
        finally
        {
            foreach (var part in parts)
            {
                part.Batch.Dispose();
            }
        }
    }

    private static long LengthOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>A line per sink, then the totals (each dead letter once) as the last line.</summary>
    private static int Report(TextWriter stderr, RedriveProgress progress)
    {
        foreach (var sink in progress.Sinks)
        {
            stderr.WriteLine($"redrive: sink={sink.Sink} events_sent={sink.EventsSent} refused={sink.Refused}");
        }

        var failed = progress.FailedAgain;
        stderr.WriteLine(
            $"redrive: dead_letters={progress.DeadLettersRead} events_sent={progress.EventsSent} failed_again={failed} "
            + $"(refused={progress.Refused} undecodable={progress.Undecodable} not_redrivable={progress.NotRedrivable})"
            + (failed == 0 ? string.Empty : $", written to {progress.DeadLetterFile}"));
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
