using System.Buffers;
using System.Text.Json;

namespace KinesisFlow.Sinks;

/// <summary>
/// Writes dead letters as NDJSON to a rotating file of their own, one object per letter:
/// <c>{"time","reason","sink","shard_id","sequence_number","log_group","log_stream","event_id","position",
/// "http_status","http_response","data_base64"}</c> (absent fields left out). Dead letters are rare, so this path
/// favours plainness over speed: one lock, Utf8JsonWriter.
/// </summary>
internal sealed class DeadLetterFileSink : IDeadLetterSink
{
    private readonly RotatingFile _file;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public DeadLetterFileSink(string path, FileRotationOptions rotation, TimeProvider time)
    {
        _file = new RotatingFile(path, rotation, time);
        _time = time;
    }

    public async ValueTask WriteAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letters);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            for (var i = 0; i < letters.Count; i++)
            {
                _buffer.ResetWrittenCount();
                WriteLine(_buffer, letters[i], now);
                _file.Write(_buffer.WrittenSpan);
            }

            _file.Flush();
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _file.Dispose();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static void WriteLine(IBufferWriter<byte> output, DeadLetter letter, DateTimeOffset now)
    {
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("time"u8, now);
            json.WriteString("reason"u8, letter.Reason);
            WriteIfPresent(json, "sink"u8, letter.Sink);
            WriteIfPresent(json, "shard_id"u8, letter.ShardId);
            WriteIfPresent(json, "sequence_number"u8, letter.SequenceNumber);
            WriteIfPresent(json, "log_group"u8, letter.LogGroup);
            WriteIfPresent(json, "log_stream"u8, letter.LogStream);
            WriteIfPresent(json, "event_id"u8, letter.EventId);
            if (letter.Position is { } position)
            {
                json.WriteNumber("position"u8, position);
            }

            if (letter.HttpStatus is { } status)
            {
                json.WriteNumber("http_status"u8, status);
            }

            WriteIfPresent(json, "http_response"u8, letter.HttpResponse);
            json.WriteBase64String("data_base64"u8, letter.Data.Span);
            json.WriteEndObject();
        }

        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
    }

    private static void WriteIfPresent(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
