namespace KinesisFlow.Aws.EventStream;

/// <summary>One header of a message: a name (1 to 255 bytes of UTF-8) and a typed value.</summary>
public readonly record struct EventStreamHeader(string Name, EventStreamHeaderValue Value)
{
    public static EventStreamHeader String(string name, string value) => new(name, EventStreamHeaderValue.FromString(value));
}
