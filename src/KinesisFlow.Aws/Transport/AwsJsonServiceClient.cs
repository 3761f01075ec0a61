namespace KinesisFlow.Aws;

/// <summary>
/// Base of the typed clients of JSON-protocol services (Kinesis, CloudWatch Logs): owns the transport the client was
/// built on, and with it the pooled connections.
/// </summary>
public abstract class AwsJsonServiceClient : IDisposable
{
    protected AwsJsonServiceClient(AwsJsonClient transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Transport = transport;
    }

    public Uri Endpoint => Transport.Endpoint.Url;

    protected AwsJsonClient Transport { get; }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Transport.Dispose();
        }
    }
}
