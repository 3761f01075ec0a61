namespace KinesisFlow.Sinks;

/// <summary>
/// One Kinesis record's share of a batch: its sequence number and log group, how its events are encoded, and the index
/// one past its last event in the batch. Records appear in stream order; a large record split across batches appears
/// in each of them with the same sequence number.
/// </summary>
public readonly record struct BatchRecord(string SequenceNumber, string LogGroup, EventEncoding Encoding, int EndEvent);
