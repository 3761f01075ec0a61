namespace KinesisFlow.Coordination.Leases;

/// <summary>
/// A checkpoint: a Kinesis sequence number (decimal, up to 128 bits) plus a KPL sub-sequence number, or one of the
/// KCL sentinels. Ordering: the starting sentinels (AT_TIMESTAMP, TRIM_HORIZON, LATEST) come before every sequence
/// number and SHARD_END after every one, so "never backwards" is a plain comparison.
/// </summary>
public readonly record struct ExtendedSequenceNumber : IComparable<ExtendedSequenceNumber>
{
    public const string TrimHorizonValue = "TRIM_HORIZON";
    public const string LatestValue = "LATEST";
    public const string ShardEndValue = "SHARD_END";
    public const string AtTimestampValue = "AT_TIMESTAMP";

    public static readonly ExtendedSequenceNumber TrimHorizon = new(TrimHorizonValue);
    public static readonly ExtendedSequenceNumber Latest = new(LatestValue);
    public static readonly ExtendedSequenceNumber ShardEnd = new(ShardEndValue);
    public static readonly ExtendedSequenceNumber AtTimestamp = new(AtTimestampValue);

    public ExtendedSequenceNumber(string sequenceNumber, long subSequenceNumber = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(sequenceNumber);
        ArgumentOutOfRangeException.ThrowIfNegative(subSequenceNumber);
        if (!IsSentinelValue(sequenceNumber) && !IsDecimal(sequenceNumber))
        {
            throw new ArgumentException(
                $"'{sequenceNumber}' is neither a sequence number nor one of {TrimHorizonValue}, {LatestValue}, {ShardEndValue}, {AtTimestampValue}.",
                nameof(sequenceNumber));
        }

        SequenceNumber = sequenceNumber;
        SubSequenceNumber = subSequenceNumber;
    }

    /// <summary>The sequence number or sentinel name, as stored in the lease table's <c>checkpoint</c>.</summary>
    public string SequenceNumber { get; }

    /// <summary>The KPL sub-sequence number (<c>checkpointSubSequenceNumber</c>); 0 for plain records.</summary>
    public long SubSequenceNumber { get; }

    public bool IsSentinel => IsSentinelValue(SequenceNumber);

    public bool IsShardEnd => SequenceNumber == ShardEndValue;

    /// <summary>True for TRIM_HORIZON, LATEST and AT_TIMESTAMP: nothing of the shard has been processed yet.</summary>
    public bool IsStartingPosition => SequenceNumber is TrimHorizonValue or LatestValue or AtTimestampValue;

    public int CompareTo(ExtendedSequenceNumber other)
    {
        var rank = Rank(this).CompareTo(Rank(other));
        if (rank != 0 || IsSentinel)
        {
            return rank;
        }

        var byNumber = CompareDecimal(SequenceNumber, other.SequenceNumber);
        return byNumber != 0 ? byNumber : SubSequenceNumber.CompareTo(other.SubSequenceNumber);
    }

    public static bool operator <(ExtendedSequenceNumber left, ExtendedSequenceNumber right) => left.CompareTo(right) < 0;

    public static bool operator >(ExtendedSequenceNumber left, ExtendedSequenceNumber right) => left.CompareTo(right) > 0;

    public static bool operator <=(ExtendedSequenceNumber left, ExtendedSequenceNumber right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ExtendedSequenceNumber left, ExtendedSequenceNumber right) => left.CompareTo(right) >= 0;

    public override string ToString() =>
        SubSequenceNumber == 0 ? SequenceNumber : $"{SequenceNumber}/{SubSequenceNumber}";

    private static bool IsSentinelValue(string value) =>
        value is TrimHorizonValue or LatestValue or ShardEndValue or AtTimestampValue;

    // Starting positions all rank below real numbers; the three are mutually ordered only so that CompareTo is total.
    private static int Rank(ExtendedSequenceNumber value) => value.SequenceNumber switch
    {
        AtTimestampValue => 0,
        TrimHorizonValue => 1,
        LatestValue => 2,
        ShardEndValue => 4,
        _ => 3,
    };

    private static bool IsDecimal(string value)
    {
        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    // Sequence numbers exceed 64 bits, so they are compared as decimal strings: longer (without leading zeros) is larger.
    private static int CompareDecimal(string left, string right)
    {
        var a = left.AsSpan().TrimStart('0');
        var b = right.AsSpan().TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
    }
}
