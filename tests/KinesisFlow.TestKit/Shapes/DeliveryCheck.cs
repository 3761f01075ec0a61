using System.Collections;
using System.Text;

namespace KinesisFlow.TestKit.Shapes;

/// <summary>
/// Whether every event of a backlog was delivered: one bit per expected event (a backlog of millions of events costs
/// kilobytes, not a set of strings), duplicates counted (delivery is at least once, so they are allowed but worth
/// reporting), ids that are not the backlog's counted as foreign. Reads sinks' NDJSON files incrementally: each call
/// of <see cref="ReadNdjson"/> reads only what was appended since the last one, so waiting on a growing file is cheap.
/// </summary>
public sealed class DeliveryCheck(ShapedEventIds ids, long expected)
{
    private static readonly byte[] EventIdMember = "\"event_id\":\""u8.ToArray();

    private readonly BitArray _delivered = new(checked((int)expected));
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);

    public long Expected { get; } = expected;

    /// <summary>Distinct expected events seen.</summary>
    public long Delivered { get; private set; }

    /// <summary>Expected events seen again.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Event ids that belong to no event of the backlog.</summary>
    public long Foreign { get; private set; }

    public bool AllDelivered => Delivered == Expected;

    /// <summary>Counts one delivered event id (UTF-8).</summary>
    public void Record(ReadOnlySpan<byte> eventId)
    {
        if (!ids.TryParse(eventId, out var ordinal) || ordinal >= Expected)
        {
            Foreign++;
        }
        else if (_delivered[(int)ordinal])
        {
            Duplicates++;
        }
        else
        {
            _delivered[(int)ordinal] = true;
            Delivered++;
        }
    }

    /// <summary>Counts one delivered event id.</summary>
    public void Record(string eventId) => Record(Encoding.ASCII.GetBytes(eventId));

    /// <summary>
    /// Reads the complete lines appended to an NDJSON file (the <c>json</c> output: each line's
    /// <c>"event_id":"..."</c>) since the last call for the same path. A missing file reads as empty.
    /// </summary>
    public void ReadNdjson(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return;
        }

        var offset = _offsets.GetValueOrDefault(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        file.Position = offset;
        var buffer = new byte[1024 * 1024];
        var filled = 0;
        int read;
        while ((read = file.Read(buffer, filled, buffer.Length - filled)) > 0)
        {
            filled += read;
            var consumed = ReadLines(buffer.AsSpan(0, filled));
            offset += consumed;
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }

        _offsets[path] = offset;
    }

    /// <summary>What was delivered and, when something is missing, the first missing ids (for a failure message).</summary>
    public string Describe(int examples = 3)
    {
        var text = new StringBuilder($"{Delivered:N0} of {Expected:N0} events delivered, {Duplicates:N0} duplicates, {Foreign:N0} foreign ids");
        var shown = 0;
        for (var ordinal = 0; ordinal < Expected && shown < examples; ordinal++)
        {
            if (!_delivered[ordinal])
            {
                text.Append(shown == 0 ? "; missing e.g. " : ", ").Append(ids.Id(ordinal));
                shown++;
            }
        }

        return text.ToString();
    }

    // Returns how many bytes the complete lines took.
    private int ReadLines(ReadOnlySpan<byte> text)
    {
        var consumed = 0;
        int end;
        while ((end = text[consumed..].IndexOf((byte)'\n')) >= 0)
        {
            var line = text.Slice(consumed, end);
            var member = line.IndexOf(EventIdMember);
            if (member < 0)
            {
                Foreign++;
            }
            else
            {
                var value = line[(member + EventIdMember.Length)..];
                var close = value.IndexOf((byte)'"');
                Record(close < 0 ? value : value[..close]);
            }

            consumed += end + 1;
        }

        return consumed;
    }
}
