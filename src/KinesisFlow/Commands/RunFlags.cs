using System.CommandLine;

namespace KinesisFlow.Cli;

/// <summary>
/// The flags of <c>kinesisflow run</c>, in the AWS CLI's manner, and the configuration keys they set. A flag wins over
/// environment variables and appsettings.json; a flag not given leaves the key alone.
/// </summary>
internal sealed class RunFlags
{
    public Option<string?> Stream { get; } = Flag("--stream", "NAME", "The Kinesis stream to consume.");

    public Option<string?> Region { get; } = AwsFlags.Region();

    /// <summary>Not a setting: it is AWS_PROFILE for the process (see <see cref="AwsFlags"/>).</summary>
    public Option<string?> Profile { get; } = AwsFlags.Profile();

    public Option<string?> EndpointUrl { get; } = Flag("--endpoint-url", "URL", "Kinesis endpoint (a VPC endpoint or a local emulator).");

    public Option<string?> DynamoDbEndpointUrl { get; } = Flag("--dynamodb-endpoint-url", "URL", "DynamoDB endpoint for the lease table.");

    public Option<string?> LeaseTable { get; } = Flag("--lease-table", "NAME", "DynamoDB lease table shared by every instance (created when missing).");

    public Option<string?> WorkerId { get; } = Flag("--worker-id", "ID", "This worker's id in the lease table (default: host name and process id).");

    public Option<string[]> Sinks { get; } = SinkFlag();

    public Option<string?> LogFormat { get; } = Flag("--log-format", "FORMAT", "The flow log format of every log group ('${version} ${account-id} ...'); default v2.");

    public Option<string?> Formats { get; } = Flag("--formats", "FILE", "JSON file mapping log-group names or globs to flow log formats (as for decode).");

    public Option<string?> InitialPosition { get; } = Flag("--initial-position", "POSITION", "Where a shard without checkpoint starts: trim-horizon (default), latest, at-timestamp:2026-11-26T10:00:00Z.")
        .Offering("trim-horizon", "latest", "at-timestamp:");

    public Option<string?> Mode { get; } = Flag("--mode", "polling|fanout", "polling (GetRecords, default) or fanout (enhanced fan-out, SubscribeToShard).")
        .Offering("polling", "fanout");

    public Option<string?> HttpListen { get; } = Flag("--http-listen", "ADDRESS", "Serve /metrics and /health on this address, e.g. 127.0.0.1:9464.");

    public Option<bool> JsonLogs { get; } = new("--json-logs") { Description = "Write logs (to stderr) as JSON lines." };

    public IEnumerable<Option> All => [Stream, Region, Profile, EndpointUrl, DynamoDbEndpointUrl, LeaseTable, WorkerId, Sinks, LogFormat, Formats, InitialPosition, Mode, HttpListen, JsonLogs];

    /// <summary>The configuration key each valued flag sets (--sink is separate: its list replaces the configured one).</summary>
    private (Option<string?> Flag, string Key)[] Keys =>
    [
        (Stream, "KinesisFlow:Kinesis:StreamName"),
        (Region, "KinesisFlow:Kinesis:Region"),
        (EndpointUrl, "KinesisFlow:Kinesis:EndpointUrl"),
        (DynamoDbEndpointUrl, "KinesisFlow:Leases:EndpointUrl"),
        (LeaseTable, "KinesisFlow:Leases:TableName"),
        (WorkerId, "KinesisFlow:Leases:WorkerId"),
        (LogFormat, "KinesisFlow:FlowLogs:LogFormat"),
        (Formats, "KinesisFlow:FlowLogs:FormatsFile"),
        (InitialPosition, "KinesisFlow:Kinesis:InitialPosition"),
        (Mode, "KinesisFlow:Kinesis:Mode"),
        (HttpListen, "KinesisFlow:Observability:HttpListen"),
    ];

    /// <summary>The flag that sets each configuration key, for messages that name both (case-insensitive keys).</summary>
    public static IReadOnlyDictionary<string, string> FlagsByKey { get; } = BuildFlagsByKey();

    /// <summary>The configuration keys the given flags set (sinks are separate: the list replaces the configured one).</summary>
    public Dictionary<string, string?> ToConfiguration(ParseResult parseResult)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (flag, key) in Keys)
        {
            Set(settings, key, parseResult.GetValue(flag));
        }

        if (parseResult.GetValue(JsonLogs))
        {
            settings["Logging:Console:FormatterName"] = "json";
        }

        return settings;
    }

    private static Dictionary<string, string> BuildFlagsByKey()
    {
        var byKey = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["KinesisFlow:Sinks:Specs"] = "--sink" };
        foreach (var (flag, key) in new RunFlags().Keys)
        {
            byKey[key] = flag.Name;
        }

        return byKey;
    }

    private static void Set(Dictionary<string, string?> settings, string key, string? value)
    {
        if (value is not null)
        {
            settings[key] = value;
        }
    }

    /// <summary>The repeatable <c>--sink SPEC</c> flag, shared by the commands that send events (run, redrive).</summary>
    public static Option<string[]> SinkFlag() => new("--sink")
    {
        Description = "Where events go; repeatable: stdout, file:PATH, http:URL, sekoia[:URL|REGION], optionally KIND+FORMAT (stdout+ecs).",
        HelpName = "SPEC",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private static Option<string?> Flag(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };
}
