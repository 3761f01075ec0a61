using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using static KinesisFlow.Cli.Tests.Organization.FakeAwsAnswers;

namespace KinesisFlow.Cli.Tests.Ec2;

/// <summary>One flow log as EC2 holds it.</summary>
public sealed record FakeFlowLog(
    string FlowLogId,
    string ResourceId,
    string DestinationType,
    string? LogGroupName,
    string? LogFormat,
    string TrafficType = "ALL",
    int MaxAggregationInterval = 600,
    string? DeliveryRoleArn = null);

/// <summary>
/// One account's EC2 in one region as the flow-log calls see it (EC2 API reference, version 2016-11-15, query protocol):
/// DescribeVpcs and DescribeFlowLogs paged by NextToken (DescribeFlowLogs honours the log-destination-type and
/// resource-id filters); CreateFlowLogs with its required parameters (MissingParameter / InvalidParameter), the
/// 60-or-600 s aggregation interval, and per-resource failures reported in <c>unsuccessful</c> with a 200
/// (InvalidVpcID.NotFound, FlowLogAlreadyExists), as EC2 does.
/// </summary>
public sealed class FakeEc2Region(string accountId, int pageSize)
{
    private int _nextFlowLog = 1;

    public string AccountId { get; } = accountId;

    public List<string> Vpcs { get; } = [];

    public List<FakeFlowLog> FlowLogs { get; } = [];

    /// <summary>Every call's form fields, in order.</summary>
    public List<Dictionary<string, string>> Calls { get; } = [];

    public IEnumerable<string> Writes => Calls.Select(c => c.GetValueOrDefault("Action") ?? "").Where(a => a.StartsWith("Create", StringComparison.Ordinal));

    public IResult Handle(Dictionary<string, string> form)
    {
        Calls.Add(form);
        if (form.GetValueOrDefault("Version") != "2016-11-15")
        {
            return Ec2Error(400, "InvalidAction", $"The action {form.GetValueOrDefault("Action")} is not valid for this web service.");
        }

        return form.GetValueOrDefault("Action") switch
        {
            "DescribeFlowLogs" => DescribeFlowLogs(form),
            "DescribeVpcs" => DescribeVpcs(form),
            "CreateFlowLogs" => CreateFlowLogs(form),
            var other => Ec2Error(400, "InvalidAction", $"The action {other} is not valid for this web service."),
        };
    }

    private IResult DescribeFlowLogs(Dictionary<string, string> form)
    {
        var filters = Filters(form);
        var matching = FlowLogs
            .Where(f => !filters.TryGetValue("log-destination-type", out var types) || types.Contains(f.DestinationType))
            .Where(f => !filters.TryGetValue("resource-id", out var ids) || ids.Contains(f.ResourceId))
            .ToList();
        var (page, next) = Page(form, matching);
        var xml = new StringBuilder("<DescribeFlowLogsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r-1</requestId><flowLogSet>");
        foreach (var flowLog in page)
        {
            xml.Append("<item>")
                .Append(Element("flowLogId", flowLog.FlowLogId))
                .Append(Element("resourceId", flowLog.ResourceId))
                .Append(Element("logDestinationType", flowLog.DestinationType))
                .Append(Element("flowLogStatus", "ACTIVE"))
                .Append(Element("trafficType", flowLog.TrafficType))
                .Append(Element("logGroupName", flowLog.LogGroupName))
                .Append(Element("logFormat", flowLog.LogFormat))
                .Append(Element("maxAggregationInterval", flowLog.MaxAggregationInterval.ToString(CultureInfo.InvariantCulture)))
                .Append(Element("deliverLogsPermissionArn", flowLog.DeliveryRoleArn))
                .Append("</item>");
        }

        xml.Append("</flowLogSet>").Append(Element("nextToken", next)).Append("</DescribeFlowLogsResponse>");
        return Xml(xml.ToString());
    }

