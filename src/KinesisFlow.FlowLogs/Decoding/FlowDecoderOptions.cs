namespace KinesisFlow.FlowLogs;

/// <summary>Limits of the decoder. The defaults suit CloudWatch Logs subscriptions.</summary>
public sealed class FlowDecoderOptions
{
    /// <summary>16 MiB: far above what CloudWatch Logs puts in one record (a Kinesis record is at most 1 MB gzip'd).</summary>
    public const int DefaultMaxDecompressedBytes = 16 * 1024 * 1024;

    /// <summary>The smallest cap accepted: below it even one ordinary envelope would not fit.</summary>
    public const int MinMaxDecompressedBytes = 1024;

    /// <summary>The largest cap accepted (1 GiB), so buffers stay within array limits.</summary>
    public const int MaxMaxDecompressedBytes = 1024 * 1024 * 1024;

    /// <summary>
    /// A record that decompresses to more than this is dead-lettered (<see cref="DeadLetterReason.TooLarge"/>)
    /// instead of being inflated further: a record can claim any size, and memory must stay bounded.
    /// </summary>
    public int MaxDecompressedBytes { get; init; } = DefaultMaxDecompressedBytes;

    internal void Validate()
    {
        if (MaxDecompressedBytes is < MinMaxDecompressedBytes or > MaxMaxDecompressedBytes)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxDecompressedBytes),
                MaxDecompressedBytes,
                $"MaxDecompressedBytes must be between {MinMaxDecompressedBytes} and {MaxMaxDecompressedBytes}.");
        }
    }
}
