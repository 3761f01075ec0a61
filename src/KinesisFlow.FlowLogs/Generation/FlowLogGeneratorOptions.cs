namespace KinesisFlow.FlowLogs.Generation;

/// <summary>A log group the generator writes to, and the format of its flow log.</summary>
public sealed record GeneratedLogGroup(string Name, FlowLogFormat Format);

/// <summary>The shape of generated traffic. The defaults give a realistic mix for benchmarks and demos.</summary>
public sealed class FlowLogGeneratorOptions
{
    /// <summary>The log groups records are spread over (each record belongs to one).</summary>
    public IReadOnlyList<GeneratedLogGroup> LogGroups { get; init; } = [new("/aws/vpc/flow-logs", FlowLogFormat.DefaultV2)];

    public int MinEventsPerRecord { get; init; } = 50;

    public int MaxEventsPerRecord { get; init; } = 500;

    /// <summary>The share of records that are CONTROL_MESSAGEs (none by default).</summary>
    public double ControlMessageRatio { get; init; }

    public int Accounts { get; init; } = 3;

    public int InterfacesPerAccount { get; init; } = 4;

    public double Ipv6Ratio { get; init; } = 0.15;

    public double RejectRatio { get; init; } = 0.2;

    /// <summary>The share of lines that are NODATA; as many again, halved, are SKIPDATA.</summary>
    public double NoDataRatio { get; init; } = 0.02;

    /// <summary>Unix seconds of the first flow (the generator's clock advances from there; no wall clock is read).</summary>
    public long StartUnixSeconds { get; init; } = 1_763_000_000;

    internal void Validate()
    {
        if (LogGroups.Count == 0)
        {
            throw new ArgumentException("At least one log group is needed.", nameof(LogGroups));
        }

        if (MinEventsPerRecord < 1 || MaxEventsPerRecord < MinEventsPerRecord)
        {
            throw new ArgumentException("Events per record must satisfy 1 <= min <= max.", nameof(MinEventsPerRecord));
        }

        if (Accounts < 1 || InterfacesPerAccount < 1)
        {
            throw new ArgumentException("At least one account and one interface are needed.", nameof(Accounts));
        }
    }
}
