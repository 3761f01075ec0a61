using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>Which text can go into a JSON string as it is: printable ASCII except the quote and the backslash.</summary>
internal static class JsonText
{
    private const string PlainAscii =
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~\u007f";

    public static readonly SearchValues<byte> PlainBytes = SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(PlainAscii));

    public static readonly SearchValues<char> PlainChars = SearchValues.Create(PlainAscii);

    public static bool IsPlain(ReadOnlySpan<byte> utf8) => !utf8.ContainsAnyExcept(PlainBytes);

    /// <summary>
    /// The index of the first byte that is not plain, or -1: what <c>IndexOfAnyExcept(PlainBytes)</c> returns, by a
    /// loop of three compares per 32 bytes (printable ASCII is one signed range, then the quote and the backslash)
    /// that the envelope scan runs over every event's id and message.
    /// </summary>
    public static int IndexOfNotPlain(ReadOnlySpan<byte> utf8)
    {
        var length = utf8.Length;
        if (!Vector256.IsHardwareAccelerated || length < Vector256<byte>.Count)
        {
            return utf8.IndexOfAnyExcept(PlainBytes);
        }

        ref var first = ref MemoryMarshal.GetReference(utf8);
        var i = 0;
        for (; i + Vector256<byte>.Count <= length; i += Vector256<byte>.Count)
        {
            var stops = NotPlainMask(Vector256.LoadUnsafe(ref first, (nuint)i));
            if (stops != 0)
            {
                return i + BitOperations.TrailingZeroCount(stops);
            }
        }

        if (i < length)
        {
            // The last 32 bytes again, without the positions already checked.
            var stops = NotPlainMask(Vector256.LoadUnsafe(ref first, (nuint)(length - Vector256<byte>.Count))) >> (i + Vector256<byte>.Count - length);
            if (stops != 0)
            {
                return i + BitOperations.TrailingZeroCount(stops);
            }
        }

        return -1;
    }

    public static bool IsPlain(string? text) => text is null || !text.AsSpan().ContainsAnyExcept(PlainChars);

    // Bit n set when byte n is a control character or not ASCII (both below 0x20 as signed bytes), a quote or a backslash.
    private static uint NotPlainMask(Vector256<byte> bytes) =>
        (Vector256.LessThan(bytes.AsSByte(), Vector256.Create((sbyte)0x20)).AsByte()
            | Vector256.Equals(bytes, Vector256.Create((byte)'"'))
            | Vector256.Equals(bytes, Vector256.Create((byte)'\\'))).ExtractMostSignificantBits();
}
