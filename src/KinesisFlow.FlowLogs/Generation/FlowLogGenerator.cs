using System.Globalization;
using System.Text;

namespace KinesisFlow.FlowLogs.Generation;

/// <summary>
/// Generates realistic VPC and Transit Gateway flow records and the Kinesis records that carry them, the same
/// for the same seed and options: a few accounts and interfaces, IPv4 and IPv6, ACCEPT/REJECT, NODATA/SKIPDATA,
/// 64-bit byte counts, any <see cref="FlowLogFormat"/>. For benchmarks, tests and <c>kinesisflow produce</c>.
/// </summary>
public sealed class FlowLogGenerator
{
    private static readonly string[] Regions = ["us-east-1", "eu-west-3", "ap-southeast-2"];
    private static readonly string[] AwsServices = ["AMAZON", "S3", "DYNAMODB", "EC2", "ROUTE53", "CLOUDFRONT"];
    private static readonly int[] WellKnownPorts = [22, 53, 80, 123, 443, 3306, 3389, 5432, 6379, 8080];
    private static readonly int[] TcpFlagValues = [0, 1, 2, 3, 4, 18, 19, 27];

    private readonly Random _random;
    private readonly FlowLogGeneratorOptions _options;
    private readonly GeneratedInterface[] _interfaces;
    private readonly StringBuilder _line = new();
    private long _clock;
    private long _eventSequence;

    public FlowLogGenerator(int seed, FlowLogGeneratorOptions? options = null)
    {
        _options = options ?? new FlowLogGeneratorOptions();
        _options.Validate();
        _random = new Random(seed);
        _clock = _options.StartUnixSeconds;
        _interfaces = CreateInterfaces();
    }

    /// <summary>The next Kinesis record: a CONTROL_MESSAGE now and then if asked for, else a DATA_MESSAGE.</summary>
    public GeneratedRecord NextRecord()
    {
        _clock += _random.Next(1, 30);
        if (_random.NextDouble() < _options.ControlMessageRatio)
        {
            var control = CloudWatchLogsEnvelope.ControlMessageJson(_clock * 1000);
            return new GeneratedRecord(CloudWatchLogsEnvelope.Gzip(control), true, string.Empty, string.Empty, FlowLogFormat.DefaultV2, []);
        }

        var group = _options.LogGroups[_random.Next(_options.LogGroups.Count)];
        var eni = Pick(_interfaces);
        var logStream = eni.InterfaceId + "-all";
        var count = _random.Next(_options.MinEventsPerRecord, _options.MaxEventsPerRecord + 1);
        var events = new CloudWatchLogEvent[count];
        for (var i = 0; i < count; i++)
        {
            var timestamp = (_clock * 1000) + i;
            events[i] = new CloudWatchLogEvent(NextEventId(timestamp), timestamp, NextLine(group.Format, eni));
        }

        var json = CloudWatchLogsEnvelope.DataMessageJson(eni.AccountId, group.Name, logStream, events);
        return new GeneratedRecord(CloudWatchLogsEnvelope.Gzip(json), false, group.Name, logStream, group.Format, events);
    }

    /// <summary>The next flow line in <paramref name="format"/>, for an interface of the simulated estate.</summary>
    public string NextLine(FlowLogFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return NextLine(format, Pick(_interfaces));
    }

    private string NextLine(FlowLogFormat format, GeneratedInterface eni)
    {
        var flow = GeneratedFlow.Create(_random, eni, _interfaces, _options, _clock);
        _line.Clear();
        foreach (var field in format.Fields)
        {
            if (_line.Length > 0)
            {
                _line.Append(' ');
            }

            _line.Append(flow.Value(field, format, _random) ?? "-");
        }

        return _line.ToString();
    }

    // CloudWatch Logs event ids are 56-digit decimal strings, unique per event.
    private string NextEventId(long timestamp) =>
        string.Create(CultureInfo.InvariantCulture, $"3{timestamp:D15}{_eventSequence++:D20}{_random.Next(0, 100_000_000):D8}{_random.Next(0, 100_000_000):D8}{_random.Next(0, 10_000):D4}");

    private GeneratedInterface[] CreateInterfaces()
    {
        var interfaces = new List<GeneratedInterface>();
        for (var a = 0; a < _options.Accounts; a++)
        {
            // The first account id keeps a leading zero, as real ones can.
            var account = a == 0 ? "0" + Digits(11) : Digits(12);
            var region = Regions[a % Regions.Length];
            var vpc = "vpc-" + Hex(17);
            for (var i = 0; i < _options.InterfacesPerAccount; i++)
            {
                interfaces.Add(new GeneratedInterface(
                    account,
                    "eni-" + Hex(17),
                    vpc,
                    "subnet-" + Hex(17),
                    i % 3 == 2 ? "-" : "i-" + Hex(17),
                    region,
                    $"{region[..2]}{region.Split('-')[1][0]}{region[^1]}-az{1 + (i % 3)}",
                    $"10.{a}.{_random.Next(0, 256)}.{_random.Next(1, 255)}",
                    $"2600:1f18:{a:x}:{i:x}::{_random.Next(1, 65535):x}"));
            }
        }

        return [.. interfaces];
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private string Digits(int count)
    {
        var digits = new char[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + _random.Next(10));
        }

        return new string(digits);
    }

    private string Hex(int count)
    {
        var hex = new char[count];
        for (var i = 0; i < count; i++)
        {
            hex[i] = "0123456789abcdef"[_random.Next(16)];
        }

        return new string(hex);
    }

    internal static string PickService(Random random) => AwsServices[random.Next(AwsServices.Length)];

    internal static int PickWellKnownPort(Random random) => WellKnownPorts[random.Next(WellKnownPorts.Length)];

    internal static int PickTcpFlags(Random random) => TcpFlagValues[random.Next(TcpFlagValues.Length)];
}
