using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KinesisFlow.FlowLogs;

/// <summary>
/// The split of a line whose fields are separated by single spaces, which is how AWS writes every flow line: each
/// space ends a field and the next starts after it. Per 32-byte chunk, one compare finds the spaces, and each
/// space's field (from the space before it) is written four at a time whatever their number (the writes past the real
/// ones are overwritten by the next chunk), so that no branch depends on how many fields a chunk holds and the ranges
/// come out of the one pass. Two spaces in a row are found by the same masks, not per field. The same pass records
/// which bytes are digits or spaces, so that a numeric field's validation is one mask test instead of a loop over its
/// digits (<see cref="IsNumber"/>), and a run of numeric fields one test for all of them
/// (<see cref="NotDigitsOrSpaces"/>).
/// Gives up (returns false) on anything else: a line shorter than one chunk or longer than <see cref="MaxLength"/>,
/// two spaces in a row or a space at either end, or not exactly the expected number of fields;
/// <see cref="FlowLineParser"/> then splits with its general loop, which also counts the fields for the error message.
/// </summary>
internal static class SingleSpacedSplit
{
    /// <summary>The longest line split here (flow lines are a few hundred bytes; longer ones take the general split).</summary>
    public const int MaxLength = 1024;

    /// <summary>The digit mask table a caller provides: one 32-bit mask per chunk, and one more for reads past the end.</summary>
    public const int MaskCount = (MaxLength / 32) + 1;

    /// <summary>How many entries past the expected field count the token table must have (a chunk's blind writes).</summary>
    public const int TokenSlack = 32;

    /// <summary>
    /// Fills the first <paramref name="expected"/> entries of <paramref name="tokens"/> (which has
    /// <see cref="TokenSlack"/> more) and <paramref name="digits"/> (bit n of mask k set when byte 32k + n is a digit
    /// or a space: one bit per byte of the line, in order). False when the line is not single-spaced, does not have exactly
    /// <paramref name="expected"/> fields, or is outside the lengths handled here; nothing it wrote is meaningful then.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> line, Span<TokenRange> tokens, int expected, Span<uint> digits)
    {
        var length = line.Length;
        if (!Vector256.IsHardwareAccelerated || length < Vector256<byte>.Count || length > MaxLength
            || digits.Length < MaskCount || tokens.Length < expected + TokenSlack)
        {
            return false;
        }

        ref var first = ref MemoryMarshal.GetReference(line);
        ref var fields = ref MemoryMarshal.GetReference(tokens);
        ref var digitMasks = ref MemoryMarshal.GetReference(digits);
        var count = 0;
        var chunk = 0;
        var i = 0;

        // The space before the current field (-1: the line's start); spaces that follow a space (bit 0 of a chunk
        // follows the previous chunk's bit 31, carried in "after").
        var previous = -1;
        var doubled = 0u;
        var after = 0u;
        for (; i + Vector256<byte>.Count <= length; i += Vector256<byte>.Count)
        {
            var bytes = Vector256.LoadUnsafe(ref first, (nuint)i);
            var spaces = ByteMask(bytes, (byte)' ');
            Unsafe.Add(ref digitMasks, chunk++) = DigitMask(bytes) | spaces;
            doubled |= spaces & ((spaces << 1) | after);
            after = spaces >> 31;
            count = AddFields(ref fields, count, expected, i, spaces, ref previous);
        }

        // The tail: reload the last 32 bytes (overlapping what was done) and keep only the new positions.
        var shift = i + Vector256<byte>.Count - length;
        if (shift < Vector256<byte>.Count)
        {
            var bytes = Vector256.LoadUnsafe(ref first, (nuint)(length - Vector256<byte>.Count));
            var spaces = ByteMask(bytes, (byte)' ') >> shift;
            Unsafe.Add(ref digitMasks, chunk++) = (DigitMask(bytes) >> shift) | spaces;
            doubled |= spaces & ((spaces << 1) | after);
            count = AddFields(ref fields, count, expected, i, spaces, ref previous);
        }

        Unsafe.Add(ref digitMasks, chunk) = 0;

        // The last field runs to the end of the line. An empty field means two spaces in a row, or a space at either
        // end of the line.
        if (count + 1 != expected || doubled != 0 || first == (byte)' ' || Unsafe.Add(ref first, length - 1) == (byte)' ')
        {
            return false;
        }

        Unsafe.Add(ref fields, count) = new TokenRange(previous + 1, length - previous - 1);
        return true;
    }

