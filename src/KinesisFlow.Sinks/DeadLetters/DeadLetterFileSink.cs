using System.Buffers;
using System.Text.Json;

namespace KinesisFlow.Sinks;

/// <summary>
/// Writes dead letters as NDJSON to a rotating file of their own. Sink rejections are one object per event:
/// <c>{"reason","message","time","sink","shard_id","sequence_number","log_group","http_status","http_response",
/// "format","encoding","data_base64"}</c> (absent fields left out), the same names the decoder's dead letters use. Dead letters are rare,
/// so this path favours plainness over speed: one lock, Utf8JsonWriter.
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

    public async ValueTask WriteAsync(IReadOnlyList<RejectedEvent> rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _buffer.ResetWrittenCount();
            var now = _time.GetUtcNow();
            for (var i = 0; i < rejected.Count; i++)
            {
                WriteLine(_buffer, rejected[i], now);
            }

            _file.Write(_buffer.WrittenSpan);
            _file.Flush();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask WriteLinesAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _file.Write(lines.Span);
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

    internal static void WriteLine(IBufferWriter<byte> output, RejectedEvent rejected, DateTimeOffset now)
    {
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("reason"u8, rejected.Reason);
            json.WriteString("message"u8, rejected.Message);
            json.WriteString("time"u8, now);
            WriteIfPresent(json, "sink"u8, rejected.Sink);
            WriteIfPresent(json, "shard_id"u8, rejected.ShardId);
            WriteIfPresent(json, "sequence_number"u8, rejected.SequenceNumber);
            WriteIfPresent(json, "log_group"u8, rejected.LogGroup);
            if (rejected.HttpStatus is { } status)
            {
                json.WriteNumber("http_status"u8, status);
            }

            WriteIfPresent(json, "http_response"u8, rejected.HttpResponse);
            WriteIfPresent(json, "format"u8, rejected.Format);
            if (rejected.Encoding is { } encoding)
            {
                json.WriteString("encoding"u8, EncodingName(encoding));
            }

            json.WriteBase64String("data_base64"u8, rejected.Data.Span);
            json.WriteEndObject();
        }

        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
    }

    /// <summary>The <c>encoding</c> value of a sink dead letter: <c>json</c> or <c>text</c>.</summary>
    public static string EncodingName(EventEncoding encoding) => encoding == EventEncoding.Text ? "text" : "json";

    private static void WriteIfPresent(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
