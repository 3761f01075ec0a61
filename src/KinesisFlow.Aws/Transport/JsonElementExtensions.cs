using System.Globalization;
using System.Text.Json;

namespace KinesisFlow.Aws;

/// <summary>
/// Reading AWS JSON responses the way every emulator writes them: a property that is missing and one that is an
/// explicit null (kinesis-mock writes those) mean the same thing.
/// </summary>
public static class JsonElementExtensions
{
    public static bool TryGetNonNull(this JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    public static string? GetStringOrNull(this JsonElement obj, string name) =>
        obj.TryGetNonNull(name, out var value) ? value.GetString() : null;

    public static string GetRequiredString(this JsonElement obj, string name) =>
        obj.GetStringOrNull(name) ?? throw MissingProperty(name);

    /// <summary>A property that must be present and not null (an object, usually).</summary>
    public static JsonElement GetRequired(this JsonElement obj, string name) =>
        obj.TryGetNonNull(name, out var value) ? value : throw MissingProperty(name);

    public static long? GetInt64OrNull(this JsonElement obj, string name) =>
        obj.TryGetNonNull(name, out var value) ? value.GetInt64() : null;

    public static int? GetInt32OrNull(this JsonElement obj, string name) =>
        obj.TryGetNonNull(name, out var value) ? value.GetInt32() : null;

    public static bool? GetBooleanOrNull(this JsonElement obj, string name) =>
        obj.TryGetNonNull(name, out var value) ? value.GetBoolean() : null;

    /// <summary>AWS JSON 1.1 timestamps are epoch seconds (with a fraction); ISO-8601 strings are accepted too.</summary>
    public static DateTimeOffset? GetTimestampOrNull(this JsonElement obj, string name)
    {
        if (!obj.TryGetNonNull(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(value.GetDouble() * 1000));
    }

    /// <summary>The elements of an array property, or none when it is missing or null.</summary>
    public static IReadOnlyList<T> GetArrayOrEmpty<T>(this JsonElement obj, string name, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!obj.TryGetNonNull(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var items = new List<T>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            items.Add(read(item));
        }

        return items;
    }

    /// <summary>Writes an AWS JSON 1.1 timestamp: epoch seconds with millisecond precision.</summary>
    public static void WriteTimestamp(this Utf8JsonWriter writer, string name, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumber(name, timestamp.ToUnixTimeMilliseconds() / 1000m);
    }

    private static AwsServiceException MissingProperty(string name) =>
        new("InvalidResponse", $"The response lacks the required property '{name}'.", System.Net.HttpStatusCode.OK, null);
}
