using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KinesisFlow.FlowLogs;

/// <summary>
/// The split of a line whose fields are separated by single spaces, which is how AWS writes every flow line: each
/// space ends a field, so the split is one 32-byte compare per chunk and one bit-scan per field, with no branch on
/// what a bit means. The same pass records which bytes are decimal digits, so that a numeric field's validation is
/// one mask test instead of a loop over its digits (<see cref="AllDigits"/>).
/// Gives up (returns false) on anything else: a line shorter than one chunk or longer than <see cref="MaxLength"/>,
/// or two spaces in a row; <see cref="FlowLineParser"/> then splits with its general loop.
/// </summary>
internal static class SingleSpacedSplit
{
    /// <summary>The longest line split here (flow lines are a few hundred bytes; longer ones take the general split).</summary>
    public const int MaxLength = 1024;

    /// <summary>The digit-mask table a caller provides: one 32-bit mask per chunk, and one more for reads past the end.</summary>
    public const int MaskCount = (MaxLength / 32) + 1;

    /// <summary>
    /// Records up to <c>tokens.Length</c> fields, sets <paramref name="count"/> to how many the line has in all, and
    /// fills <paramref name="digits"/> (bit n of mask k set when byte 32k + n is a digit). False when the line is not
    /// single-spaced or is outside the lengths handled here; nothing it wrote is meaningful then.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> line, Span<TokenRange> tokens, Span<uint> digits, out int count)
    {
        count = 0;
        var length = line.Length;
        if (!Vector256.IsHardwareAccelerated || length < Vector256<byte>.Count || length > MaxLength || digits.Length < MaskCount)
        {
            return false;
        }

        ref var first = ref MemoryMarshal.GetReference(line);
        ref var masks = ref MemoryMarshal.GetReference(digits);
        var start = 0;
        var empty = false;
        var chunk = 0;
        var i = 0;
        for (; i + Vector256<byte>.Count <= length; i += Vector256<byte>.Count)
        {
            var bytes = Vector256.LoadUnsafe(ref first, (nuint)i);
            Unsafe.Add(ref masks, chunk++) = DigitMask(bytes);
            SplitAt(tokens, ref count, ref start, ref empty, i, SpaceMask(bytes));
        }

        // The tail: reload the last 32 bytes (overlapping what was done) and keep only the new positions.
        var shift = i + Vector256<byte>.Count - length;
        if (shift < Vector256<byte>.Count)
        {
            var bytes = Vector256.LoadUnsafe(ref first, (nuint)(length - Vector256<byte>.Count));
            Unsafe.Add(ref masks, chunk++) = DigitMask(bytes) >> shift;
            SplitAt(tokens, ref count, ref start, ref empty, i, SpaceMask(bytes) >> shift);
        }

        Unsafe.Add(ref masks, chunk) = 0;

        // The last field runs to the end of the line; an empty one means the line ended with a space.
        empty |= start == length;
        Add(tokens, ref count, start, length);
        return !empty;
    }

    /// <summary>
    /// Whether the <paramref name="length"/> bytes at <paramref name="start"/> (1 to 32 of them) are all digits,
    /// by the masks <see cref="TrySplit"/> recorded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllDigits(ReadOnlySpan<uint> digits, int start, int length)
    {
        // Two neighbouring masks hold any run of up to 32 bits that starts in the first of them.
        var index = start >> 5;
        ref var masks = ref MemoryMarshal.GetReference(digits);
        var window = (Unsafe.Add(ref masks, index) | ((ulong)Unsafe.Add(ref masks, index + 1) << 32)) >> (start & 31);
        var wanted = (1UL << length) - 1;
        return (window & wanted) == wanted;
    }

    // Each space ends the field that started after the previous one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SplitAt(Span<TokenRange> tokens, ref int count, ref int start, ref bool empty, int i, uint spaces)
    {
        while (spaces != 0)
        {
            var end = i + BitOperations.TrailingZeroCount(spaces);
            empty |= end == start;
            Add(tokens, ref count, start, end);
            start = end + 1;
            spaces &= spaces - 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(Span<TokenRange> tokens, ref int count, int start, int end)
    {
        if ((uint)count < (uint)tokens.Length)
        {
            Unsafe.Add(ref MemoryMarshal.GetReference(tokens), count) = new TokenRange(start, end - start);
        }

        count++;
    }

    private static uint SpaceMask(Vector256<byte> bytes) =>
        Vector256.Equals(bytes, Vector256.Create((byte)' ')).ExtractMostSignificantBits();

    private static uint DigitMask(Vector256<byte> bytes) =>
        Vector256.LessThanOrEqual(bytes - Vector256.Create((byte)'0'), Vector256.Create((byte)9)).ExtractMostSignificantBits();
}
