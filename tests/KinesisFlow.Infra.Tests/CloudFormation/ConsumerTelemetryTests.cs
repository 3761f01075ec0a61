using System.Diagnostics.Metrics;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.Coordination.Telemetry;
using KinesisFlow.Hosting;
using KinesisFlow.Infra.Tests.Container;
using KinesisFlow.Leases;
using KinesisFlow.Sinks;
using Microsoft.Extensions.DependencyInjection;

namespace KinesisFlow.Infra.Tests.CloudFormation;

/// <summary>
/// The consumer template publishes KinesisFlow's own shard lag to CloudWatch (collector sidecar, embedded metric
/// format) and alarms and scales on it; it lets a metrics scraper reach the metrics port; it takes an OTLP endpoint.
/// Metric names are checked against the instruments the telemetry class really creates, so a rename fails here.
/// </summary>
public sealed class ConsumerTelemetryTests
{
    private const string SidecarEndpoint = "http://127.0.0.1:4317";

    [Fact]
    public void The_lag_alarm_watches_the_worst_shard_lag_of_this_stream_in_milliseconds()
    {
        var alarm = Evaluate().Resource("LagAlarm")!;
        var properties = (Dictionary<string, object?>)alarm["Properties"]!;
        Assert.False(properties.ContainsKey("Namespace"), "the alarm must not watch an AWS/Kinesis metric: it is blind to a stuck sink");
        var metrics = ((List<object?>)properties["Metrics"]!).Cast<Dictionary<string, object?>>().ToList();
        var stat = (Dictionary<string, object?>)Assert.Single(metrics, m => m.ContainsKey("MetricStat"))["MetricStat"]!;
        var metric = (Dictionary<string, object?>)stat["Metric"]!;
        Assert.Equal(("KinesisFlow", "kinesisflow.shard.lag", "Maximum"), ((string?)metric["Namespace"], (string?)metric["MetricName"], (string?)stat["Stat"]));
        var dimension = (Dictionary<string, object?>)Assert.Single((List<object?>)metric["Dimensions"]!)!;
        Assert.Equal(TelemetryTags.StreamName, dimension["Name"]);

        var returned = Assert.Single(metrics, m => (string?)m["ReturnData"] == "true");
        Assert.Equal($"{metrics.Single(m => m.ContainsKey("MetricStat"))["Id"]} * 1000", returned["Expression"]);
        Assert.Equal(new Dictionary<string, object?> { ["Ref"] = "LagThresholdMillis" }, properties["Threshold"]);
        Assert.Equal(new List<object?> { new Dictionary<string, object?> { ["Ref"] = "LagScalingPolicy" } }, properties["AlarmActions"]);
    }

