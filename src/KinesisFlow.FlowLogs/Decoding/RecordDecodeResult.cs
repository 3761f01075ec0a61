namespace KinesisFlow.FlowLogs;

/// <summary>What became of one Kinesis record.</summary>
public enum RecordOutcome
{
    /// <summary>A DATA_MESSAGE: its lines went to the handler (bad lines, if any, to the dead-letter handler).</summary>
    Data,

    /// <summary>A CONTROL_MESSAGE: no events, not an error.</summary>
    Control,

    /// <summary>The whole record was dead-lettered; no event of it reached the handler.</summary>
    DeadLettered,
}

/// <summary>The outcome of decoding one Kinesis record.</summary>
public readonly record struct RecordDecodeResult(RecordOutcome Outcome, int Events, int LineErrors, int DecompressedBytes);
