using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Sinks;

/// <summary>Builds the sinks named by validated <see cref="SinkOptions"/>.</summary>
public sealed class SinkFactory
{
    private readonly SinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly SinkTelemetry _telemetry;
    private readonly Func<Stream> _standardOutput;

    public SinkFactory(IOptions<SinkOptions> options, TimeProvider time, ILoggerFactory loggers, SinkTelemetry telemetry)
        : this(options, time, loggers, telemetry, Console.OpenStandardOutput)
    {
    }

    internal SinkFactory(IOptions<SinkOptions> options, TimeProvider time, ILoggerFactory loggers, SinkTelemetry telemetry, Func<Stream> standardOutput)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _loggers = loggers;
        _telemetry = telemetry;
        _standardOutput = standardOutput;
    }

    /// <summary>Creates the dead-letter sink and every configured sink.</summary>
    public SinkSet Create() => Create(static file => file);

    /// <summary>
    /// Creates the sinks with the dead-letter file seen through <paramref name="decorate"/>: what <c>redrive</c> uses
    /// to count the events the sinks refuse again.
    /// </summary>
    public SinkSet Create(Func<IDeadLetterSink, IDeadLetterSink> decorate)
    {
        ArgumentNullException.ThrowIfNull(decorate);
        var deadLetters = decorate(new DeadLetterFileSink(_options.DeadLetter.Path, _options.DeadLetter.Rotation, _time));
        var sinks = new List<IEventSink>();
        foreach (var spec in _options.ParsedSpecs())
        {
            sinks.Add(new InstrumentedSink(Create(spec, deadLetters), _telemetry, _time));
        }

        return new SinkSet(sinks, deadLetters, new FlowLogs.Output.FlowOutputOptions(_options.EventOriginal), _telemetry);
    }

    private IEventSink Create(SinkSpec spec, IDeadLetterSink deadLetters) => spec.Kind switch
    {
        SinkKind.Stdout => new StdoutSink(_standardOutput(), spec.Format),
        SinkKind.File => new FileSink(spec.Target!, spec.Format, _options.File, _time),
        SinkKind.Http => HttpEventSinkFactory.CreateGeneric(new Uri(spec.Target!), spec.Format, _options.Http, deadLetters, _time, _loggers, _telemetry),
        SinkKind.Sekoia => HttpEventSinkFactory.CreateSekoia(SekoiaRegions.Resolve(spec.Target), spec.Format, _options.Sekoia, deadLetters, _time, _loggers, _telemetry),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown sink kind."),
    };
}
