using System.Text.Json;
using KinesisFlow.FlowLogs;
using KinesisFlow.Sinks;

namespace KinesisFlow.Cli;

/// <summary>What <c>redrive</c> can do with one dead letter.</summary>
internal enum RedriveKind
{
    /// <summary>An event a sink refused (<c>sink_refused</c>, <c>event_too_large</c>): sent again as it is.</summary>
    Rejected,

    /// <summary>A record the decoder rejected as a whole: its data is decoded again with the current formats.</summary>
    Record,

    /// <summary>A line the decoder rejected: decoded again, in an envelope rebuilt from the dead letter.</summary>
    Line,

    /// <summary>Not redrivable; <see cref="RedriveLetter.Problem"/> says why.</summary>
    Unusable,
}

/// <summary>
/// One line of a dead-letter file, read for <c>redrive</c>: the fields of either shape (decoder dead letters as
/// <c>DeadLetterJsonWriter</c> writes them, sink dead letters as <c>DeadLetterFileSink</c> does) and the original bytes.
/// </summary>
internal sealed class RedriveLetter
{
    private static readonly HashSet<string> LineReasons = [DeadLetterReason.WrongFieldCount.Code(), DeadLetterReason.BadNumber.Code()];
    private static readonly HashSet<string> RecordReasons = [.. Enum.GetValues<DeadLetterReason>().Where(r => r.IsRecordLevel()).Select(r => r.Code())];

    public RedriveKind Kind { get; private set; }

    /// <summary>Why the letter cannot be redriven (for <see cref="RedriveKind.Unusable"/>).</summary>
    public string? Problem { get; private set; }

    public string? Reason { get; private set; }

    public string? Source { get; private set; }

    public string? ShardId { get; private set; }

    public string? SequenceNumber { get; private set; }

    public string? LogGroup { get; private set; }

    public string? LogStream { get; private set; }

    public string? Owner { get; private set; }

    public string? EventId { get; private set; }

    public long? Timestamp { get; private set; }

    /// <summary>A sink dead letter's output format (absent from those written before it was recorded).</summary>
    public string? Format { get; private set; }

    public EventEncoding Encoding { get; private set; }

    public byte[] Data { get; private set; } = [];

    /// <summary>Reads one line; never throws for bad input (it comes back as <see cref="RedriveKind.Unusable"/>).</summary>
    public static RedriveLetter Read(ReadOnlySpan<byte> line)
    {
        var letter = new RedriveLetter();
        string? encoding = null;
        var hasSink = false;
        var hasData = false;
        try
        {
            var json = new Utf8JsonReader(line);
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
            {
                return Unusable(letter, "not a JSON object");
            }

            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var name = json.GetString();
                json.Read();
                switch (name)
                {
                    case "reason": letter.Reason = StringOf(ref json); break;
                    case "source": letter.Source = StringOf(ref json); break;
                    case "sink": hasSink = true; json.Skip(); break;
                    case "shard_id": letter.ShardId = StringOf(ref json); break;
                    case "sequence_number": letter.SequenceNumber = StringOf(ref json); break;
                    case "log_group": letter.LogGroup = StringOf(ref json); break;
                    case "log_stream": letter.LogStream = StringOf(ref json); break;
                    case "owner": letter.Owner = StringOf(ref json); break;
                    case "event_id": letter.EventId = StringOf(ref json); break;
                    case "timestamp": letter.Timestamp = json.TokenType == JsonTokenType.Number ? json.GetInt64() : null; break;
                    case "format": letter.Format = StringOf(ref json); break;
                    case "encoding": encoding = StringOf(ref json); break;
                    case "data_base64":
                        letter.Data = json.TokenType == JsonTokenType.String ? json.GetBytesFromBase64() : [];
                        hasData = json.TokenType == JsonTokenType.String;
                        break;
                    default: json.Skip(); break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return Unusable(letter, $"not a JSON dead letter ({e.GetType().Name})");
        }

        if (!hasData)
        {
            return Unusable(letter, "no data_base64: nothing to send again");
        }

        if (hasSink || letter.Reason is RejectionReasons.Refused or RejectionReasons.TooLarge)
        {
            letter.Kind = RedriveKind.Rejected;
            // Sink dead letters written before "encoding" was recorded: a JSON event is an object, a text one a flow line.
            letter.Encoding = encoding switch
            {
                "text" => EventEncoding.Text,
                "json" => EventEncoding.Json,
                _ => letter.Data.AsSpan().TrimStart(" \t"u8).StartsWith("{"u8) ? EventEncoding.Json : EventEncoding.Text,
            };
            return letter;
        }

        if (letter.Reason is not null && RecordReasons.Contains(letter.Reason))
        {
            letter.Kind = RedriveKind.Record;
            return letter;
        }

        if (letter.Reason is not null && LineReasons.Contains(letter.Reason))
        {
            if (letter.Owner is null || letter.Timestamp is null || letter.LogGroup is null)
            {
                // Dead letters of lines written before they carried their envelope's owner and timestamp: sent again,
                // the line would become an event with no account and a 1970 time.
                return Unusable(letter, "a line dead letter without owner, timestamp or log_group (written by an older version): its event cannot be rebuilt");
            }

            letter.Kind = RedriveKind.Line;
            return letter;
        }

        return Unusable(letter, letter.Reason is null ? "no reason: not a dead letter" : $"unknown reason '{letter.Reason}'");
    }

    private static RedriveLetter Unusable(RedriveLetter letter, string problem)
    {
        letter.Kind = RedriveKind.Unusable;
        letter.Problem = problem;
        return letter;
    }

    private static string? StringOf(ref Utf8JsonReader json)
    {
        if (json.TokenType == JsonTokenType.String)
        {
            return json.GetString();
        }

        json.Skip();
        return null;
    }
}
