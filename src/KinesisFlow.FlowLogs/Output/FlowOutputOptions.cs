namespace KinesisFlow.FlowLogs.Output;

/// <summary>Choices that shape the events of the output formats (the defaults keep events small).</summary>
/// <param name="EventOriginal">Whether <c>ecs</c> events carry the flow line as <c>event.original</c> (off by default: it doubles an event's size).</param>
public sealed record FlowOutputOptions(bool EventOriginal = false)
{
    public static FlowOutputOptions Default { get; } = new();
}
