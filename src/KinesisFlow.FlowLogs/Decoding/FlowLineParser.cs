using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KinesisFlow.FlowLogs;

/// <summary>
/// Splits a flow line into its fields over UTF-8 bytes and validates the numeric ones. A run of spaces counts as
/// one separator (AWS never writes an empty field; copies of records sometimes carry double spaces).
/// This is the per-line hot path: lines as AWS writes them (single spaces) take <see cref="SingleSpacedSplit"/>; the
/// general split below compares 32 bytes at a time and walks the space/non-space transitions of the bit mask.
/// </summary>
internal static class FlowLineParser
{
    /// <summary>The length of the scratch table <see cref="Parse"/> needs: the split's digit-or-space masks.</summary>
    public const int MaskTableLength = SingleSpacedSplit.MaskCount;

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
    /// Fills <paramref name="tokens"/> (by position, with <see cref="SingleSpacedSplit.TokenSlack"/> entries to spare)
    /// and checks every numeric field, using <paramref name="masks"/> (<see cref="MaskTableLength"/> entries, no
    /// particular content) as scratch. On failure returns the reason, the 1-based position of the field to blame (0 for
    /// a field count mismatch) and a message. The numbers are parsed only when asked for (<see cref="ValueOf"/>): the
    /// json output copies their digits.
    /// </summary>
    public static DeadLetterReason? Parse(
        ReadOnlySpan<byte> line,
        FlowLogFormat format,
        Span<TokenRange> tokens,
        Span<uint> masks,
        out int fieldPosition,
        out string? error)
    {
        if (SingleSpacedSplit.TrySplit(line, tokens, format.Count, masks) && AllNumbers(format, line, tokens, masks))
        {
            fieldPosition = 0;
            error = null;
            return null;
        }

        // Not a line as AWS writes it, or one with a field the masks cannot vouch for: the general split and the
        // digit-by-digit check decide, and name what is wrong.
        tokens = tokens[..format.Count];
        var count = Split(line, tokens);

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
            if (!IsValidNumber(text, kinds[position]))
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

    // Whether every numeric field is "-" or digits few enough to fit its kind, by the split's masks, without a branch
    // on a field's outcome (false also for valid values the masks cannot vouch for, such as a long run of leading
    // zeros: the full check then decides). A run of neighbouring numeric fields is first checked as one stretch of
    // digits and spaces plus each field's length; only a run that fails that (a "-", a bad value) is checked field by
    // field (a lone field directly: its own test is as short). Each test folds what is wrong into one integer (missing
    // digit bits, the sign of limit minus length) and branches once on it: compares joined with '&' cost the JIT a
    // setcc/movzx pair each.
    private static bool AllNumbers(FlowLogFormat format, ReadOnlySpan<byte> line, ReadOnlySpan<TokenRange> tokens, ReadOnlySpan<uint> digits)
    {
        var all = true;
        ref var lineStart = ref MemoryMarshal.GetReference(line);
        ref var token = ref MemoryMarshal.GetReference(tokens);
        ref var digitMasks = ref MemoryMarshal.GetReference(digits);
        ref var checks = ref MemoryMarshal.GetReference(format.NumericChecks);
        foreach (var run in format.NumericRuns)
        {
            ref var first = ref Unsafe.Add(ref checks, run.First);
            if (run.Count > 1)
            {
                ref var firstToken = ref Unsafe.Add(ref token, first.Position);
                ref var lastToken = ref Unsafe.Add(ref firstToken, run.Count - 1);
                var from = firstToken.Start;
                var over = 0;
                for (var k = 0; k < run.Count; k++)
                {
                    over |= Unsafe.Add(ref first, k).MaxDigits - Unsafe.Add(ref firstToken, k).Length;
                }

                if ((SingleSpacedSplit.NotDigitsOrSpaces(ref digitMasks, from, lastToken.Start + lastToken.Length - from) | (uint)(over >> 31)) == 0)
                {
                    continue;
                }
            }

            for (var k = 0; k < run.Count; k++)
            {
                var check = Unsafe.Add(ref first, k);
                var range = Unsafe.Add(ref token, check.Position);
                all &= SingleSpacedSplit.IsNumber(ref digitMasks, ref lineStart, range.Start, range.Length, check.MaxDigits);
            }
        }

        return all;
    }

    /// <summary>The value of a numeric field <see cref="Parse"/> accepted: its digits, or 0 for <c>-</c>.</summary>
    public static long ValueOf(ReadOnlySpan<byte> token)
    {
        long value = 0;
        if (token.Length == 1 && token[0] == (byte)'-')
        {
            return value;
        }

        foreach (var b in token)
        {
            value = (value * 10) + (b - '0');
        }

        return value;
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

    // Decimal digits only: AWS writes no sign, no exponent, no separators. "-" means no value.
    private static bool IsValidNumber(ReadOnlySpan<byte> token, FlowValueKind kind)
    {
        long value = 0;
        if (token.Length == 1 && token[0] == (byte)'-')
        {
            return true;
        }

        // Up to 18 digits cannot overflow a long, so the common case needs no overflow test per digit.
        if (token.Length <= NumericCheck.MaxInt64Digits)
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
