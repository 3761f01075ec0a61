namespace KinesisFlow.Sinks;

/// <summary>
/// SEKOIA.IO's regions and their HTTP intake base URLs, as SEKOIA.IO documents them (docs.sekoia.io, "Sekoia
/// regions"). A region not listed here (or a proxy) is reached with <c>sekoia:URL</c>.
/// </summary>
public static class SekoiaRegions
{
    /// <summary>The default region's intake (FRA1).</summary>
    public static readonly Uri Default = new("https://intake.sekoia.io/");

    private static readonly Dictionary<string, Uri> Intakes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fra1"] = Default,
        ["fra2"] = new("https://fra2.app.sekoia.io/api/v1/intake-http/"),
        ["mco1"] = new("https://mco1.app.sekoia.io/api/v1/intake-http/"),
        ["uae1"] = new("https://app.uae1.sekoia.io/api/v1/intake-http/"),
        ["usa1"] = new("https://app.usa1.sekoia.io/api/v1/intake-http/"),
    };

    public static IEnumerable<string> Names => Intakes.Keys;

    public static bool IsKnown(string name) => Intakes.ContainsKey(name);

    /// <summary>The intake base URL for a <c>sekoia[:TARGET]</c> spec target: none → FRA1, a region name, or a URL.</summary>
    public static Uri Resolve(string? target)
    {
        if (target is null)
        {
            return Default;
        }

        if (Intakes.TryGetValue(target, out var known))
        {
            return known;
        }

        // A base URL: make sure relative endpoint paths ("plain/batch") append to it rather than replace its last segment.
        return new Uri(target.EndsWith('/') ? target : target + "/", UriKind.Absolute);
    }
}
