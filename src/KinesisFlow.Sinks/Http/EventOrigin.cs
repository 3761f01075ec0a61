namespace KinesisFlow.Sinks;

/// <summary>Where one event inside a request body came from and where it sits, so a rejected request can be dead-lettered event by event.</summary>
internal readonly record struct EventOrigin(string ShardId, string SequenceNumber, string LogGroup, EventEncoding Encoding, int Start, int Length);
