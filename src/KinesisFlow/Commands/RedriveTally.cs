using KinesisFlow.Sinks;

namespace KinesisFlow.Cli;

/// <summary>
/// What one <c>redrive</c> batch came to. Per sink: the events it acknowledged and those it refused again. In all,
/// each event once, however many sinks it went to: refused when any sink refused it, sent when every sink it went to
/// acknowledged it. A refused event is told apart by its shard, sequence number and bytes within its part, and the
/// parts' event numbers say which events of different formats are one.
/// </summary>
internal sealed record RedriveTally(long EventsSent, long Refused, long[] SentBySink, long[] RefusedBySink)
{
    /// <summary>
    /// Tallies a batch of <paramref name="events"/> events sent as <paramref name="parts"/> to <paramref name="sinks"/>
    /// (each named as its refusals name it, with its output format), given every event they refused.
    /// </summary>
    public static RedriveTally Of(IReadOnlyList<(string Name, string Format)> sinks, IReadOnlyList<RedrivePart> parts, int events, IReadOnlyList<RejectedEvent> refusals)
    {
        var sentBySink = new long[sinks.Count];
        var refusedBySink = new long[sinks.Count];
        var refused = new HashSet<int>();
        var matched = new bool[refusals.Count];
        long unmatched = 0;
        for (var s = 0; s < sinks.Count; s++)
        {
            var sink = sinks[s];
            var given = new PartEvents(parts, sink.Format);
            for (var r = 0; r < refusals.Count; r++)
            {
                if (matched[r] || !IsFrom(refusals[r], sink))
                {
                    continue;
                }

                matched[r] = true;
                refusedBySink[s]++;
                if (given.TryTake(refusals[r], out var ordinal))
                {
                    refused.Add(ordinal);
                }
                else
                {
                    unmatched++;
                }
            }

            sentBySink[s] = Math.Max(0, given.Count - refusedBySink[s]);
        }

        // A refusal no sink or event can be found for (not expected) still counts, once.
        foreach (var found in matched)
        {
            unmatched += found ? 0 : 1;
        }

        var refusedEvents = Math.Min(events, refused.Count + unmatched);
        return new RedriveTally(events - refusedEvents, refusedEvents, sentBySink, refusedBySink);
    }

    /// <summary>Whether <paramref name="sink"/> refused it: by name, and format (one URL can be given in two formats).</summary>
    private static bool IsFrom(RejectedEvent refusal, (string Name, string Format) sink) =>
        string.Equals(refusal.Sink, sink.Name, StringComparison.Ordinal) && (refusal.Format is null || refusal.Format == sink.Format);

    /// <summary>The events of the parts of one format, found by shard, sequence number and bytes; each found once.</summary>
    private sealed class PartEvents(IReadOnlyList<RedrivePart> parts, string format)
    {
        private Dictionary<(string Shard, string Sequence, int Hash), List<(RedrivePart Part, int Index)>>? _byKey;

        /// <summary>How many events the parts of this format hold: what its sinks were sent.</summary>
        public long Count
        {
            get
            {
                long count = 0;
                foreach (var part in parts)
                {
                    count += part.Format == format ? part.Batch.Count : 0;
                }

                return count;
            }
        }

        public bool TryTake(RejectedEvent refusal, out int ordinal)
        {
            _byKey ??= Index();
            if (_byKey.TryGetValue((refusal.ShardId ?? string.Empty, refusal.SequenceNumber ?? string.Empty, HashOf(refusal.Data.Span)), out var candidates))
            {
                for (var i = 0; i < candidates.Count; i++)
                {
                    var (part, index) = candidates[i];
                    if (part.Batch.GetEvent(index).Span.SequenceEqual(refusal.Data.Span))
                    {
                        candidates.RemoveAt(i);
                        ordinal = part.Ordinals[index];
                        return true;
                    }
                }
            }

            ordinal = -1;
            return false;
        }

        private static int HashOf(ReadOnlySpan<byte> data)
        {
            var hash = default(HashCode);
            hash.AddBytes(data);
            return hash.ToHashCode();
        }

        private Dictionary<(string, string, int), List<(RedrivePart, int)>> Index()
        {
            var byKey = new Dictionary<(string, string, int), List<(RedrivePart, int)>>();
            foreach (var part in parts)
            {
                if (part.Format != format)
                {
                    continue;
                }

                for (var i = 0; i < part.Batch.Count; i++)
                {
                    var key = (part.Batch.ShardId, part.Batch.GetRecordOf(i).SequenceNumber, HashOf(part.Batch.GetEvent(i).Span));
                    if (!byKey.TryGetValue(key, out var list))
                    {
                        list = [];
                        byKey[key] = list;
                    }

                    list.Add((part, i));
                }
            }

            return byKey;
        }
    }
}
