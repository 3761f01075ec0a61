namespace KinesisFlow.Sinks;

/// <summary>
/// The <c>KinesisFlow:Sinks</c> configuration section: which sinks run (the same specs as <c>--sink</c>; the command line
/// replaces the list) and the settings of each kind and of the dead-letter file.
/// </summary>
public sealed class SinkOptions
{
    public const string SectionName = "KinesisFlow:Sinks";

    /// <summary>Sink specs, see <see cref="SinkSpec"/>. Empty means <c>stdout</c>.</summary>
    public List<string> Specs { get; set; } = [];

    /// <summary>Rotation of every <c>file:</c> sink.</summary>
    public FileRotationOptions File { get; set; } = new();

    /// <summary>Settings of every <c>http:</c> sink.</summary>
    public HttpSinkOptions Http { get; set; } = new();

    /// <summary>Settings of the <c>sekoia</c> sink.</summary>
    public SekoiaSinkOptions Sekoia { get; set; } = new();

    /// <summary>
    /// Whether <c>ecs</c> events carry the flow line as <c>event.original</c>, as Elastic's integration can keep it;
    /// off by default, since it doubles an event's size.
    /// </summary>
    public bool EventOriginal { get; set; }

    /// <summary>Where rejected events and undecodable records go.</summary>
    public DeadLetterOptions DeadLetter { get; set; } = new();

    /// <summary>The parsed specs (stdout when none are configured). Call after validation.</summary>
    public IReadOnlyList<SinkSpec> ParsedSpecs() =>
        Specs.Count == 0 ? [SinkSpec.Parse("stdout")] : Specs.ConvertAll(SinkSpec.Parse);
}
