namespace KinesisFlow.Sinks;

/// <summary>How a generic <c>http:URL</c> sink frames and sends its requests.</summary>
public sealed class HttpSinkOptions : HttpDeliveryOptions
{
    /// <summary><c>ndjson</c> (one event per line, <c>application/x-ndjson</c>) or <c>array</c> (a JSON array, <c>application/json</c>).</summary>
    public string Body { get; set; } = HttpBodyKinds.Ndjson;

    /// <summary>Compress request bodies with gzip (<c>Content-Encoding: gzip</c>).</summary>
    public bool Gzip { get; set; }

    /// <summary>Extra request headers, e.g. <c>Authorization</c>. Their values are never logged.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Body framings of the generic HTTP sink.</summary>
public static class HttpBodyKinds
{
    public const string Ndjson = "ndjson";
    public const string Array = "array";
}
