namespace KinesisFlow.Sinks;

/// <summary>How events are joined into one request body: what opens it, what separates two events, what closes it.</summary>
internal sealed class BodyFraming
{
    private BodyFraming(string contentType, byte[] open, byte[] separator, byte[] close)
    {
        ContentType = contentType;
        Open = open;
        Separator = separator;
        Close = close;
    }

    /// <summary>One event per line, each line ended (NDJSON).</summary>
    public static BodyFraming Ndjson { get; } = new("application/x-ndjson", [], "\n"u8.ToArray(), "\n"u8.ToArray());

    /// <summary>Lines separated by a line feed, no trailing one (SEKOIA.IO's <c>/plain/batch</c>).</summary>
    public static BodyFraming PlainLines { get; } = new("text/plain; charset=utf-8", [], "\n"u8.ToArray(), []);

    /// <summary>A JSON array of the events.</summary>
    public static BodyFraming JsonArray { get; } = new("application/json", "["u8.ToArray(), ","u8.ToArray(), "]"u8.ToArray());

    public string ContentType { get; }

    public byte[] Open { get; }

    public byte[] Separator { get; }

    public byte[] Close { get; }

    /// <summary>Bytes a body of one event of <paramref name="eventLength"/> bytes takes.</summary>
    public int SingleEventSize(int eventLength) => Open.Length + eventLength + Close.Length;
}