    private IResult DescribeVpcs(Dictionary<string, string> form)
    {
        var (page, next) = Page(form, Vpcs);
        var xml = new StringBuilder("<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r-1</requestId><vpcSet>");
        foreach (var vpc in page)
        {
            xml.Append("<item>").Append(Element("vpcId", vpc)).Append(Element("ownerId", AccountId)).Append(Element("state", "available"))
                .Append(Element("cidrBlock", "10.0.0.0/16")).Append(Element("isDefault", "false")).Append("</item>");
        }

        xml.Append("</vpcSet>").Append(Element("nextToken", next)).Append("</DescribeVpcsResponse>");
        return Xml(xml.ToString());
    }

    private IResult CreateFlowLogs(Dictionary<string, string> form)
    {
        var resources = form.Where(kv => kv.Key.StartsWith("ResourceId.", StringComparison.Ordinal)).Select(kv => kv.Value).ToList();
        var destinationType = form.GetValueOrDefault("LogDestinationType") ?? "cloud-watch-logs";
        var logGroup = form.GetValueOrDefault("LogGroupName");
        var role = form.GetValueOrDefault("DeliverLogsPermissionArn");
        if (resources.Count == 0 || form.GetValueOrDefault("ResourceType") is null)
        {
            return Ec2Error(400, "MissingParameter", "The request must contain the parameter ResourceIds and ResourceType");
        }

        if (destinationType == "cloud-watch-logs" && (logGroup is null || role is null))
        {
            return Ec2Error(400, "InvalidParameter", "LogGroupName and DeliverLogsPermissionArn are required for cloud-watch-logs");
        }

        var interval = int.Parse(form.GetValueOrDefault("MaxAggregationInterval") ?? "600", CultureInfo.InvariantCulture);
        if (interval is not (60 or 600))
        {
            return Ec2Error(400, "InvalidParameter", "MaxAggregationInterval must be 60 or 600");
        }

        var traffic = form.GetValueOrDefault("TrafficType");
        var created = new List<string>();
        var failed = new StringBuilder();
        foreach (var resource in resources)
        {
            var error = !Vpcs.Contains(resource) ? ("InvalidVpcID.NotFound", $"The vpc ID '{resource}' does not exist")
                : FlowLogs.Any(f => f.ResourceId == resource && f.LogGroupName == logGroup && f.TrafficType == traffic) ? ("FlowLogAlreadyExists", "Error. There is an existing Flow Log with the same configuration and log destination.")
                : default((string, string)?);
            if (error is var (code, message))
            {
                failed.Append("<item><error>").Append(Element("code", code)).Append(Element("message", message)).Append("</error>").Append(Element("resourceId", resource)).Append("</item>");
                continue;
            }

            var id = $"fl-{AccountId[^4..]}{_nextFlowLog++:D4}";
            FlowLogs.Add(new(id, resource, destinationType, logGroup, form.GetValueOrDefault("LogFormat"), traffic ?? "ALL", interval, role));
            created.Add(id);
        }

        var xml = new StringBuilder("<CreateFlowLogsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r-1</requestId><flowLogIdSet>");
        xml.AppendJoin("", created.Select(id => Element("item", id))).Append("</flowLogIdSet><unsuccessful>").Append(failed).Append("</unsuccessful></CreateFlowLogsResponse>");
        return Xml(xml.ToString());
    }

    /// <summary>Filter.N.Name → its Filter.N.Value.M values.</summary>
    private static Dictionary<string, HashSet<string>> Filters(Dictionary<string, string> form) =>
        form.Where(kv => kv.Key.StartsWith("Filter.", StringComparison.Ordinal) && kv.Key.EndsWith(".Name", StringComparison.Ordinal))
            .ToDictionary(
                kv => kv.Value,
                kv => form.Where(v => v.Key.StartsWith(kv.Key[..^".Name".Length] + ".Value.", StringComparison.Ordinal)).Select(v => v.Value).ToHashSet());

    private (List<T> Page, string? Next) Page<T>(Dictionary<string, string> form, List<T> items)
    {
        var start = int.Parse(form.GetValueOrDefault("NextToken") ?? "0", CultureInfo.InvariantCulture);
        var page = items.Skip(start).Take(pageSize).ToList();
        return (page, start + page.Count < items.Count ? (start + page.Count).ToString(CultureInfo.InvariantCulture) : null);
    }
}
