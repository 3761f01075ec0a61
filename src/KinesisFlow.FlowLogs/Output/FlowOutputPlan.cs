using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// The <c>json</c> writer's per-format table, built once per format: for each position, its member prefix
/// (<c>,"key":</c> plus the opening quote of a string value) and whether the value is a number. Prefixes sit in one
/// array, each padded to at least <see cref="Overcopy"/> bytes and the array followed by <see cref="Overwrite"/> more,
/// so that each is copied like a value by <see cref="CopyText"/>: one or two fixed-size vector moves (a prefix longer
/// than 64 bytes, the name of a field this version does not know, by a plain copy).
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

    private readonly byte[] _prefixes;

    public FlowOutputPlan(FlowLogFormat format)
    {
        Format = format;
        Positions = new PlanPosition[format.Count];
        var size = 0;
        for (var i = 0; i < format.Count; i++)
        {
            size += Math.Max(Overcopy, format.InfoAt(i).JsonMemberPrefixUtf8.Length);
        }

        // Room after the last prefix for the fixed-size moves of CopyText.
        _prefixes = new byte[size + Overwrite];
        var start = 0;
        for (var i = 0; i < format.Count; i++)
        {
            var info = format.InfoAt(i);
            var prefix = info.JsonMemberPrefixUtf8;
            prefix.CopyTo(_prefixes.AsSpan(start));
            Positions[i] = new PlanPosition(start, prefix.Length, info.IsNumeric, info.IsNumeric ? 0 : 1);
            start += Math.Max(Overcopy, prefix.Length);

            // A prefix, a value's closing quote.
            MaxFieldsLength += prefix.Length + 1;
        }
    }

    public FlowLogFormat Format { get; }

    public PlanPosition[] Positions { get; }

    /// <summary>The bytes the members need beyond their values' own length.</summary>
    public int MaxFieldsLength { get; }

    /// <summary>The first byte of the prefix table (<see cref="PlanPosition.PrefixStart"/> counts from there).</summary>
    public ref byte Prefixes => ref MemoryMarshal.GetArrayDataReference(_prefixes);

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

/// <summary>
/// One position of a <see cref="FlowOutputPlan"/>; <paramref name="QuoteLength"/> is 1 when the value is a string
/// (it ends with a quote) and 0 for a number.
/// </summary>
internal readonly record struct PlanPosition(int PrefixStart, int PrefixLength, bool IsNumeric, int QuoteLength);
