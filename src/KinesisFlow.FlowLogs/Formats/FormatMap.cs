using System.Text.Json;

namespace KinesisFlow.FlowLogs;

/// <summary>
/// Which flow log format each log group uses: log-group names or glob patterns mapped to formats, first match
/// wins, <see cref="Fallback"/> (the default v2 format unless told otherwise) when nothing matches.
/// The <c>--formats</c> file of <c>kinesisflow decode</c> and the service's configuration share this mapping.
/// </summary>
public sealed class FormatMap
{
    private readonly LogGroupPattern[] _patterns;
    private readonly FlowLogFormat[] _formats;

    public FormatMap(IEnumerable<KeyValuePair<string, FlowLogFormat>> entries, FlowLogFormat? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var patterns = new List<LogGroupPattern>();
        var formats = new List<FlowLogFormat>();
        foreach (var (pattern, format) in entries)
        {
            ArgumentNullException.ThrowIfNull(format);
            patterns.Add(new LogGroupPattern(pattern));
            formats.Add(format);
        }

        _patterns = [.. patterns];
        _formats = [.. formats];
        Fallback = fallback ?? FlowLogFormat.DefaultV2;
    }

    /// <summary>Every log group decodes with the default v2 format.</summary>
    public static FormatMap Default { get; } = new([]);

    /// <summary>The format used when no pattern matches.</summary>
    public FlowLogFormat Fallback { get; }

    /// <summary>The patterns in match order, with their formats.</summary>
    public IEnumerable<KeyValuePair<string, FlowLogFormat>> Entries
    {
        get
        {
            for (var i = 0; i < _patterns.Length; i++)
            {
                yield return new(_patterns[i].Pattern, _formats[i]);
            }
        }
    }

    /// <summary>Every log group decodes with <paramref name="format"/>.</summary>
    public static FormatMap Single(FlowLogFormat format) => new([], format);

    /// <summary>
    /// Builds a map from pattern → format-string pairs, in order. Throws <see cref="FlowLogFormatException"/>
    /// naming the pattern whose format is bad.
    /// </summary>
    public static FormatMap FromStrings(IEnumerable<KeyValuePair<string, string>> entries, FlowLogFormat? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var parsed = new List<KeyValuePair<string, FlowLogFormat>>();
        foreach (var (pattern, format) in entries)
        {
            try
            {
                parsed.Add(new(pattern, FlowLogFormat.Parse(format ?? string.Empty)));
            }
            catch (FlowLogFormatException e)
            {
                throw new FlowLogFormatException($"Format for log group '{pattern}': {e.Message}", e.FieldName);
            }
        }

        return new FormatMap(parsed, fallback);
    }

    /// <summary>
    /// Reads the JSON object shape (<c>{"/vpc/prod-*": "${version} ${vpc-id} ...", "/vpc/legacy": "..."}</c>),
    /// keeping the file's key order. Throws <see cref="FlowLogFormatException"/> with a one-line reason.
    /// </summary>
    public static FormatMap FromJson(ReadOnlySpan<byte> utf8Json)
    {
        var entries = new List<KeyValuePair<string, string>>();
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw NotAnObject();
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var pattern = reader.GetString()!;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    throw new FlowLogFormatException($"The format for log group '{pattern}' must be a JSON string.");
                }

                entries.Add(new(pattern, reader.GetString()!));
            }
        }
        catch (JsonException e)
        {
            throw new FlowLogFormatException($"The formats file is not valid JSON: {e.Message}", e);
        }

        return FromStrings(entries);

        static FlowLogFormatException NotAnObject() =>
            new("The formats file must be a JSON object mapping log-group names or glob patterns to format strings.");
    }

    /// <summary>The format of <paramref name="logGroup"/> (UTF-8 bytes, as found in the envelope). Allocates nothing.</summary>
    public FlowLogFormat Resolve(ReadOnlySpan<byte> logGroup)
    {
        for (var i = 0; i < _patterns.Length; i++)
        {
            if (_patterns[i].IsMatch(logGroup))
            {
                return _formats[i];
            }
        }

        return Fallback;
    }

    public FlowLogFormat Resolve(string logGroup) => Resolve(System.Text.Encoding.UTF8.GetBytes(logGroup));
}
