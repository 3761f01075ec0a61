using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// The <c>json</c> writer's per-format table, built once per format: one slot per position, all of one size
/// (<see cref="SlotSize"/>: 32 bytes, or the power of two that holds the longest member prefix of a format with long
/// unknown names), holding the prefix's length, whether the value is a (quoted) string, and the member prefix itself
/// (<c>,"key":</c> plus the opening quote of a string value). The writer walks the slots in step with the fields, so
/// one pointer gives it everything about a position, and each prefix is copied like a value by <see cref="CopyText"/>:
/// one fixed-size vector move (the bytes it copies past the prefix are overwritten by the value). The table is
/// followed by <see cref="Overwrite"/> spare bytes for those moves.
/// </summary>
internal sealed class FlowOutputPlan
{
    /// <summary>How many bytes <see cref="CopySmall"/> moves at once.</summary>
    public const int Overcopy = 32;

    /// <summary>
    /// How far past the end of what it copies <see cref="CopySmall"/> or <see cref="CopyText"/> may write (and
    /// <see cref="CopyText"/> read): the destination needs that much room.
    /// </summary>
    public const int Overwrite = 2 * Overcopy;

    /// <summary>Where a slot's prefix length is.</summary>
    public const int LengthOffset = 0;

    /// <summary>
    /// Where a slot's string flag is: 1 when the value is a (quoted) string, 0 when it is a number; it is also how far
    /// the writer steps past the closing quote it writes after every value.
    /// </summary>
    public const int StringOffset = 1;

    /// <summary>Where a slot's prefix starts.</summary>
    public const int PrefixOffset = 2;

    /// <summary>The largest slot: a prefix length is one byte.</summary>
    public const int MaxSlotSize = 256;

    private readonly byte[] _slots;

    public FlowOutputPlan(FlowLogFormat format)
    {
        Format = format;
        var longest = 0;
        for (var i = 0; i < format.Count; i++)
        {
            longest = Math.Max(longest, format.InfoAt(i).JsonMemberPrefixUtf8.Length);
        }

        // A prefix length must fit its byte: a format with a name longer than that (no AWS field comes near it) gets
        // no slots, and the writer takes its escaping path, which writes the same bytes.
        if (longest + PrefixOffset > MaxSlotSize)
        {
            _slots = [];
            return;
        }

        SlotSize = (int)Math.Max(Overcopy, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(longest + PrefixOffset)));
        _slots = new byte[(format.Count * SlotSize) + Overwrite];
        for (var i = 0; i < format.Count; i++)
        {
            var info = format.InfoAt(i);
            var prefix = info.JsonMemberPrefixUtf8;
            var slot = _slots.AsSpan(i * SlotSize, SlotSize);
            slot[LengthOffset] = (byte)prefix.Length;
            slot[StringOffset] = info.IsNumeric ? (byte)0 : (byte)1;
            prefix.CopyTo(slot[PrefixOffset..]);

            // A prefix, a value's closing quote.
            MaxFieldsLength += prefix.Length + 1;
        }
    }

    public FlowLogFormat Format { get; }

    /// <summary>
    /// The size of each position's slot: a power of two, from 32 to <see cref="MaxSlotSize"/>; 0 when a prefix is too
    /// long for a slot (then there are none).
    /// </summary>
    public int SlotSize { get; }

    /// <summary>The bytes the members need beyond their values' own length.</summary>
    public int MaxFieldsLength { get; }

    /// <summary>The first position's slot (the next one is <see cref="SlotSize"/> bytes further).</summary>
    public ref byte Slots => ref MemoryMarshal.GetArrayDataReference(_slots);

    /// <summary>The member prefix of <paramref name="position"/>, as its slot holds it.</summary>
    public ReadOnlySpan<byte> PrefixAt(int position) =>
        _slots.AsSpan((position * SlotSize) + PrefixOffset, _slots[(position * SlotSize) + LengthOffset]);

    /// <summary>Whether the value at <paramref name="position"/> is written as a number, as its slot says.</summary>
    public bool IsNumericAt(int position) => _slots[(position * SlotSize) + StringOffset] == 0;

    /// <summary>
    /// Copies <paramref name="length"/> (at most <see cref="Overcopy"/>) bytes by moving <see cref="Overcopy"/>:
    /// the caller guarantees that many bytes are readable at the source and writable at the destination; the bytes
    /// past <paramref name="length"/> are overwritten by whatever is written next.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopySmall(ref byte destination, ref byte source, int length)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256.LoadUnsafe(ref source).StoreUnsafe(ref destination);
        }
        else
        {
            Unsafe.CopyBlockUnaligned(ref destination, ref source, (uint)length);
        }
    }

    /// <summary>
    /// Copies <paramref name="length"/> bytes of decoded text, which is followed by at least
    /// <see cref="FlowRecord.ReadablePadding"/> readable bytes, in 32-byte vector moves (one for almost every field),
    /// which may write up to <see cref="Overwrite"/> bytes past the end. No call, so that the loops using it keep their
    /// state in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyText(ref byte destination, ref byte source, int length)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            var copied = 0;
            do
            {
                Vector256.LoadUnsafe(ref source, (nuint)copied).StoreUnsafe(ref destination, (nuint)copied);
                copied += Overcopy;
            }
            while (copied < length);
        }
        else
        {
            Unsafe.CopyBlockUnaligned(ref destination, ref source, (uint)length);
        }
    }
}
