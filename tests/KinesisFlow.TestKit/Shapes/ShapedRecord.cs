namespace KinesisFlow.TestKit.Shapes;

/// <summary>
/// One Kinesis record of test traffic: a gzip'd CloudWatch Logs DATA_MESSAGE whose events have the consecutive
/// ordinals <see cref="FirstEvent"/> .. <see cref="FirstEvent"/> + <see cref="EventCount"/> - 1 of its
/// <see cref="ShapedEventIds"/>.
/// </summary>
public sealed record ShapedRecord(byte[] Data, string LogGroup, string LogStream, long FirstEvent, int EventCount, int DecompressedBytes)
{
    /// <summary>Decompressed size over compressed size.</summary>
    public double CompressionRatio => (double)DecompressedBytes / Data.Length;

    /// <summary>The ids of its events, in order.</summary>
    public IEnumerable<string> EventIds(ShapedEventIds ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        for (var i = 0; i < EventCount; i++)
        {
            yield return ids.Id(FirstEvent + i);
        }
    }
}
