using System.Buffers;
using System.Text;
using KinesisFlow.Aws;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Filtering;
using KinesisFlow.FlowLogs.Output;
using KinesisFlow.Sinks;

namespace KinesisFlow.Consumer.Pipeline;

/// <summary>
/// Decodes one shard's records and serializes their events into one batch per output format the sinks want, collecting
/// dead letters alongside; <see cref="TakeDelivery"/> cuts a <see cref="Delivery"/> at a record boundary. Every record
/// is part of a delivery, even one with no events (a CONTROL_MESSAGE, a dead-lettered record, a record whose events the
/// <see cref="FlowRecordFilter"/> all dropped), so the checkpoint can pass it once the delivery is acknowledged.
/// Not thread-safe: one per shard task.
/// </summary>
internal sealed class DeliveryAssembler : IFlowRecordHandler, IDeadLetterHandler, IDisposable
{
    private readonly string _streamName;
    private readonly string _shardId;
    private readonly FlowRecordDecoder _decoder;
    private readonly FormatSlot[] _slots;
    private readonly ConsumerInstruments _telemetry;
    private readonly FlowRecordFilter _filter;
    private ArrayBufferWriter<byte>? _deadLetters;
    private string? _currentSequence;
    private bool _recordBegun;
    private string? _firstSequence;
    private string? _lastSequence;
    private int _records;
    private int _events;
    private int _filteredInRecord;
    private long _oldestEnd = long.MaxValue;

    public DeliveryAssembler(
        string streamName,
        string shardId,
        FormatMap formats,
        FlowDecoderOptions decoderOptions,
        IReadOnlyList<string> outputFormats,
        ConsumerInstruments telemetry,
        FlowRecordFilter? filter = null,
        FlowOutputOptions? outputOptions = null)
    {
        _streamName = streamName;
        _shardId = shardId;
        _decoder = new FlowRecordDecoder(formats, decoderOptions);
        _telemetry = telemetry;
        _filter = filter ?? FlowRecordFilter.None;
        _slots = new FormatSlot[outputFormats.Count];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new FormatSlot(outputFormats[i], FlowOutputFormats.Create(outputFormats[i], outputOptions), new EventBatchBuilder(shardId));
        }
    }

    /// <summary>Bytes serialized so far in the largest format: what a batch-size limit compares with.</summary>
    public int PendingBytes
    {
        get
        {
            var largest = 0;
            foreach (var slot in _slots)
            {
                largest = Math.Max(largest, slot.Builder.Length);
            }

            return largest;
        }
    }

    /// <summary>Decodes one record into the pending delivery.</summary>
    public void Add(KinesisRecord record)
    {
        _currentSequence = record.SequenceNumber;
        _recordBegun = false;
        _filteredInRecord = 0;
        var result = _decoder.Decode(record.Data.Span, this, this, new KinesisRecordContext(_shardId, record.SequenceNumber));
        if (!_recordBegun)
        {
            // No event came out of it, yet the record must be part of the delivery to be checkpointed past.
            BeginRecord(string.Empty, EventEncoding.Json, null);
        }

        _firstSequence ??= record.SequenceNumber;
        _lastSequence = record.SequenceNumber;
        _records++;
        _events += result.Events - _filteredInRecord;
        if (result.Events > 0)
        {
            _telemetry.EventsParsed(_streamName, _shardId, result.Events);
        }

        if (_filteredInRecord > 0)
        {
            _telemetry.EventsFiltered(_streamName, _shardId, _filteredInRecord);
        }
    }

    /// <summary>Hands the decoder's pooled buffers back while the shard has nothing to decode (they are rented again on the next record).</summary>
    public void ReleaseBuffers() => _decoder.ReleaseBuffers();

    /// <summary>The records added since the last call, as a delivery; null when none were added.</summary>
    public Delivery? TakeDelivery()
    {
        if (_lastSequence is null)
        {
            return null;
        }

        var batches = new FormattedBatch[_slots.Length];
        for (var i = 0; i < _slots.Length; i++)
        {
            batches[i] = new FormattedBatch(_slots[i].Format, _slots[i].Builder.Build()!);
        }

        var delivery = new Delivery(_shardId, batches, _deadLetters?.WrittenMemory ?? default, _firstSequence!, _lastSequence, _records, _events)
        {
            OldestFlowEnd = _oldestEnd == long.MaxValue ? null : _oldestEnd,
        };
        _deadLetters = null;
        _oldestEnd = long.MaxValue;
        _firstSequence = _lastSequence = null;
        _records = _events = 0;
        return delivery;
    }

    void IFlowRecordHandler.Handle(in FlowRecord record)
    {
        // A dropped event is still parsed (counted above) but never written; its record is begun with no events if
        // none of its events pass, so it is acknowledged and checkpointed like any other.
        if (_filter.IsActive && !_filter.Accepts(record))
        {
            _filteredInRecord++;
            return;
        }

        if (!_recordBegun)
        {
            BeginRecord(Encoding.UTF8.GetString(record.Context.LogGroup), default, record.Format);
        }

        foreach (var slot in _slots)
        {
            slot.Writer.Write(record, slot.Builder);
            slot.Builder.EndEvent();
        }

        // The oldest flow in the delivery gives the sinks' event lag (now minus the flow's end).
        if (record.TryGetNumber(FlowField.End, out var end) && end < _oldestEnd)
        {
            _oldestEnd = end;
        }
    }

    void IDeadLetterHandler.Handle(in DeadLetter letter)
    {
        // Dead letters are rare: a buffer of their own per delivery, written to the dead-letter file with it.
        _deadLetters ??= new ArrayBufferWriter<byte>(4096);
        DeadLetterJsonWriter.Write(letter, _deadLetters);
        _deadLetters.GetSpan(1)[0] = (byte)'\n';
        _deadLetters.Advance(1);
        _telemetry.RecordsDeadLettered(_streamName, _shardId, TelemetryReason(letter.Reason));
    }

    public void Dispose()
    {
        _decoder.Dispose();
        foreach (var slot in _slots)
        {
            slot.Builder.Dispose();
        }
    }

    private void BeginRecord(string logGroup, EventEncoding fallback, FlowLogFormat? logFormat)
    {
        foreach (var slot in _slots)
        {
            var encoding = logFormat is null ? fallback : OutputFormats.EncodingOf(slot.Format, logFormat);
            slot.Builder.BeginRecord(_currentSequence!, logGroup, encoding);
        }

        _recordBegun = true;
    }

    private static string TelemetryReason(DeadLetterReason reason) => reason switch
    {
        DeadLetterReason.NotGzip or DeadLetterReason.KplAggregated => Telemetry.DeadLetterReasons.NotGzip,
        DeadLetterReason.CorruptGzip => Telemetry.DeadLetterReasons.CorruptGzip,
        DeadLetterReason.TooLarge => Telemetry.DeadLetterReasons.TooLarge,
        DeadLetterReason.InvalidJson or DeadLetterReason.WrongShape => Telemetry.DeadLetterReasons.InvalidEnvelope,
        DeadLetterReason.WrongFieldCount or DeadLetterReason.BadNumber => Telemetry.DeadLetterReasons.UnparsableLine,
        _ => Telemetry.DeadLetterReasons.Other,
    };

    private readonly record struct FormatSlot(string Format, IFlowRecordWriter Writer, EventBatchBuilder Builder);
}
