using System.Globalization;

namespace KinesisFlow.TestKit.Shapes;

/// <summary>
/// CloudWatch Logs event ids for test traffic (56 decimal digits, as real ones are) that carry their own ordinal:
/// <c>3</c>, a 15-digit timestamp, the 20-digit ordinal, then 20 digits derived from the seed. A check can therefore
/// tell from the id alone whether an event was produced and which one it was, and keep "delivered" as one bit per
/// event instead of a set of millions of strings. Ids of different seeds never match each other. Consecutive events
/// get consecutive ids, as in real subscription data (which is why real envelopes compress well).
/// </summary>
public sealed class ShapedEventIds(long seed)
{
    /// <summary>The length of every id, as CloudWatch Logs writes them.</summary>
    public const int Length = 56;

    private const long StartMilliseconds = 1_763_000_000_000;

    private readonly ulong _tag = Mix(seed);

    public long Seed { get; } = seed;

    /// <summary>The id of the event with this ordinal.</summary>
    public string Id(long ordinal)
    {
        Span<byte> id = stackalloc byte[Length];
        Write(ordinal, id);
        return System.Text.Encoding.ASCII.GetString(id);
    }

    /// <summary>The CloudWatch Logs timestamp (Unix milliseconds) of the event with this ordinal: 16 events per millisecond.</summary>
    public static long Timestamp(long ordinal) => StartMilliseconds + (ordinal / 16);

    /// <summary>The ordinal of <paramref name="id"/> (UTF-8) when it is an id of this seed; false for any other text.</summary>
    public bool TryParse(ReadOnlySpan<byte> id, out long ordinal)
    {
        ordinal = -1;
        if (id.Length != Length
            || !long.TryParse(id.Slice(16, 20), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            || parsed < 0)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[Length];
        Write(parsed, expected);
        if (!id.SequenceEqual(expected))
        {
            return false;
        }

        ordinal = parsed;
        return true;
    }

    private void Write(long ordinal, Span<byte> destination)
    {
        destination[0] = (byte)'3';
        Format(Timestamp(ordinal), "D15", destination.Slice(1, 15));
        Format(ordinal, "D20", destination.Slice(16, 20));
        Format(_tag, "D20", destination.Slice(36, 20));
    }

    private static void Format(ulong value, string format, Span<byte> destination)
    {
        if (!value.TryFormat(destination, out var written, format, CultureInfo.InvariantCulture) || written != destination.Length)
        {
            throw new InvalidOperationException($"{value} does not fit {destination.Length} digits.");
        }
    }

    private static void Format(long value, string format, Span<byte> destination) => Format((ulong)value, format, destination);

    // SplitMix64 of the seed: far apart for neighbouring seeds, the same on every run.
    private static ulong Mix(long seed)
    {
        var z = unchecked(((ulong)seed * 0x9E3779B97F4A7C15UL) + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
