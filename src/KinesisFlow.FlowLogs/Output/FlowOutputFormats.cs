using System.Diagnostics.CodeAnalysis;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// The output formats by name, shared by <c>kinesisflow decode --format</c> and the sinks' configuration.
/// A new format is one line in <see cref="Factories"/>.
/// </summary>
public static class FlowOutputFormats
{
    public const string Json = "json";
    public const string Raw = "raw";
    public const string Ecs = "ecs";
    public const string Ocsf = "ocsf";
    public const string Sekoia = "sekoia";

    private static readonly Dictionary<string, Func<FlowOutputOptions, IFlowRecordWriter>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        [Json] = static _ => new JsonFlowRecordWriter(),
        [Raw] = static _ => new RawFlowRecordWriter(),
        [Ecs] = static options => new EcsFlowRecordWriter(options.EventOriginal),
        [Ocsf] = static _ => new OcsfFlowRecordWriter(),
        [Sekoia] = static _ => new SekoiaFlowRecordWriter(),
    };

    /// <summary>Every format name, for help texts and validation messages.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    public static bool TryCreate(string name, [NotNullWhen(true)] out IFlowRecordWriter? writer) => TryCreate(name, FlowOutputOptions.Default, out writer);

    public static bool TryCreate(string name, FlowOutputOptions options, [NotNullWhen(true)] out IFlowRecordWriter? writer)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        if (Factories.TryGetValue(name, out var factory))
        {
            writer = factory(options);
            return true;
        }

        writer = null;
        return false;
    }

    /// <summary>The writer for <paramref name="name"/>; throws naming the known formats when there is none.</summary>
    public static IFlowRecordWriter Create(string name, FlowOutputOptions? options = null) =>
        TryCreate(name, options ?? FlowOutputOptions.Default, out var writer)
            ? writer
            : throw new ArgumentException($"Unknown output format '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name));
}
