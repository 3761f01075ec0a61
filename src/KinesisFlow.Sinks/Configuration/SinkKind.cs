namespace KinesisFlow.Sinks;

/// <summary>The kinds of sink a <c>--sink</c> spec can name.</summary>
public enum SinkKind
{
    Stdout,
    File,
    Http,
    Sekoia,
}
