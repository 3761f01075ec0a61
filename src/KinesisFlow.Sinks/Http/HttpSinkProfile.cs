namespace KinesisFlow.Sinks;

/// <summary>What distinguishes one HTTP sink from another: its lanes, headers, limits and compression.</summary>
internal sealed record HttpSinkProfile(
    string Name,
    string OutputFormat,
    RequestLane TextLane,
    RequestLane JsonLane,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    HttpDeliveryOptions Delivery,
    int MaxEventBytes,
    bool Gzip)
{
    /// <summary>A sink's name for logs, metric attributes and status: the URL without what may carry a secret.</summary>
    public static string NameFor(string kind, Uri url) => $"{kind}:{HttpUrl.Redacted(url)}";
}
