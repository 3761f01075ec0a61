using System.Security;
using System.Text;
using KinesisFlow.Infra.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.Infra.Tests.Ec2;

/// <summary>One flow log as EC2 holds it.</summary>
public sealed record FakeFlowLog(string FlowLogId, string ResourceId, string DestinationType, string? LogGroupName, string? LogFormat);

/// <summary>
/// A local Kestrel stand-in for EC2's DescribeFlowLogs over the EC2 query protocol (form-encoded POST, XML answer),
/// as the AWS SDK speaks it: honours the log-destination-type filter, pages by NextToken and MaxResults, and refuses
/// unsigned or unknown calls the way EC2 does.
/// </summary>
public sealed class FakeEc2FlowLogs : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private FakeEc2FlowLogs(LoopbackServer server, int pageSize)
    {
        _server = server;
        PageSize = pageSize;
    }

    public Uri Endpoint => _server.Address;

    public int PageSize { get; }

    public List<FakeFlowLog> FlowLogs { get; } = [];

    /// <summary>Every call's form fields, in order.</summary>
    public List<Dictionary<string, string>> Calls { get; } = [];

    public static async Task<FakeEc2FlowLogs> StartAsync(int pageSize)
    {
        FakeEc2FlowLogs? fake = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost("/", (Delegate)((HttpContext context) => fake!.HandleAsync(context))));
        fake = new FakeEc2FlowLogs(server, pageSize);
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        if (!context.Request.Headers.Authorization.ToString().StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal))
        {
            return Error(401, "AuthFailure", "AWS was not able to validate the provided access credentials");
        }

        var form = (await context.Request.ReadFormAsync()).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        lock (Calls)
        {
            Calls.Add(form);
        }

        if (form.GetValueOrDefault("Action") != "DescribeFlowLogs" || form.GetValueOrDefault("Version") != "2016-11-15")
        {
            return Error(400, "InvalidAction", $"The action {form.GetValueOrDefault("Action")} is not valid for this web service.");
        }

        var wantedTypes = form.Where(kv => kv.Key.StartsWith("Filter.1.Value.", StringComparison.Ordinal)).Select(kv => kv.Value).ToHashSet();
        var matching = FlowLogs
            .Where(f => form.GetValueOrDefault("Filter.1.Name") != "log-destination-type" || wantedTypes.Contains(f.DestinationType))
            .ToList();
        var start = int.Parse(form.GetValueOrDefault("NextToken") ?? "0");
        var page = matching.Skip(start).Take(PageSize).ToList();
        var next = start + page.Count < matching.Count ? (start + page.Count).ToString() : null;

        var xml = new StringBuilder("<DescribeFlowLogsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r-1</requestId><flowLogSet>");
        foreach (var flowLog in page)
        {
            xml.Append("<item>")
                .Append(Element("flowLogId", flowLog.FlowLogId))
                .Append(Element("resourceId", flowLog.ResourceId))
                .Append(Element("logDestinationType", flowLog.DestinationType))
                .Append(Element("flowLogStatus", "ACTIVE"))
                .Append(Element("trafficType", "ALL"))
                .Append(Element("logGroupName", flowLog.LogGroupName))
                .Append(Element("logFormat", flowLog.LogFormat))
                .Append("</item>");
        }

        xml.Append("</flowLogSet>").Append(Element("nextToken", next)).Append("</DescribeFlowLogsResponse>");
        return Results.Text(xml.ToString(), "text/xml", Encoding.UTF8);
    }

    private static string Element(string name, string? value) =>
        value is null ? "" : $"<{name}>{SecurityElement.Escape(value)}</{name}>";

    private static IResult Error(int status, string code, string message) =>
        Results.Text(
            $"<Response><Errors><Error><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message></Error></Errors><RequestID>r-1</RequestID></Response>",
            "text/xml",
            Encoding.UTF8,
            status);
}
