using System.Globalization;
using System.Text.Json;

namespace KinesisFlow.FlowLogs.Tests.Support;

/// <summary>
/// The straightforward reading of a flow line (string.Split, long.Parse), independent of the decoder, used to check
/// its json output on many lines: every field with a value under its snake_case key, numbers as numbers.
/// </summary>
internal static class FlowLineOracle
{
    public static Dictionary<string, object> Expected(string line, FlowLogFormat format)
    {
        var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(format.Count, tokens.Length);
        var expected = new Dictionary<string, object>();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (tokens[i] == "-")
            {
                continue;
            }

            var info = FlowFields.Info(format.Fields[i]);
            expected[info.AwsName.Replace('-', '_')] = info.IsNumeric ? long.Parse(tokens[i], CultureInfo.InvariantCulture) : tokens[i];
        }

        return expected;
    }

    /// <summary>The top-level flow fields of a json event (everything but the cloudwatch/kinesis objects).</summary>
    public static Dictionary<string, object> Actual(string json)
    {
        using var document = JsonDocument.Parse(json);
        var actual = new Dictionary<string, object>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Number:
                    actual[property.Name] = property.Value.GetInt64();
                    break;
                case JsonValueKind.String:
                    actual[property.Name] = property.Value.GetString()!;
                    break;
                case JsonValueKind.Object:
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected {property.Value.ValueKind} for {property.Name}.");
            }
        }

        return actual;
    }
}
