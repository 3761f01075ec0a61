namespace KinesisFlow.Aws;

/// <summary>No source names a region (see <see cref="AwsRegionResolver"/>); a configuration error, not a transient one.</summary>
public sealed class AwsRegionMissingException : InvalidOperationException
{
    public AwsRegionMissingException()
    {
    }

    public AwsRegionMissingException(string message)
        : base(message)
    {
    }

    public AwsRegionMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
