namespace KinesisFlow.TestKit.Shapes;

/// <summary>The Kinesis Data Streams size limits production traffic runs into, for sizing test traffic.</summary>
public static class KinesisLimits
{
    /// <summary>One record: its data plus its partition key (UTF-8) may not exceed 1 MiB.</summary>
    public const int MaxRecordBytes = 1024 * 1024;

    /// <summary>One PutRecords call: at most 500 records...</summary>
    public const int MaxPutRecordsCount = 500;

    /// <summary>...and 5 MiB of data and partition keys.</summary>
    public const int MaxPutRecordsBytes = 5 * 1024 * 1024;

    /// <summary>One GetRecords answer: at most 10,000 records...</summary>
    public const int MaxGetRecordsCount = 10_000;

    /// <summary>...and 10 MB of record data.</summary>
    public const int MaxGetRecordsBytes = 10 * 1000 * 1000;
}