    [Fact]
    public void The_sidecar_publishes_exactly_metrics_the_consumer_creates_with_the_dimension_the_alarm_uses()
    {
        var sidecar = Assert.Single(DockerfileTests.EcsContainers(), c => (string?)c["Name"] == "otel-collector");
        Assert.Equal("false", sidecar["Essential"]);
        var config = ConfigOf(sidecar);
        Assert.Contains("endpoint: 127.0.0.1:4317", config);
        Assert.Contains("namespace: KinesisFlow", config);
        Assert.Contains($"dimensions: [[{TelemetryTags.StreamName}]]", config);

        var created = InstrumentNames();
        var selectors = config.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("- \"^kinesisflow", StringComparison.Ordinal))
            .Select(l => l[3..^1].Replace("\\\\", "\\", StringComparison.Ordinal)).ToList();
        Assert.Contains(@"^kinesisflow\.shard\.lag$", selectors);
        Assert.All(selectors, selector => Assert.Contains(created, name => System.Text.RegularExpressions.Regex.IsMatch(name, selector)));
        Assert.Contains("kinesisflow.shard.oldest_unacknowledged.age", created);
        Assert.Contains("kinesisflow.shard.behind_latest", created);
        Assert.Contains(@"^kinesisflow\.worker\.ready$", selectors);
        Assert.Contains("key: stream.name", config); // the readiness gauge gets the alarm's dimension from the collector
        Assert.Contains("value: ${StreamName}", config);
        Assert.Contains("processors: [attributes/stream, batch]", config);
    }

    [Fact]
    public void Readiness_feeds_an_alarm_not_the_health_check()
    {
        var properties = (Dictionary<string, object?>)Evaluate().Resource("NotReadyAlarm")!["Properties"]!;
        Assert.Equal(("KinesisFlow", "kinesisflow.worker.ready", "Minimum"), ((string?)properties["Namespace"], (string?)properties["MetricName"], (string?)properties["Statistic"]));
        Assert.Contains("kinesisflow.worker.ready", InstrumentNames());
        Assert.Equal(("1", "LessThanThreshold", "breaching"), ((string?)properties["Threshold"], (string?)properties["ComparisonOperator"], (string?)properties["TreatMissingData"]));
        Assert.False(properties.ContainsKey("AlarmActions"));

        var notified = (Dictionary<string, object?>)Evaluate(new Dictionary<string, string> { ["AlarmTopicArn"] = "arn:aws:sns:eu-west-1:123456789012:ops" })
            .Resource("NotReadyAlarm")!["Properties"]!;
        Assert.Equal(new List<object?> { new Dictionary<string, object?> { ["Ref"] = "AlarmTopicArn" } }, notified["AlarmActions"]);

        var healthCheck = (List<object?>)((Dictionary<string, object?>)DockerfileTests.EcsContainer()["HealthCheck"]!)["Command"]!;
        Assert.Equal("--live", healthCheck[^1]);
    }

    [Fact]
    public void The_consumer_exports_otlp_to_the_sidecar_by_default_to_another_collector_when_told_and_not_at_all_when_empty()
    {
        var template = Templates.Load("consumer-ecs.yaml");
        Assert.Equal(SidecarEndpoint, ((Dictionary<string, object?>)template.Parameters["OtlpEndpoint"]!)["Default"]);
        var fromParameter = new Dictionary<string, object?> { ["Ref"] = "OtlpEndpoint" };
        Assert.Equal(fromParameter, OtlpEnvironment(DockerfileTests.EcsContainer()));
        Assert.Equal(2, DockerfileTests.EcsContainers().Count);
        Assert.NotNull(Evaluate().Resource("CollectorPolicy"));

        var own = new Dictionary<string, string> { ["OtlpEndpoint"] = "http://collector.internal:4317" };
        Assert.Equal(fromParameter, OtlpEnvironment(DockerfileTests.EcsContainer(own)));
        Assert.Single(DockerfileTests.EcsContainers(own));
        Assert.Null(Evaluate(own).Resource("CollectorPolicy"));
        Assert.Null(Evaluate(own).Resource("MetricsLogGroup"));

        var off = new Dictionary<string, string> { ["OtlpEndpoint"] = "" };
        Assert.Null(OtlpEnvironment(DockerfileTests.EcsContainer(off)));
        Assert.Single(DockerfileTests.EcsContainers(off));
    }

    [Fact]
    public void The_collector_may_only_write_its_metric_lines_to_its_own_log_group()
    {
        var properties = (Dictionary<string, object?>)Evaluate().Resource("CollectorPolicy")!["Properties"]!;
        Assert.Equal(new List<object?> { new Dictionary<string, object?> { ["Ref"] = "TaskRole" } }, properties["Roles"]);
        var statement = (Dictionary<string, object?>)Assert.Single((List<object?>)((Dictionary<string, object?>)properties["PolicyDocument"]!)["Statement"]!)!;
        Assert.Equal(["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"], ((List<object?>)statement["Action"]!).Cast<string>().Order(StringComparer.Ordinal));
        Assert.Equal(new Dictionary<string, object?> { ["Fn::Sub"] = "${MetricsLogGroup.Arn}" }, statement["Resource"]);
    }

    [Fact]
    public void A_metrics_scraper_reaches_the_metrics_port_only_when_its_security_group_is_given()
    {
        Assert.False(SecurityGroup(Evaluate()).ContainsKey("SecurityGroupIngress"));

        var scraper = Evaluate(new Dictionary<string, string> { ["MetricsScraperSecurityGroupId"] = "sg-0123abcd" });
        var rule = (Dictionary<string, object?>)Assert.Single((List<object?>)SecurityGroup(scraper)["SecurityGroupIngress"]!)!;
        var port = ((Dictionary<string, object?>)Assert.Single((List<object?>)DockerfileTests.EcsContainer()["PortMappings"]!)!)["ContainerPort"];
        Assert.Equal((port, port, "tcp"), (rule["FromPort"], rule["ToPort"], rule["IpProtocol"]));
        Assert.Equal(new Dictionary<string, object?> { ["Ref"] = "MetricsScraperSecurityGroupId" }, rule["SourceSecurityGroupId"]);
        Assert.False(rule.ContainsKey("CidrIp"));
    }

    private static CfnEvaluator Evaluate(IReadOnlyDictionary<string, string>? parameters = null)
    {
        var template = Templates.Load("consumer-ecs.yaml");
        var values = new Dictionary<string, string>(TemplateStructureTests.RequiredParameterStandIns(template));
        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
        {
            values[name] = value;
        }

        return new CfnEvaluator(template, values);
    }

    private static Dictionary<string, object?> SecurityGroup(CfnEvaluator evaluator) =>
        (Dictionary<string, object?>)evaluator.Resource("TaskSecurityGroup")!["Properties"]!;

    /// <summary>The value node of OTEL_EXPORTER_OTLP_ENDPOINT (the evaluator leaves <c>Ref</c> as is), or null when unset.</summary>
    private static object? OtlpEnvironment(Dictionary<string, object?> container) =>
        ((List<object?>)container["Environment"]!).Cast<Dictionary<string, object?>>()
            .SingleOrDefault(e => (string?)e["Name"] == "OTEL_EXPORTER_OTLP_ENDPOINT")?["Value"];

    /// <summary>The collector's configuration: the text of its <c>Fn::Sub</c> (with the stream name as its one variable).</summary>
    private static string ConfigOf(Dictionary<string, object?> sidecar)
    {
        var variable = ((List<object?>)sidecar["Environment"]!).Cast<Dictionary<string, object?>>().Single(e => (string?)e["Name"] == "AOT_CONFIG_CONTENT");
        var sub = (List<object?>)((Dictionary<string, object?>)variable["Value"]!)["Fn::Sub"]!;
        Assert.Equal(["StreamName"], ((Dictionary<string, object?>)sub[1]!).Keys);
        return (string)sub[0]!;
    }

    /// <summary>The instrument names the consumer, the leases and the sinks register on the KinesisFlow meter.</summary>
    private static List<string> InstrumentNames()
    {
        using var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddKinesisFlowTelemetry().BuildServiceProvider();
        var names = new List<string>();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener
        {
            // This provider's meter only, not those of tests running alongside.
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == KinesisFlowMeter.Name && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    names.Add(instrument.Name);
                }
            },
        };
        listener.Start();
        _ = services.GetRequiredService<ConsumerInstruments>();
        _ = services.GetRequiredService<LeaseInstruments>();
        _ = services.GetRequiredService<SinkInstruments>();
        return names;
    }
}
