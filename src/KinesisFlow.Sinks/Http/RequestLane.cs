namespace KinesisFlow.Sinks;

/// <summary>One endpoint of an HTTP sink and how its bodies are framed (SEKOIA.IO has two: plain lines and JSON).</summary>
internal sealed record RequestLane(Uri Endpoint, BodyFraming Framing);
