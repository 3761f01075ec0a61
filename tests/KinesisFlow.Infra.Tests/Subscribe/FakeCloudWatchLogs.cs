using System.Text.Json.Nodes;
using KinesisFlow.Infra.Tests.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.Infra.Tests.Subscribe;

/// <summary>
/// A local Kestrel stand-in for the CloudWatch Logs JSON API (<c>Logs_20140328.*</c>) with the service's rules that
/// subscribe / unsubscribe depend on: at most two subscription filters per log group (LimitExceededException), filter
/// names, an existing log group, a role for a Kinesis destination, Random / ByLogStream only, one account-level
/// subscription filter policy, DescribeLogGroups' prefix XOR pattern, and paging. Refuses calls that are not signed
/// SigV4 for the logs service or not the JSON 1.1 protocol. State and every call are inspectable.
/// </summary>
public sealed class FakeCloudWatchLogs : IAsyncDisposable
{
    private const int MaxFilters = 2;
    private readonly LoopbackServer _server;
    private readonly object _gate = new();

    private FakeCloudWatchLogs(LoopbackServer server, int pageSize)
    {
        _server = server;
        PageSize = pageSize;
    }

    public Uri Endpoint => _server.Address;

    public int PageSize { get; }

    /// <summary>Log group → its filters (name → the filter's JSON as the service reports it).</summary>
    public SortedDictionary<string, SortedDictionary<string, JsonObject>> LogGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>Subscription filter policies by name.</summary>
    public SortedDictionary<string, JsonObject> AccountPolicies { get; } = new(StringComparer.Ordinal);

    /// <summary>Log groups whose PutSubscriptionFilter is refused with AccessDeniedException (a failure mid-run).</summary>
    public HashSet<string> DenyPutFor { get; } = new(StringComparer.Ordinal);

    /// <summary>Every operation called, in order.</summary>
    public List<string> Calls { get; } = [];

    public IEnumerable<string> Writes => Calls.Where(c => c.StartsWith("Put", StringComparison.Ordinal) || c.StartsWith("Delete", StringComparison.Ordinal));

