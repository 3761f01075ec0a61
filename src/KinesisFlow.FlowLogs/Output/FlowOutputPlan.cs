using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// The <c>json</c> writer's per-format table, built once per format: for each position, its member prefix
/// (<c>,"key":</c> plus the opening quote of a string value) and whether the value is a number. Prefixes sit in one
/// array, each padded to at least <see cref="Overcopy"/> bytes, so that each is copied with one fixed-size vector move
/// (a longer one, the name of a field this version does not know, by a plain copy).
/// </summary>
internal sealed class FlowOutputPlan
{
    /// <summary>How many bytes <see cref="CopySmall"/> moves at once; the destination needs that much room.</summary>
    public const int Overcopy = 32;

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

        _prefixes = new byte[size];
        var start = 0;
        for (var i = 0; i < format.Count; i++)
        {
            var info = format.InfoAt(i);
            var prefix = info.JsonMemberPrefixUtf8;
            prefix.CopyTo(_prefixes.AsSpan(start));
            Positions[i] = new PlanPosition(start, prefix.Length, info.IsNumeric);
            start += Math.Max(Overcopy, prefix.Length);

            // A prefix, a value's closing quote.
            MaxFieldsLength += prefix.Length + 1;
        }
    }

    public FlowLogFormat Format { get; }

    public PlanPosition[] Positions { get; }

    /// <summary>The bytes the members need beyond their values' own length.</summary>
    public int MaxFieldsLength { get; }

    public ref byte Prefix(in PlanPosition position) => ref _prefixes[position.PrefixStart];

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
}

/// <summary>One position of a <see cref="FlowOutputPlan"/>.</summary>
internal readonly record struct PlanPosition(int PrefixStart, int PrefixLength, bool IsNumeric);
