using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KinesisFlow.FlowLogs;

/// <summary>
/// Splits a flow line into its fields over UTF-8 bytes and validates the numeric ones. A run of spaces counts as
/// one separator (AWS never writes an empty field; copies of records sometimes carry double spaces).
/// This is the per-line hot path: the split compares 32 bytes at a time and walks the resulting bit mask.
/// </summary>
internal static class FlowLineParser
{
    /// <summary>The line without leading/trailing spaces and line breaks.</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> message)
    {
        // Usually there is nothing to trim: two byte tests instead of a general Trim call per line.
        while (!message.IsEmpty && message[^1] is (byte)' ' or (byte)'\n' or (byte)'\r')
        {
            message = message[..^1];
        }

        while (!message.IsEmpty && message[0] is (byte)' ' or (byte)'\n' or (byte)'\r')
        {
            message = message[1..];
        }

        return message;
    }

    /// <summary>
    /// Fills <paramref name="tokens"/> and <paramref name="numbers"/> (by position). On failure returns the reason,
    /// the 1-based position of the field to blame (0 for a field count mismatch) and a message.
    /// </summary>
    public static DeadLetterReason? Parse(
        ReadOnlySpan<byte> line,
        FlowLogFormat format,
        Span<TokenRange> tokens,
        Span<long> numbers,
        out int fieldPosition,
        out string? error)
    {
        var count = Split(line, tokens[..format.Count]);

        // A wrong field count explains a bad "number" too (the fields are shifted), so it is reported first.
        if (count != format.Count)
        {
            fieldPosition = 0;
            error = $"line has {count} fields, format expects {format.Count}";
            return DeadLetterReason.WrongFieldCount;
        }

        var kinds = format.Kinds;
        foreach (var position in format.NumericPositions)
        {
            var token = tokens[position];
            var text = line.Slice(token.Start, token.Length);
            if (!TryParseNumber(text, kinds[position], out numbers[position]))
            {
                fieldPosition = position + 1;
                var name = format.InfoAt(position).AwsName;
                error = $"field {fieldPosition} ({name}) is not a valid {Describe(kinds[position])}: '{Preview(text)}'";
                return DeadLetterReason.BadNumber;
            }
        }

        fieldPosition = 0;
        error = null;
        return null;
    }

    /// <summary>Records up to <c>tokens.Length</c> fields and returns how many the line has in all.</summary>
    private static int Split(ReadOnlySpan<byte> line, Span<TokenRange> tokens)
    {
        var count = 0;
        var start = -1;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && line.Length >= Vector256<byte>.Count)
        {
            ref var first = ref MemoryMarshal.GetReference(line);
            for (; i + Vector256<byte>.Count <= line.Length; i += Vector256<byte>.Count)
            {
                SplitChunk(tokens, ref count, ref start, i, NonSpaceMask(ref first, i), uint.MaxValue);
            }

            // The tail: reload the last 32 bytes (overlapping what was done) and keep only the new positions.
            var remaining = line.Length - i;
            if (remaining > 0)
            {
                var shift = Vector256<byte>.Count - remaining;
                SplitChunk(tokens, ref count, ref start, i, NonSpaceMask(ref first, line.Length - Vector256<byte>.Count) >> shift, uint.MaxValue >> shift);
                i = line.Length;
            }
        }

        for (; i < line.Length; i++)
        {
            if (line[i] == (byte)' ')
            {
                if (start >= 0)
                {
                    Add(tokens, ref count, start, i);
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        if (start >= 0)
        {
            Add(tokens, ref count, start, line.Length);
        }

        return count;
    }

    // Bit n set when byte i + n is not a space.
    private static uint NonSpaceMask(ref byte first, int i) =>
        ~Vector256.Equals(Vector256.LoadUnsafe(ref first, (nuint)i), Vector256.Create((byte)' ')).ExtractMostSignificantBits();

    // Walks the space/non-space transitions of 32 positions starting at i: a token starts where a non-space follows
    // a space (or the previous chunk's end) and ends where a space follows a non-space.
    private static void SplitChunk(Span<TokenRange> tokens, ref int count, ref int start, int i, uint nonSpace, uint valid)
    {
        nonSpace &= valid;
        var before = (nonSpace << 1) | (start >= 0 ? 1u : 0u);
        var ends = ~nonSpace & before & valid;
        var transitions = ((nonSpace & ~before) | ends) & valid;
        while (transitions != 0)
        {
            var bit = BitOperations.TrailingZeroCount(transitions);
            if ((ends & (1u << bit)) != 0)
            {
                Add(tokens, ref count, start, i + bit);
                start = -1;
            }
            else
            {
                start = i + bit;
            }

            transitions &= transitions - 1;
        }
    }

    private static void Add(Span<TokenRange> tokens, ref int count, int start, int end)
    {
        if (count < tokens.Length)
        {
            tokens[count] = new TokenRange(start, end - start);
        }

        count++;
    }

    // Decimal digits only: AWS writes no sign, no exponent, no separators. "-" means no value (stored as 0).
    private static bool TryParseNumber(ReadOnlySpan<byte> token, FlowValueKind kind, out long value)
    {
        value = 0;
        if (token.Length == 1 && token[0] == (byte)'-')
        {
            return true;
        }

        // Up to 18 digits cannot overflow a long, so the common case needs no overflow test per digit.
        if (token.Length <= 18)
        {
            foreach (var b in token)
            {
                var digit = (uint)(b - '0');
                if (digit > 9)
                {
                    return false;
                }

                value = (value * 10) + digit;
            }

            return kind == FlowValueKind.Int64 || value <= int.MaxValue;
        }

        var max = kind == FlowValueKind.Int32 ? int.MaxValue : long.MaxValue;
        foreach (var b in token)
        {
            var digit = (uint)(b - '0');
            if (digit > 9 || value > (max - digit) / 10)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    private static string Describe(FlowValueKind kind) => kind == FlowValueKind.Int32 ? "32-bit integer" : "64-bit integer";

    private static string Preview(ReadOnlySpan<byte> token) =>
        System.Text.Encoding.UTF8.GetString(token.Length > 40 ? token[..40] : token);
}
