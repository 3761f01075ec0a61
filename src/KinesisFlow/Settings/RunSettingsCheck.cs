using System.Globalization;
using KinesisFlow.Consumer.Configuration;
using Microsoft.Extensions.Configuration;

namespace KinesisFlow.Cli.Settings;

/// <summary>
/// Reads every value configured under <c>KinesisFlow:</c> (appsettings.json, KINESISFLOW__ variables, flags) before
/// the host binds them: a value that cannot be converted stops the start with one line naming the key, its variable
/// and flag, the value and what is allowed (instead of the binder's type-conversion exception); a key that names no
/// setting is returned as a warning with the closest known key (a misspelt setting would otherwise be ignored silently).
/// </summary>
internal static class RunSettingsCheck
{
    /// <summary>Throws <see cref="SettingException"/> for the first value that cannot be converted; returns the warnings.</summary>
    public static IReadOnlyList<string> Check(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var warnings = new List<string>();
        foreach (var (rawKey, value) in configuration.GetSection(KinesisFlowOptions.SectionName).AsEnumerable())
        {
            if (value is null)
            {
                continue; // a section, not a value
            }

            var key = Normalize(rawKey);
            var setting = RunSettingsSchema.Find(key);
            if (setting is null)
            {
                warnings.Add(UnknownKey(key));
            }
            else if (!setting.IsCollection && ProblemWith(setting.ValueType, value) is { } allowed)
            {
                throw new SettingException($"{Name(setting.Key)}: '{value}' is not valid; {allowed}.");
            }
        }

        return warnings;
    }

    /// <summary>A setting as messages name it: its key, then its flag when it has one, then its environment variable.</summary>
    public static string Name(string key)
    {
        var where = RunFlags.FlagsByKey.TryGetValue(key, out var flag)
            ? $"{flag}, {RunSettingsSchema.EnvironmentVariable(key)}"
            : RunSettingsSchema.EnvironmentVariable(key);
        return $"{key} ({where})";
    }

    private static string UnknownKey(string key)
    {
        var lastSegment = key[(key.LastIndexOf(':') + 1)..];
        var closest = ClosestName.Find(key, RunSettingsSchema.All.Select(s => s.Key), Math.Max(2, lastSegment.Length / 3));
        var hint = closest is null ? "see docs/configuration.md for the settings" : $"did you mean {closest} ({RunSettingsSchema.EnvironmentVariable(closest)})?";
        return $"Unknown setting {key} ({RunSettingsSchema.EnvironmentVariable(key)}) is ignored; {hint}";
    }

    /// <summary>What is allowed when <paramref name="value"/> does not convert to <paramref name="type"/> as the binder converts it; null when it does.</summary>
    private static string? ProblemWith(Type type, string value)
    {
        if (type == typeof(string) || value.Length == 0)
        {
            return null; // the validators judge strings, and an empty value leaves the default
        }

        return Converts(type, value) ? null : Allowed(type);
    }

    /// <summary>
    /// The conversions of the configuration binder's source generator (src/Directory.Build.props turns it on), which
    /// binds these values in the JIT build and in the Native AOT binary alike: invariant culture, integers without
    /// hexadecimal, enum names in any case.
    /// </summary>
    private static bool Converts(Type type, string value) => type switch
    {
        _ when type.IsEnum => Enum.TryParse(type, value, ignoreCase: true, out _),
        _ when type == typeof(bool) => bool.TryParse(value, out _),
        _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(double) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(decimal) => decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(TimeSpan) => TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(DateTimeOffset) => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ when type == typeof(Uri) => Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out _),
        _ => throw new InvalidOperationException($"No conversion for settings of type {type.Name}; add it here."),
    };

    private static string Allowed(Type type) => type switch
    {
        _ when type.IsEnum => "allowed: " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant())),
        _ when type == typeof(bool) => "allowed: true, false",
        _ when type == typeof(TimeSpan) => "allowed: a duration as [d.]hh:mm:ss[.fff], e.g. 00:00:30 for 30 seconds",
        _ when type == typeof(int) => $"allowed: a whole number up to {int.MaxValue.ToString(CultureInfo.InvariantCulture)}",
        _ when type == typeof(long) => "allowed: a whole number",
        _ when type == typeof(double) || type == typeof(decimal) => "allowed: a number such as 2.5",
        _ => $"allowed: a {type.Name} value",
    };

    /// <summary>The key as docs spell it (environment variables arrive as KINESISFLOW:...).</summary>
    private static string Normalize(string key) => KinesisFlowOptions.SectionName + key[KinesisFlowOptions.SectionName.Length..];
}
