namespace KinesisFlow.Sinks;

/// <summary>The output format names a sink can ask for (the same names as <c>kinesisflow decode --output</c>).</summary>
public static class OutputFormats
{
    public const string Json = "json";
    public const string Raw = "raw";
    public const string Ecs = "ecs";
    public const string Ocsf = "ocsf";
    public const string Sekoia = "sekoia";

    public static IReadOnlyList<string> All { get; } = [Json, Raw, Ecs, Ocsf, Sekoia];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
