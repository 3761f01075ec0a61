using System.Collections;
using System.CommandLine;
using System.Globalization;
using System.Reflection;
using KinesisFlow.Cli;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Observability.Hosting;
using KinesisFlow.Sinks;

namespace KinesisFlow.Infra.Tests.Docs;

/// <summary>One setting of the consumer: its configuration key, environment variable, flag, default and meaning.</summary>
public sealed record Setting(string Key, string Flag, string Default, string Description)
{
    /// <summary>The environment variable that sets it (the host reads every variable; "__" separates sections).</summary>
    public string EnvironmentVariable => Key.Replace(":", "__", StringComparison.Ordinal).Replace("KinesisFlow__", "KINESISFLOW__", StringComparison.Ordinal);
}

/// <summary>
/// Every setting of <c>kinesisflow run</c>, read by reflection from the options classes the host binds (with their
/// defaults from a fresh instance and their meaning from the XML docs) and the flags that set them, so that
/// docs/configuration.md and the deployment files are checked against the code rather than against memory.
/// </summary>
public static class ConfigurationCatalog
{
    /// <summary>The sections the host binds, and the class bound to each.</summary>
    public static readonly (string Section, Type Options)[] Roots =
    [
        (KinesisFlowOptions.SectionName, typeof(KinesisFlowOptions)),
        ($"{KinesisFlowOptions.SectionName}:{LeaseOptions.SectionName}", typeof(LeaseOptions)),
        (SinkOptions.SectionName, typeof(SinkOptions)),
        (ObservabilityOptions.DefaultSectionName, typeof(ObservabilityOptions)),
    ];

    public static IReadOnlyList<Setting> All { get; } = Build();

    /// <summary>True when <paramref name="key"/> is a setting, or an item of a list or map setting.</summary>
    public static bool Knows(string key) =>
        All.Any(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase)
            || (IsCollection(s) && key.StartsWith(s.Key + ":", StringComparison.OrdinalIgnoreCase)));

    private static bool IsCollection(Setting setting) => setting.Default is "(empty)" || setting.Default.StartsWith('[');

    private static List<Setting> Build()
    {
        var flags = FlagsByKey();
        var settings = new List<Setting>();
        foreach (var (section, type) in Roots)
        {
            Walk(section, type, Activator.CreateInstance(type)!, flags, settings);
        }

        return settings;
    }

    private static void Walk(string prefix, Type type, object instance, Dictionary<string, string> flags, List<Setting> settings)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0))
        {
            var key = $"{prefix}:{property.Name}";
            var value = property.GetValue(instance);
            if (IsLeaf(property.PropertyType))
            {
                if (property.SetMethod is { IsPublic: true } || IsCollectionType(property.PropertyType))
                {
                    settings.Add(new(key, flags.GetValueOrDefault(key, ""), Render(value), XmlDocs.Summary(property)));
                }
            }
            else if (value is not null)
            {
                Walk(key, property.PropertyType, value, flags, settings);
            }
        }
    }

    private static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(DateTimeOffset) || t == typeof(Uri) || IsCollectionType(t);
    }

    private static bool IsCollectionType(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static string Render(object? value) => value switch
    {
        null => "(none)",
        string { Length: 0 } => "\"\"",
        string s => s,
        bool b => b ? "true" : "false",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IDictionary { Count: 0 } => "(empty)",
        IEnumerable items when !items.Cast<object>().Any() => "(empty)",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object>()) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The key each flag of <c>kinesisflow run</c> sets, found by parsing the flag and asking RunFlags.</summary>
    private static Dictionary<string, string> FlagsByKey()
    {
        var flags = new RunFlags();
        var command = new RootCommand();
        foreach (var option in flags.All)
        {
            command.Options.Add(option);
        }

        var byKey = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            // --sink replaces the configured list after binding (RunHost), so ToConfiguration does not report it.
            [SinkOptions.SectionName + ":" + nameof(SinkOptions.Specs)] = "--sink",
        };
        foreach (var option in flags.All.Where(o => o.Name != "--sink"))
        {
            string[] args = option is Option<bool> ? [option.Name] : [option.Name, "x"];
            foreach (var key in flags.ToConfiguration(command.Parse(args)).Keys)
            {
                byKey[key] = option.Name;
            }
        }

        return byKey;
    }
}
