using System.Globalization;
using System.Numerics;

namespace KinesisFlow.TestKit;

/// <summary>Kinesis sequence numbers (decimal strings of up to 128 bits) compared as numbers, as the service orders them.</summary>
public static class SequenceNumbers
{
    public static int Compare(string left, string right) =>
        BigInteger.Parse(left, CultureInfo.InvariantCulture).CompareTo(BigInteger.Parse(right, CultureInfo.InvariantCulture));

    /// <summary>The later of two sequence numbers; <paramref name="candidate"/> when <paramref name="current"/> is null.</summary>
    public static string Later(string? current, string candidate) =>
        current is null || Compare(candidate, current) > 0 ? candidate : current;
}
