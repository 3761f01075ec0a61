using System.Buffers;
using System.Text;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Output;
using KinesisFlow.Sinks;

namespace KinesisFlow.Cli;

/// <summary>
/// The events of one <c>redrive</c> batch, serialized once per output format the sinks want and kept apart per shard
/// (a sink dead-letters a refused event under its batch's shard, so the new dead letters keep their origin): events a
/// sink refused before, as they were, and the events of records decoded again. Each event is numbered once for all
/// formats (<see cref="RedrivePart.Ordinals"/>), so that a refusal by sinks of different formats counts once. Not
/// thread-safe.
/// </summary>
internal sealed class RedriveBatch : IFlowRecordHandler, IDisposable
{
    private readonly string[] _formats;
    private readonly IFlowRecordWriter[] _writers;
    private readonly Dictionary<string, ShardBuilders> _byShard = new(StringComparer.Ordinal);
    private ShardBuilders? _record;
    private string _sequenceNumber = string.Empty;
    private bool _recordBegun;

    public RedriveBatch(IReadOnlyList<string> formats, FlowOutputOptions outputOptions)
    {
        _formats = [.. formats];
        _writers = [.. formats.Select(format => FlowOutputFormats.Create(format, outputOptions))];
    }

    /// <summary>Events added since the last <see cref="Build"/>.</summary>
    public int Events { get; private set; }

    /// <summary>Bytes serialized since the last <see cref="Build"/>, over every format.</summary>
    public long Bytes { get; private set; }

    /// <summary>Whether a sink of <paramref name="format"/> is among the targets.</summary>
    public bool Takes(string format) => _formats.Contains(format, StringComparer.Ordinal);

    /// <summary>Adds an event a sink refused, in the format it was serialized in (every format when unknown).</summary>
    public void AddRejected(RedriveLetter letter)
    {
        var shard = BuildersOf(letter.ShardId);
        for (var i = 0; i < _formats.Length; i++)
        {
            if (letter.Format is null || letter.Format == _formats[i])
            {
                shard.Builders[i].BeginRecord(SequenceOf(letter), letter.LogGroup ?? string.Empty, letter.Encoding);
                shard.Builders[i].Write(letter.Data);
                shard.Builders[i].EndEvent();
                shard.Ordinals[i].Add(Events);
                Bytes += letter.Data.Length + 1;
            }
        }

        Events++;
    }

    /// <summary>Gets ready for the events of one record decoded again (<see cref="Handle"/> receives them).</summary>
    public void BeginDecoded(RedriveLetter letter)
    {
        _record = BuildersOf(letter.ShardId);
        _sequenceNumber = SequenceOf(letter);
        _recordBegun = false;
    }

    public void Handle(in FlowRecord record)
    {
        if (!_recordBegun)
        {
            var logGroup = Encoding.UTF8.GetString(record.Context.LogGroup);
            for (var i = 0; i < _formats.Length; i++)
            {
                _record!.Builders[i].BeginRecord(_sequenceNumber, logGroup, OutputFormats.EncodingOf(_formats[i], record.Format));
            }

            _recordBegun = true;
        }

        var builders = _record!.Builders;
        for (var i = 0; i < _formats.Length; i++)
        {
            var before = builders[i].Length;
            _writers[i].Write(record, builders[i]);
            builders[i].EndEvent();
            _record.Ordinals[i].Add(Events);
            Bytes += builders[i].Length - before;
        }

        Events++;
    }

    /// <summary>The batches to send, each with its format and event numbers; the caller disposes them. Resets the batch.</summary>
    public List<RedrivePart> Build()
    {
        var batches = new List<RedrivePart>();
        foreach (var shard in _byShard.Values)
        {
            for (var i = 0; i < _formats.Length; i++)
            {
                if (shard.Builders[i].Build() is { } batch)
                {
                    if (batch.Count > 0)
                    {
                        batches.Add(new RedrivePart(_formats[i], batch, [.. shard.Ordinals[i]]));
                    }
                    else
                    {
                        batch.Dispose();
                    }
                }

                shard.Ordinals[i].Clear();
            }
        }

        Events = 0;
        Bytes = 0;
        return batches;
    }

    public void Dispose()
    {
        foreach (var shard in _byShard.Values)
        {
            foreach (var builder in shard.Builders)
            {
                builder.Dispose();
            }
        }

        _byShard.Clear();
    }

    // Dead letters of `decode` have no shard; their events still need one for the batch.
    private ShardBuilders BuildersOf(string? shardId)
    {
        shardId ??= "unknown";
        if (!_byShard.TryGetValue(shardId, out var shard))
        {
            shard = new ShardBuilders([.. _formats.Select(_ => new EventBatchBuilder(shardId))], [.. _formats.Select(_ => new List<int>())]);
            _byShard[shardId] = shard;
        }

        return shard;
    }

    private static string SequenceOf(RedriveLetter letter) => string.IsNullOrEmpty(letter.SequenceNumber) ? "unknown" : letter.SequenceNumber;

    /// <summary>A shard's builder per format, and the number of each event written to it.</summary>
    private sealed record ShardBuilders(EventBatchBuilder[] Builders, List<int>[] Ordinals);
}
