using System.Buffers;
using System.Text.Json;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Output;
using KinesisFlow.Sinks;

namespace KinesisFlow.Cli;

/// <summary>
/// What fails again in a <c>redrive</c> batch without a sink's say: lines that are decoded again and still fail
/// (written as the decoder writes dead letters, so the new file can be redriven in turn), and dead letters that cannot
/// be redriven at all (the original line, with a <c>redrive_failure</c> member saying why). Collected per batch and
/// written to the new dead-letter file with it.
/// </summary>
internal sealed class RedriveFailures : IDeadLetterHandler
{
    private readonly ArrayBufferWriter<byte> _lines = new(4096);

    /// <summary>Where the letter being decoded again was first read (its <c>source</c>), kept in new dead letters.</summary>
    public string? Source { get; set; }

    public long Undecodable { get; private set; }

    public long NotRedrivable { get; private set; }

    public void Handle(in DeadLetter letter)
    {
        DeadLetterJsonWriter.Write(letter, _lines, Source);
        _lines.Write("\n"u8);
        Undecodable++;
    }

    /// <summary>Keeps <paramref name="line"/> with <c>"redrive_failure": problem</c> first (replacing an earlier one).</summary>
    public void NotRedriven(ReadOnlySpan<byte> line, string problem)
    {
        using (var json = new Utf8JsonWriter(_lines))
        {
            json.WriteStartObject();
            json.WriteString("redrive_failure"u8, problem);
            if (TryParseObject(line) is { } document)
            {
                using (document)
                {
                    foreach (var member in document.RootElement.EnumerateObject())
                    {
                        if (!member.NameEquals("redrive_failure"u8))
                        {
                            member.WriteTo(json);
                        }
                    }
                }
            }
            else
            {
                json.WriteBase64String("line_base64"u8, line);
            }

            json.WriteEndObject();
        }

        _lines.Write("\n"u8);
        NotRedrivable++;
    }

    /// <summary>Appends what was collected to <paramref name="deadLetters"/> and starts over.</summary>
    public async ValueTask FlushAsync(IDeadLetterSink deadLetters, CancellationToken cancellationToken)
    {
        if (_lines.WrittenCount > 0)
        {
            await deadLetters.WriteLinesAsync(_lines.WrittenMemory, cancellationToken);
            _lines.ResetWrittenCount();
        }
    }

    private static JsonDocument? TryParseObject(ReadOnlySpan<byte> line)
    {
        try
        {
            var document = JsonDocument.Parse(line.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
