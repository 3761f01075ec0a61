namespace KinesisFlow.FlowLogs.Generation;

/// <summary>One generated Kinesis record: its data (a gzip'd CloudWatch Logs envelope) and what is inside.</summary>
public sealed record GeneratedRecord(
    byte[] Data,
    bool IsControl,
    string LogGroup,
    string LogStream,
    FlowLogFormat Format,
    IReadOnlyList<CloudWatchLogEvent> Events);
