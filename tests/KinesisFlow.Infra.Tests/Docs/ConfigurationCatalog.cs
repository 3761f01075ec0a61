using System.Collections;
using System.Globalization;
using KinesisFlow.Cli;
using KinesisFlow.Cli.Settings;

namespace KinesisFlow.Infra.Tests.Docs;

/// <summary>One setting of the consumer: its configuration key, environment variable, flag, default and meaning.</summary>
public sealed record Setting(string Key, string Flag, string Default, string Description)
{
    /// <summary>The environment variable that sets it (the host reads every variable; "__" separates sections).</summary>
    public string EnvironmentVariable => Key.Replace(":", "__", StringComparison.Ordinal).Replace("KinesisFlow__", "KINESISFLOW__", StringComparison.Ordinal);
}

/// <summary>
/// Every setting of <c>kinesisflow run</c>, from the product's own schema (the options classes the host binds, read by
/// reflection) with defaults from a fresh instance, meanings from the XML docs and the flags that set them, so that
/// docs/configuration.md and the deployment files are checked against the code rather than against memory.
/// </summary>
public static class ConfigurationCatalog
{
    public static IReadOnlyList<Setting> All { get; } =
        [.. RunSettingsSchema.All.Select(s => new Setting(s.Key, RunFlags.FlagsByKey.GetValueOrDefault(s.Key, ""), Render(s.Default), XmlDocs.Summary(s.Property)))];

    /// <summary>True when <paramref name="key"/> is a setting, or an item of a list or map setting.</summary>
    public static bool Knows(string key) => RunSettingsSchema.Find(key) is not null;

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
}
