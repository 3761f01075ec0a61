namespace KinesisFlow.FlowLogs;

/// <summary>Running totals of a decoder: what the CLI summary and the service's metrics report.</summary>
public readonly record struct DecodeCounts(long Records, long ControlMessages, long Events, long RecordErrors, long LineErrors)
{
    /// <summary>Every dead letter: whole records plus single lines.</summary>
    public long Errors => RecordErrors + LineErrors;

    public static DecodeCounts operator +(DecodeCounts left, DecodeCounts right) => new(
        left.Records + right.Records,
        left.ControlMessages + right.ControlMessages,
        left.Events + right.Events,
        left.RecordErrors + right.RecordErrors,
        left.LineErrors + right.LineErrors);

    public static DecodeCounts Add(DecodeCounts left, DecodeCounts right) => left + right;
}
