using System.Buffers;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Output;

namespace KinesisFlow.Cli;

/// <summary>Runs <c>decode</c>: inputs in order, NDJSON to stdout (buffered bytes), summary to stderr, exit code.</summary>
internal static class DecodeRunner
{
    // Output is written to stdout in chunks of about this size: large enough that syscalls cost nothing.
    private const int FlushThreshold = 256 * 1024;

    public const int ExitOk = 0;
    public const int ExitDeadLettered = 1;
    public const int ExitUsage = 2;

    public static int Run(DecodeSettings settings, Stream stdin, Stream stdout, TextWriter stderr, CancellationToken cancellation)
    {
        foreach (var input in settings.Inputs)
        {
            if (input != "-" && !File.Exists(input))
            {
                throw new DecodeUsageException($"cannot read input '{input}': no such file");
            }
        }

        foreach (var warning in FormatWarnings.Describe(settings.Formats))
        {
            stderr.WriteLine($"decode: warning: {warning}");
        }

        var output = new ArrayBufferWriter<byte>(FlushThreshold * 2);
        using var decoder = new FlowRecordDecoder(settings.Formats);
        using var deadLetters = new DecodeDeadLetters(settings.DeadLetterPath, stderr);
        var handler = new NdjsonFlowRecordHandler(FlowOutputFormats.Create(settings.OutputFormat), output);
        using var reader = new DecodeInputReader(decoder, handler, deadLetters, () =>
        {
            cancellation.ThrowIfCancellationRequested();
            if (output.WrittenCount >= FlushThreshold)
            {
                stdout.Write(output.WrittenSpan);
                output.ResetWrittenCount();
            }
        });

        foreach (var input in settings.Inputs)
        {
            deadLetters.Source = input;
            reader.Decode(input, Read(input, stdin));
        }

        stdout.Write(output.WrittenSpan);
        stdout.Flush();
        var counts = decoder.Counts;
        stderr.WriteLine(
            $"decode: records={counts.Records} control_messages={counts.ControlMessages} events={counts.Events} "
            + $"errors={counts.Errors} (record_errors={counts.RecordErrors} line_errors={counts.LineErrors})"
            + (settings.DeadLetterPath is null || counts.Errors == 0 ? string.Empty : $", dead letters in {settings.DeadLetterPath}"));
        return counts.Errors == 0 ? ExitOk : ExitDeadLettered;
    }

    private static byte[] Read(string input, Stream stdin)
    {
        try
        {
            if (input != "-")
            {
                return File.ReadAllBytes(input);
            }

            using var buffer = new MemoryStream();
            stdin.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DecodeUsageException($"cannot read input '{input}': {e.Message}", e);
        }
    }
}
