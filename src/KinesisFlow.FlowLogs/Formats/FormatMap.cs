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
    private readonly FormatMapEntry[] _entries;

    public FormatMap(IEnumerable<KeyValuePair<string, FlowLogFormat>> entries, FlowLogFormat? fallback = null)
        : this(Checked(entries), fallback)
    {
    }

    /// <summary>A map whose entries may include formats that could not be parsed (see <see cref="FormatMapEntry"/>).</summary>
    public FormatMap(IEnumerable<FormatMapEntry> entries, FlowLogFormat? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = [.. entries];
        _patterns = Array.ConvertAll(_entries, entry => new LogGroupPattern(entry.Pattern));
        Fallback = fallback ?? FlowLogFormat.DefaultV2;
    }

    /// <summary>Every log group decodes with the default v2 format.</summary>
    public static FormatMap Default { get; } = new(Array.Empty<FormatMapEntry>());

    /// <summary>The format used when no pattern matches.</summary>
    public FlowLogFormat Fallback { get; }

    /// <summary>The patterns in match order, with their formats (the entries whose format could be parsed).</summary>
    public IEnumerable<KeyValuePair<string, FlowLogFormat>> Entries =>
        _entries.Where(entry => entry.Format is not null).Select(entry => new KeyValuePair<string, FlowLogFormat>(entry.Pattern, entry.Format!));

    /// <summary>Every entry in match order, those whose format could not be parsed included.</summary>
    public IReadOnlyList<FormatMapEntry> AllEntries => _entries;

    /// <summary>Every log group decodes with <paramref name="format"/>.</summary>
    public static FormatMap Single(FlowLogFormat format) => new(Array.Empty<FormatMapEntry>(), format);

    /// <summary>
    /// Builds a map from pattern → format-string pairs, in order. Throws <see cref="FlowLogFormatException"/>
    /// naming the pattern whose format is bad.
    /// </summary>
    public static FormatMap FromStrings(IEnumerable<KeyValuePair<string, string>> entries, FlowLogFormat? fallback = null) =>
        new(ParseEntries(entries, keepBadEntries: false), fallback);

    /// <summary>
    /// Parses each pattern's format; a format that cannot be parsed becomes an entry with its
    /// <see cref="FormatMapEntry.Problem"/> (naming the log group), so that the records of that log group can be
    /// dead-lettered while the others decode. Throws only for what is not a pattern → format pair at all.
    /// </summary>
    public static IReadOnlyList<FormatMapEntry> ParseEntries(IEnumerable<KeyValuePair<string, string>> entries, bool keepBadEntries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var parsed = new List<FormatMapEntry>();
        foreach (var (pattern, format) in entries)
        {
            try
            {
                parsed.Add(new FormatMapEntry(pattern, FlowLogFormat.Parse(format ?? string.Empty), null));
            }
            catch (FlowLogFormatException e)
            {
                var problem = new FlowLogFormatException($"Format for log group '{pattern}': {e.Message}", e.FieldName);
                if (!keepBadEntries)
                {
                    throw problem;
                }

                parsed.Add(new FormatMapEntry(pattern, null, problem.Message));
            }
        }

        return parsed;
    }

    /// <summary>
    /// Reads the JSON object shape (<c>{"/vpc/prod-*": "${version} ${vpc-id} ...", "/vpc/legacy": "..."}</c>),
    /// keeping the file's key order. Throws <see cref="FlowLogFormatException"/> with a one-line reason; with
    /// <paramref name="keepBadEntries"/>, a log group's format that cannot be parsed is kept as a problem entry
    /// instead (see <see cref="ParseEntries"/>), and only a file that is not such an object throws.
    /// </summary>
    public static FormatMap FromJson(ReadOnlySpan<byte> utf8Json, bool keepBadEntries = false)
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

        return new FormatMap(ParseEntries(entries, keepBadEntries));

        static FlowLogFormatException NotAnObject() =>
            new("The formats file must be a JSON object mapping log-group names or glob patterns to format strings.");
    }

    /// <summary>
    /// The format of <paramref name="logGroup"/> (UTF-8 bytes, as found in the envelope), or null with the reason
    /// when the entry that matches it has a format that could not be parsed. Allocates nothing.
    /// </summary>
    public FlowLogFormat? Resolve(ReadOnlySpan<byte> logGroup, out string? problem)
    {
        for (var i = 0; i < _patterns.Length; i++)
        {
            if (_patterns[i].IsMatch(logGroup))
            {
                problem = _entries[i].Problem;
                return _entries[i].Format;
            }
        }

        problem = null;
        return Fallback;
    }

    /// <summary>The format of <paramref name="logGroup"/>; throws when its entry's format could not be parsed.</summary>
    public FlowLogFormat Resolve(ReadOnlySpan<byte> logGroup) =>
        Resolve(logGroup, out var problem) ?? throw new FlowLogFormatException(problem!);

    public FlowLogFormat Resolve(string logGroup) => Resolve(System.Text.Encoding.UTF8.GetBytes(logGroup));

    private static IEnumerable<FormatMapEntry> Checked(IEnumerable<KeyValuePair<string, FlowLogFormat>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (pattern, format) in entries)
        {
            ArgumentNullException.ThrowIfNull(format);
            yield return new FormatMapEntry(pattern, format, null);
        }
    }
}

/// <summary>
/// One pattern of a <see cref="FormatMap"/>: its format, or, when the format could not be parsed, the
/// <paramref name="Problem"/> (a one-line reason naming the log group) its records are dead-lettered with.
/// </summary>
public sealed record FormatMapEntry(string Pattern, FlowLogFormat? Format, string? Problem);
