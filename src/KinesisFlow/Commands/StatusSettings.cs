namespace KinesisFlow.Cli;

/// <summary>The options of one <c>status</c> run.</summary>
internal sealed record StatusSettings(
    string StreamName,
    string LeaseTable,
    Uri? KinesisEndpoint,
    Uri? DynamoDbEndpoint,
    string? Region,
    bool Json,
    bool Watch,
    TimeSpan Interval);
