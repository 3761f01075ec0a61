using System.Buffers;
using System.Text;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Output;
using KinesisFlow.Sinks;

namespace KinesisFlow.Cli;

/// <summary>
/// The events of one <c>redrive</c> batch, serialized once per output format the sinks want and kept apart per shard
/// (a sink dead-letters a refused event under its batch's shard, so the new dead letters keep their origin): events a
/// sink refused before, as they were, and the events of records decoded again. Not thread-safe.
/// </summary>
internal sealed class RedriveBatch : IFlowRecordHandler, IDisposable
{
    private readonly string[] _formats;
    private readonly IFlowRecordWriter[] _writers;
    private readonly Dictionary<string, EventBatchBuilder[]> _byShard = new(StringComparer.Ordinal);
    private EventBatchBuilder[] _record = [];
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
        var builders = BuildersOf(letter.ShardId);
        for (var i = 0; i < _formats.Length; i++)
        {
            if (letter.Format is null || letter.Format == _formats[i])
            {
                builders[i].BeginRecord(SequenceOf(letter), letter.LogGroup ?? string.Empty, letter.Encoding);
                builders[i].Write(letter.Data);
                builders[i].EndEvent();
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
                _record[i].BeginRecord(_sequenceNumber, logGroup, OutputFormats.EncodingOf(_formats[i], record.Format));
            }

            _recordBegun = true;
        }

        for (var i = 0; i < _formats.Length; i++)
        {
            var before = _record[i].Length;
            _writers[i].Write(record, _record[i]);
            _record[i].EndEvent();
            Bytes += _record[i].Length - before;
        }

        Events++;
    }

    /// <summary>The batches to send, each with its format; the caller disposes them. Resets the batch.</summary>
    public List<(string Format, EventBatch Batch)> Build()
    {
        var batches = new List<(string, EventBatch)>();
        foreach (var builders in _byShard.Values)
        {
            for (var i = 0; i < _formats.Length; i++)
            {
                if (builders[i].Build() is { } batch)
                {
                    if (batch.Count > 0)
                    {
                        batches.Add((_formats[i], batch));
                    }
                    else
                    {
                        batch.Dispose();
                    }
                }
            }
        }

        Events = 0;
        Bytes = 0;
        return batches;
    }

    public void Dispose()
    {
        foreach (var builders in _byShard.Values)
        {
            foreach (var builder in builders)
            {
                builder.Dispose();
            }
        }

        _byShard.Clear();
    }

    // Dead letters of `decode` have no shard; their events still need one for the batch.
    private EventBatchBuilder[] BuildersOf(string? shardId)
    {
        shardId ??= "unknown";
        if (!_byShard.TryGetValue(shardId, out var builders))
        {
            builders = [.. _formats.Select(_ => new EventBatchBuilder(shardId))];
            _byShard[shardId] = builders;
        }

        return builders;
    }

    private static string SequenceOf(RedriveLetter letter) => string.IsNullOrEmpty(letter.SequenceNumber) ? "unknown" : letter.SequenceNumber;
}
