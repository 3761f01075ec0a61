namespace KinesisFlow.TestKit.Http;

/// <summary>
/// One request an <see cref="HttpCollector"/> received: its number (from 1, in the order received), the body as the
/// sender meant it (inflated when it came gzip'd) and what it looked like on the wire.
/// </summary>
public sealed record RecordedRequest(
    int Number, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body, int WireLength, bool Gzipped, DateTimeOffset ReceivedAt)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>The NDJSON events the body carries: one a line, empty lines left out.</summary>
    public IReadOnlyList<string> Events => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;
}
