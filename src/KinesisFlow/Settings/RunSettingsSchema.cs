using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Hosting;
using KinesisFlow.Sinks;

namespace KinesisFlow.Cli.Settings;

/// <summary>One setting of <c>kinesisflow run</c>: its configuration key, the property it binds to, and its default.</summary>
internal sealed record SettingDefinition(string Key, PropertyInfo Property, object? Default)
{
    /// <summary>The type a value must convert to (the nullable's underlying type).</summary>
    public Type ValueType => Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;

    /// <summary>A list or a map: its items are keys below this one (<c>Specs:0</c>, <c>Formats:/vpc/*</c>).</summary>
    public bool IsCollection => RunSettingsSchema.IsCollectionType(ValueType);
}

/// <summary>A section the host binds and the options class bound to it (its properties are read by reflection).</summary>
internal sealed record SettingsRoot(string Section, [DynamicallyAccessedMembers(SettingsRoot.Reflected)] Type Options)
{
    private const DynamicallyAccessedMemberTypes Reflected =
        DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties;

    [DynamicallyAccessedMembers(Reflected)]
    public Type Options { get; } = Options;
}

/// <summary>
/// Every setting the host binds, read by reflection from the options classes (so it cannot drift from them): the
/// start-up check converts each configured value and reports unknown keys with it, and the docs test renders
/// docs/configuration.md from it.
/// </summary>
internal static class RunSettingsSchema
{
    /// <summary>The sections the host binds, and the class bound to each.</summary>
    public static readonly SettingsRoot[] Roots =
    [
        new(KinesisFlowOptions.SectionName, typeof(KinesisFlowOptions)),
        new(SinkOptions.SectionName, typeof(SinkOptions)),
        new(ObservabilityOptions.DefaultSectionName, typeof(ObservabilityOptions)),
        new(KinesisFlowOptions.SectionName, typeof(HostSettings)),
        new(SummarySettings.SectionName, typeof(SummarySettings)),
    ];

    public static IReadOnlyList<SettingDefinition> All { get; } = Build();

    /// <summary>The setting <paramref name="key"/> names, or the list/map setting it is an item of; null when unknown.</summary>
    public static SettingDefinition? Find(string key)
    {
        foreach (var setting in All)
        {
            if (string.Equals(setting.Key, key, StringComparison.OrdinalIgnoreCase)
                || (setting.IsCollection && key.StartsWith(setting.Key + ":", StringComparison.OrdinalIgnoreCase)))
            {
                return setting;
            }
        }

        return null;
    }

    /// <summary>The environment variable that sets <paramref name="key"/> ("__" separates sections).</summary>
    public static string EnvironmentVariable(string key) =>
        "KINESISFLOW__" + key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..].Replace(":", "__", StringComparison.Ordinal);

    internal static bool IsCollectionType(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static List<SettingDefinition> Build()
    {
        var settings = new List<SettingDefinition>();
        foreach (var root in Roots)
        {
            Walk(root.Section, root.Options, Activator.CreateInstance(root.Options)!, settings);
        }

        return settings;
    }

    // The nested option classes' properties are read by reflection too: the Native AOT publish keeps them by rooting
    // the assemblies that hold option classes (TrimmerRootAssembly in KinesisFlow.csproj).
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Option assemblies are rooted for the AOT publish.")]
    private static void Walk(
        string prefix, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type, object instance, List<SettingDefinition> settings)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is null || property.GetIndexParameters().Length != 0)
            {
                continue;
            }

            var key = $"{prefix}:{property.Name}";
            var value = property.GetValue(instance);
            if (IsLeaf(property.PropertyType))
            {
                if (property.SetMethod is { IsPublic: true } || IsCollectionType(property.PropertyType))
                {
                    settings.Add(new SettingDefinition(key, property, value));
                }
            }
            else if (value is not null)
            {
                Walk(key, property.PropertyType, value, settings);
            }
        }
    }

    private static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(DateTimeOffset) || t == typeof(Uri) || IsCollectionType(t);
    }
}