    /// <summary>
    /// Whether the <paramref name="length"/> bytes at <paramref name="start"/> of <paramref name="line"/> are digits,
    /// at most <paramref name="maxDigits"/> of them (at most 32), by the masks <see cref="TrySplit"/> recorded in
    /// <paramref name="digits"/> (a field holds no space, so its digit-or-space bits are its digits), or are a lone
    /// <c>-</c>. No branch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNumber(ref uint digits, ref byte line, int start, int length, int maxDigits)
    {
        // Two neighbouring masks hold any run of up to 32 bits that starts in the first of them. (They are read as
        // the two 4-byte values the split just stored, not as one 8-byte read across both: a read the store buffer
        // cannot forward waits until those stores reach the cache.) A length past 63 wraps the shift, but then it
        // exceeds maxDigits.
        var index = start >> 5;
        var window = (Unsafe.Add(ref digits, index) | ((ulong)Unsafe.Add(ref digits, index + 1) << 32)) >> (start & 31);
        // What is wrong folded into one integer per test (missing digits, the sign of limit minus length; not a
        // lone '-'), each tested once: compares joined with '&' cost the JIT a setcc/movzx pair each.
        var missing = ~window & ((1UL << length) - 1);
        var notDash = (length - 1) | (Unsafe.Add(ref line, start) ^ '-');
        return ((missing | (uint)((maxDigits - length) >> 31)) == 0) | (notDash == 0);
    }

    /// <summary>
    /// The bytes among the <paramref name="length"/> at <paramref name="start"/> that are neither digits nor spaces,
    /// by the masks <see cref="TrySplit"/> recorded in <paramref name="digits"/>, 32 of them per test, or'ed together
    /// as bits: 0 when all are digits or spaces. (A mask rather than a bool, so that a caller can fold its other
    /// tests into the same integer and branch once.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NotDigitsOrSpaces(ref uint digits, int start, int length)
    {
        var missing = 0u;
        for (; length > 0; start += 32, length -= 32)
        {
            var index = start >> 5;
            var window = (uint)((Unsafe.Add(ref digits, index) | ((ulong)Unsafe.Add(ref digits, index + 1) << 32)) >> (start & 31));
            missing |= ~window & (uint)((1UL << Math.Min(length, 32)) - 1);
        }

        return missing;
    }

    // Writes the fields that a chunk's spaces end, four at a time while the table has room for them (a write with no
    // space left is a blind one, overwritten later); past the expected count only counts them. "previous" is the
    // space before the next field: the chunk's last space when it has one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddFields(ref TokenRange fields, int count, int expected, int i, uint spaces, ref int previous)
    {
        var found = BitOperations.PopCount(spaces);
        if (count < expected)
        {
            var last = spaces == 0 ? previous : i + 31 - BitOperations.LeadingZeroCount(spaces);
            ref var entry = ref Unsafe.Add(ref fields, count);
            var start = previous + 1;
            do
            {
                spaces = AddField(ref entry, i, spaces, ref start);
                spaces = AddField(ref Unsafe.Add(ref entry, 1), i, spaces, ref start);
                spaces = AddField(ref Unsafe.Add(ref entry, 2), i, spaces, ref start);
                spaces = AddField(ref Unsafe.Add(ref entry, 3), i, spaces, ref start);
                entry = ref Unsafe.Add(ref entry, 4);
            }
            while (spaces != 0);

            previous = last;
        }

        return count + found;
    }

    // The field that the lowest space ends (it started at "start"; the next one starts after that space), and the
    // spaces left.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint AddField(ref TokenRange entry, int i, uint spaces, ref int start)
    {
        var end = i + BitOperations.TrailingZeroCount(spaces);
        entry = new TokenRange(start, end - start);
        start = end + 1;
        return spaces & (spaces - 1);
    }

    private static uint ByteMask(Vector256<byte> bytes, byte value) =>
        Vector256.Equals(bytes, Vector256.Create(value)).ExtractMostSignificantBits();

    private static uint DigitMask(Vector256<byte> bytes) =>
        Vector256.LessThanOrEqual(bytes - Vector256.Create((byte)'0'), Vector256.Create((byte)9)).ExtractMostSignificantBits();
}
