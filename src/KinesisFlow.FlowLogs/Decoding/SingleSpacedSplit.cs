using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KinesisFlow.FlowLogs;

/// <summary>
/// The split of a line whose fields are separated by single spaces, which is how AWS writes every flow line: each
/// space ends a field. Per 32-byte chunk, one compare finds the spaces and their positions are written eight at a
/// time whatever their number (the writes past the real ones are overwritten by the next chunk), so that no branch
/// depends on how many fields a chunk holds; a second pass over the fields turns the positions into ranges. The same
/// pass records which bytes are digits and which are <c>-</c>, so that a numeric field's validation is one mask test
/// instead of a loop over its digits (<see cref="IsNumber"/>).
/// Gives up (returns false) on anything else: a line shorter than one chunk or longer than <see cref="MaxLength"/>,
/// two spaces in a row, or not exactly the expected number of fields; <see cref="FlowLineParser"/> then splits with
/// its general loop, which also counts the fields for the error message.
/// </summary>
internal static class SingleSpacedSplit
{
    /// <summary>The longest line split here (flow lines are a few hundred bytes; longer ones take the general split).</summary>
    public const int MaxLength = 1024;

    /// <summary>The mask table a caller provides: one 32-bit mask per chunk, and one more for reads past the end.</summary>
    public const int MaskCount = (MaxLength / 32) + 1;

    /// <summary>How many entries past the expected field count the token table must have (a chunk's blind writes).</summary>
    public const int TokenSlack = 32;

    /// <summary>
    /// Fills the first <paramref name="expected"/> entries of <paramref name="tokens"/> (which has
    /// <see cref="TokenSlack"/> more) and <paramref name="digits"/>/<paramref name="dashes"/> (bit n of mask k set when
    /// byte 32k + n is a digit / a <c>-</c>). False when the line is not single-spaced, does not have exactly
    /// <paramref name="expected"/> fields, or is outside the lengths handled here; nothing it wrote is meaningful then.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> line, Span<TokenRange> tokens, int expected, Span<uint> digits, Span<uint> dashes)
    {
        var length = line.Length;
        if (!Vector256.IsHardwareAccelerated || length < Vector256<byte>.Count || length > MaxLength
            || digits.Length < MaskCount || dashes.Length < MaskCount || tokens.Length < expected + TokenSlack)
        {
            return false;
        }

        ref var first = ref MemoryMarshal.GetReference(line);
        ref var ends = ref MemoryMarshal.GetReference(tokens);
        ref var digitMasks = ref MemoryMarshal.GetReference(digits);
        ref var dashMasks = ref MemoryMarshal.GetReference(dashes);
        var count = 0;
        var chunk = 0;
        var i = 0;
        for (; i + Vector256<byte>.Count <= length; i += Vector256<byte>.Count)
        {
            var bytes = Vector256.LoadUnsafe(ref first, (nuint)i);
            Unsafe.Add(ref digitMasks, chunk) = DigitMask(bytes);
            Unsafe.Add(ref dashMasks, chunk++) = ByteMask(bytes, (byte)'-');
            count = AddEnds(ref ends, count, expected, i, ByteMask(bytes, (byte)' '));
        }

        // The tail: reload the last 32 bytes (overlapping what was done) and keep only the new positions.
        var shift = i + Vector256<byte>.Count - length;
        if (shift < Vector256<byte>.Count)
        {
            var bytes = Vector256.LoadUnsafe(ref first, (nuint)(length - Vector256<byte>.Count));
            Unsafe.Add(ref digitMasks, chunk) = DigitMask(bytes) >> shift;
            Unsafe.Add(ref dashMasks, chunk++) = ByteMask(bytes, (byte)'-') >> shift;
            count = AddEnds(ref ends, count, expected, i, ByteMask(bytes, (byte)' ') >> shift);
        }

        Unsafe.Add(ref digitMasks, chunk) = 0;
        Unsafe.Add(ref dashMasks, chunk) = 0;

        // The last field runs to the end of the line.
        if (count + 1 != expected)
        {
            return false;
        }

        Unsafe.Add(ref ends, count++) = new TokenRange(length, 0);

        // Each field starts after the previous one's end; an empty one means two spaces in a row, or a space at
        // either end of the line.
        var start = 0;
        var empty = false;
        for (var k = 0; k < count; k++)
        {
            ref var token = ref Unsafe.Add(ref ends, k);
            var end = token.Start;
            empty |= end == start;
            token = new TokenRange(start, end - start);
            start = end + 1;
        }

        return !empty;
    }

    /// <summary>
    /// Whether the <paramref name="length"/> bytes at <paramref name="start"/> (1 to 32 of them) are all digits, or are
    /// a lone <c>-</c>, by the masks <see cref="TrySplit"/> recorded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNumber(ReadOnlySpan<uint> digits, ReadOnlySpan<uint> dashes, int start, int length)
    {
        // Two neighbouring masks hold any run of up to 32 bits that starts in the first of them.
        var index = start >> 5;
        var offset = start & 31;
        ref var digitMasks = ref MemoryMarshal.GetReference(digits);
        var window = (Unsafe.Add(ref digitMasks, index) | ((ulong)Unsafe.Add(ref digitMasks, index + 1) << 32)) >> offset;
        var wanted = (1UL << length) - 1;
        var dash = (Unsafe.Add(ref MemoryMarshal.GetReference(dashes), index) >> offset) & 1;
        return ((window & wanted) == wanted) | ((length == 1) & (dash != 0));
    }

    // Writes the positions of a chunk's spaces (its fields' ends) eight at a time while the table has room for them;
    // past the expected count only counts them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddEnds(ref TokenRange ends, int count, int expected, int i, uint spaces)
    {
        var found = BitOperations.PopCount(spaces);
        if (count < expected)
        {
            var at = count;
            do
            {
                spaces = AddEnd(ref Unsafe.Add(ref ends, at), i, spaces);
                spaces = AddEnd(ref Unsafe.Add(ref ends, at + 1), i, spaces);
                spaces = AddEnd(ref Unsafe.Add(ref ends, at + 2), i, spaces);
                spaces = AddEnd(ref Unsafe.Add(ref ends, at + 3), i, spaces);
                at += 4;
            }
            while (spaces != 0);
        }

        return count + found;
    }

    // The lowest space's position, and the spaces left (a write with none left is a blind one, overwritten later).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint AddEnd(ref TokenRange entry, int i, uint spaces)
    {
        entry = new TokenRange(i + BitOperations.TrailingZeroCount(spaces), 0);
        return spaces & (spaces - 1);
    }

    private static uint ByteMask(Vector256<byte> bytes, byte value) =>
        Vector256.Equals(bytes, Vector256.Create(value)).ExtractMostSignificantBits();

    private static uint DigitMask(Vector256<byte> bytes) =>
        Vector256.LessThanOrEqual(bytes - Vector256.Create((byte)'0'), Vector256.Create((byte)9)).ExtractMostSignificantBits();
}
