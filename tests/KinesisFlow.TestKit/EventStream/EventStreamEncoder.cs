using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using KinesisFlow.Aws.EventStream;

namespace KinesisFlow.TestKit.EventStream;

/// <summary>
/// Encodes event stream messages (both CRCs computed): what a test standing in for a SubscribeToShard server writes to
/// the response body. Test code only (the consumer never encodes); it uses the codec's internal frame and header
/// writers.
/// </summary>
public static class EventStreamEncoder
{
    public static byte[] Encode(EventStreamMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Encode(message.Headers, message.Payload.Span);
    }

    public static byte[] Encode(IReadOnlyList<EventStreamHeader> headers, ReadOnlySpan<byte> payload)
    {
        var headersLength = MeasureHeaders(headers);
        var frame = new byte[TotalLength(headersLength, payload.Length)];
        WriteFrame(frame, headers, headersLength, payload);
        return frame;
    }

    /// <summary>Appends one message to <paramref name="writer"/> (e.g. a PipeWriter of a response body).</summary>
    public static void Write(IBufferWriter<byte> writer, IReadOnlyList<EventStreamHeader> headers, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var headersLength = MeasureHeaders(headers);
        var totalLength = TotalLength(headersLength, payload.Length);
        WriteFrame(writer.GetSpan(totalLength)[..totalLength], headers, headersLength, payload);
        writer.Advance(totalLength);
    }

    private static int MeasureHeaders(IReadOnlyList<EventStreamHeader> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return EventStreamHeaderCodec.MeasureSection(headers);
    }

    private static int TotalLength(int headersLength, int payloadLength) =>
        checked(EventStreamFrame.MinimumLength + headersLength + payloadLength);

    private static void WriteFrame(Span<byte> frame, IReadOnlyList<EventStreamHeader> headers, int headersLength, ReadOnlySpan<byte> payload)
    {
        EventStreamFrame.WritePrelude(frame, frame.Length, headersLength);
        var afterPrelude = frame[EventStreamFrame.PreludeLength..];
        EventStreamHeaderCodec.Write(afterPrelude[..headersLength], headers);
        payload.CopyTo(afterPrelude[headersLength..]);
        var body = frame[..^EventStreamFrame.ChecksumLength];
        BinaryPrimitives.WriteUInt32BigEndian(frame[^EventStreamFrame.ChecksumLength..], Crc32.HashToUInt32(body));
    }
}