    public static async Task<FakeCloudWatchLogs> StartAsync(int pageSize = 2)
    {
        FakeCloudWatchLogs? fake = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost("/", (Delegate)((HttpContext context) => fake!.HandleAsync(context))));
        fake = new FakeCloudWatchLogs(server, pageSize);
        return fake;
    }

    public void AddLogGroup(string name, params (string Name, string Destination)[] filters)
    {
        var group = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (filterName, destination) in filters)
        {
            group[filterName] = Filter(name, filterName, "", destination, "arn:aws:iam::123456789012:role/someone", "ByLogStream");
        }

        LogGroups[name] = group;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (!context.Request.Headers.Authorization.ToString().Contains("/logs/aws4_request", StringComparison.Ordinal))
        {
            return Error("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        if (context.Request.ContentType != "application/x-amz-json-1.1" || !target.StartsWith("Logs_20140328.", StringComparison.Ordinal))
        {
            return Error("UnknownOperationException", $"Unknown operation {target}.");
        }

        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
        var operation = target["Logs_20140328.".Length..];
        lock (_gate)
        {
            Calls.Add(operation);
            return operation switch
            {
                "DescribeLogGroups" => DescribeLogGroups(body),
                "DescribeSubscriptionFilters" => DescribeSubscriptionFilters(body),
                "PutSubscriptionFilter" => PutSubscriptionFilter(body),
                "DeleteSubscriptionFilter" => DeleteSubscriptionFilter(body),
                "PutAccountPolicy" => PutAccountPolicy(body),
                "DescribeAccountPolicies" => DescribeAccountPolicies(body),
                "DeleteAccountPolicy" => DeleteAccountPolicy(body),
                _ => Error("UnknownOperationException", $"Unknown operation {operation}."),
            };
        }
    }

    private IResult DescribeLogGroups(JsonObject body)
    {
        var prefix = (string?)body["logGroupNamePrefix"];
        var pattern = (string?)body["logGroupNamePattern"];
        if (prefix is not null && pattern is not null)
        {
            return Error("InvalidParameterException", "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        }

        var names = LogGroups.Keys
            .Where(n => (prefix is null || n.StartsWith(prefix, StringComparison.Ordinal)) && (pattern is null || n.Contains(pattern, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return Page(body, names, "logGroups", n => new JsonObject
        {
            ["logGroupName"] = n,
            ["arn"] = $"arn:aws:logs:eu-west-1:123456789012:log-group:{n}:*",
            ["creationTime"] = 1_700_000_000_000,
        });
    }

    private IResult DescribeSubscriptionFilters(JsonObject body)
    {
        var group = (string?)body["logGroupName"];
        if (group is null || !LogGroups.TryGetValue(group, out var filters))
        {
            return Error("ResourceNotFoundException", "The specified log group does not exist.");
        }

        var prefix = (string?)body["filterNamePrefix"] ?? "";
        return Page(body, [.. filters.Values.Where(f => ((string)f["filterName"]!).StartsWith(prefix, StringComparison.Ordinal))], "subscriptionFilters", f => f.DeepClone());
    }

    private IResult PutSubscriptionFilter(JsonObject body)
    {
        var group = (string?)body["logGroupName"];
        var name = (string?)body["filterName"];
        var destination = (string?)body["destinationArn"];
        var role = (string?)body["roleArn"];
        var distribution = (string?)body["distribution"] ?? "ByLogStream";
        if (group is null || !LogGroups.TryGetValue(group, out var filters))
        {
            return Error("ResourceNotFoundException", "The specified log group does not exist.");
        }

        if (DenyPutFor.Contains(group))
        {
            return Error("AccessDeniedException", $"Not authorized to perform logs:PutSubscriptionFilter on {group}.");
        }

        if (name is null || name.Length is 0 or > 512 || name.Contains(':', StringComparison.Ordinal) || name.Contains('*', StringComparison.Ordinal) || body["filterPattern"] is null)
        {
            return Error("InvalidParameterException", "filterName or filterPattern is invalid.");
        }

        if (destination is null || (destination.Contains(":kinesis:", StringComparison.Ordinal) && role is null))
        {
            return Error("InvalidParameterException", "A role is required to deliver to a Kinesis stream.");
        }

        if (distribution is not ("Random" or "ByLogStream"))
        {
            return Error("InvalidParameterException", $"Invalid distribution {distribution}.");
        }

        if (!filters.ContainsKey(name) && filters.Count >= MaxFilters)
        {
            return Error("LimitExceededException", "Resource limit exceeded.");
        }

        filters[name] = Filter(group, name, (string)body["filterPattern"]!, destination, role, distribution);
        return Json([]);
    }

    private IResult DeleteSubscriptionFilter(JsonObject body)
    {
        var group = (string?)body["logGroupName"];
        if (group is null || !LogGroups.TryGetValue(group, out var filters) || !filters.Remove((string?)body["filterName"] ?? ""))
        {
            return Error("ResourceNotFoundException", "The specified subscription filter does not exist.");
        }

        return Json([]);
    }

    private IResult PutAccountPolicy(JsonObject body)
    {
        var name = (string?)body["policyName"];
        if ((string?)body["policyType"] != "SUBSCRIPTION_FILTER_POLICY" || name is null || body["policyDocument"] is null)
        {
            return Error("InvalidParameterException", "policyName, policyDocument and policyType SUBSCRIPTION_FILTER_POLICY are required here.");
        }

        if (!AccountPolicies.ContainsKey(name) && AccountPolicies.Count >= 1)
        {
            return Error("LimitExceededException", "Account policy limit exceeded.");
        }

        var policy = new JsonObject
        {
            ["policyName"] = name,
            ["policyType"] = "SUBSCRIPTION_FILTER_POLICY",
            ["policyDocument"] = (string?)body["policyDocument"],
            ["scope"] = (string?)body["scope"] ?? "ALL",
            ["selectionCriteria"] = (string?)body["selectionCriteria"],
            ["accountId"] = "123456789012",
        };
        AccountPolicies[name] = policy;
        return Json(new JsonObject { ["accountPolicy"] = policy.DeepClone() });
    }

    private IResult DescribeAccountPolicies(JsonObject body) =>
        (string?)body["policyType"] is null
            ? Error("InvalidParameterException", "policyType is required.")
            : Json(new JsonObject { ["accountPolicies"] = new JsonArray([.. AccountPolicies.Values.Select(p => p.DeepClone())]) });

    private IResult DeleteAccountPolicy(JsonObject body) =>
        AccountPolicies.Remove((string?)body["policyName"] ?? "")
            ? Json([])
            : Error("ResourceNotFoundException", "Policy does not exist.");

    private IResult Page<T>(JsonObject body, List<T> items, string member, Func<T, JsonNode> render)
    {
        var start = int.Parse((string?)body["nextToken"] ?? "0");
        var page = items.Skip(start).Take(PageSize).ToList();
        var answer = new JsonObject { [member] = new JsonArray([.. page.Select(render)]) };
        if (start + page.Count < items.Count)
        {
            answer["nextToken"] = (start + page.Count).ToString();
        }

        return Json(answer);
    }

    private static JsonObject Filter(string group, string name, string pattern, string destination, string? role, string distribution) => new()
    {
        ["filterName"] = name,
        ["logGroupName"] = group,
        ["filterPattern"] = pattern,
        ["destinationArn"] = destination,
        ["roleArn"] = role,
        ["distribution"] = distribution,
        ["creationTime"] = 1_700_000_000_000,
    };

    private static IResult Json(JsonObject answer) => Results.Text(answer.ToJsonString(), "application/x-amz-json-1.1");

    private static IResult Error(string type, string message) =>
        Results.Text(new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString(), "application/x-amz-json-1.1", statusCode: 400);
}
