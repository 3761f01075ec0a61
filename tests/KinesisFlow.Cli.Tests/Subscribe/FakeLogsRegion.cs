using System.Text.Json.Nodes;
using KinesisFlow.Cli.Tests.Organization;
using Microsoft.AspNetCore.Http;
using static KinesisFlow.Cli.Tests.Organization.FakeAwsAnswers;

namespace KinesisFlow.Cli.Tests.Subscribe;

/// <summary>
/// One account's CloudWatch Logs in one region, with the service's rules that KinesisFlow depends on (API reference,
/// Logs_20140328): at most two subscription filters per log group (LimitExceededException), filter names, an existing
/// log group (ResourceNotFoundException), CreateLogGroup's ResourceAlreadyExistsException, a role for a Kinesis
/// destination, Random / ByLogStream only (InvalidParameterException), one account-level subscription filter policy,
/// DescribeLogGroups' prefix XOR pattern, paging, and destinations: PutDestination creates or updates, and a
/// subscription into another account's destination needs that destination's access policy to allow this account
/// (AccessDeniedException) and the same region (InvalidParameterException). Served by <see cref="FakeCloudWatchLogs"/>
/// alone or by <see cref="FakeAwsCloud"/> for a whole organization.
/// </summary>
public sealed class FakeLogsRegion(string accountId, string region, int pageSize, Func<string, FakeLogsRegion?>? destinationOwner = null)
{
    private const int MaxFilters = 2;

    public string AccountId { get; } = accountId;

    public string Region { get; } = region;

    /// <summary>Log group → its filters (name → the filter's JSON as the service reports it).</summary>
    public SortedDictionary<string, SortedDictionary<string, JsonObject>> LogGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>Subscription filter policies by name.</summary>
    public SortedDictionary<string, JsonObject> AccountPolicies { get; } = new(StringComparer.Ordinal);

    /// <summary>Destinations by name, as DescribeDestinations reports them.</summary>
    public SortedDictionary<string, JsonObject> Destinations { get; } = new(StringComparer.Ordinal);

    /// <summary>Log groups whose PutSubscriptionFilter is refused with AccessDeniedException (a failure mid-run).</summary>
    public HashSet<string> DenyPutFor { get; } = new(StringComparer.Ordinal);

    /// <summary>Every operation called, in order.</summary>
    public List<string> Calls { get; } = [];

    public IEnumerable<string> Writes => Calls.Where(c => c.StartsWith("Put", StringComparison.Ordinal) || c.StartsWith("Delete", StringComparison.Ordinal) || c.StartsWith("Create", StringComparison.Ordinal));

    public void AddLogGroup(string name, params (string Name, string Destination)[] filters)
    {
        var group = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (filterName, destination) in filters)
        {
            group[filterName] = Filter(name, filterName, "", destination, $"arn:aws:iam::{AccountId}:role/someone", "ByLogStream");
        }

        LogGroups[name] = group;
    }

    /// <summary>Answers one call; <paramref name="callerOrganization"/> is the caller's organization id, for aws:PrincipalOrgID.</summary>
    public IResult Handle(string operation, JsonObject body, string? callerOrganization)
    {
        Calls.Add(operation);
        return operation switch
        {
            "DescribeLogGroups" => DescribeLogGroups(body),
            "CreateLogGroup" => CreateLogGroup(body),
            "DescribeSubscriptionFilters" => DescribeSubscriptionFilters(body),
            "PutSubscriptionFilter" => PutSubscriptionFilter(body, callerOrganization),
            "DeleteSubscriptionFilter" => DeleteSubscriptionFilter(body),
            "PutAccountPolicy" => PutAccountPolicy(body, callerOrganization),
            "DescribeAccountPolicies" => DescribeAccountPolicies(body),
            "DeleteAccountPolicy" => DeleteAccountPolicy(body),
            "PutDestination" => PutDestination(body),
            "PutDestinationPolicy" => PutDestinationPolicy(body),
            "DescribeDestinations" => DescribeDestinations(body),
            "DeleteDestination" => DeleteDestination(body),
            _ => JsonError("UnknownOperationException", $"Unknown operation {operation}."),
        };
    }

    private IResult DescribeLogGroups(JsonObject body)
    {
        var prefix = (string?)body["logGroupNamePrefix"];
        var pattern = (string?)body["logGroupNamePattern"];
        if (prefix is not null && pattern is not null)
        {
            return JsonError("InvalidParameterException", "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        }

        var names = LogGroups.Keys
            .Where(n => (prefix is null || n.StartsWith(prefix, StringComparison.Ordinal)) && (pattern is null || n.Contains(pattern, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return Page(body, names, "logGroups", n => new JsonObject
        {
            ["logGroupName"] = n,
            ["arn"] = $"arn:aws:logs:{Region}:{AccountId}:log-group:{n}:*",
            ["creationTime"] = 1_700_000_000_000,
        });
    }

    private IResult CreateLogGroup(JsonObject body)
    {
        var name = (string?)body["logGroupName"];
        if (name is null || name.Length is 0 or > 512)
        {
            return JsonError("InvalidParameterException", "logGroupName is invalid.");
        }

        if (LogGroups.ContainsKey(name))
        {
            return JsonError("ResourceAlreadyExistsException", "The specified log group already exists");
        }

        LogGroups[name] = new(StringComparer.Ordinal);
        return Json([]);
    }

    private IResult DescribeSubscriptionFilters(JsonObject body)
    {
        var group = (string?)body["logGroupName"];
        if (group is null || !LogGroups.TryGetValue(group, out var filters))
        {
            return JsonError("ResourceNotFoundException", "The specified log group does not exist.");
        }

        var prefix = (string?)body["filterNamePrefix"] ?? "";
        return Page(body, [.. filters.Values.Where(f => ((string)f["filterName"]!).StartsWith(prefix, StringComparison.Ordinal))], "subscriptionFilters", f => f.DeepClone());
    }

    private IResult PutSubscriptionFilter(JsonObject body, string? callerOrganization)
    {
        var group = (string?)body["logGroupName"];
        var name = (string?)body["filterName"];
        var destination = (string?)body["destinationArn"];
        var role = (string?)body["roleArn"];
        var distribution = (string?)body["distribution"] ?? "ByLogStream";
        if (group is null || !LogGroups.TryGetValue(group, out var filters))
        {
            return JsonError("ResourceNotFoundException", "The specified log group does not exist.");
        }

        if (DenyPutFor.Contains(group))
        {
            return JsonError("AccessDeniedException", $"Not authorized to perform logs:PutSubscriptionFilter on {group}.");
        }

        if (name is null || name.Length is 0 or > 512 || name.Contains(':', StringComparison.Ordinal) || name.Contains('*', StringComparison.Ordinal) || body["filterPattern"] is null)
        {
            return JsonError("InvalidParameterException", "filterName or filterPattern is invalid.");
        }

        if (destination is null || (destination.Contains(":kinesis:", StringComparison.Ordinal) && role is null))
        {
            return JsonError("InvalidParameterException", "A role is required to deliver to a Kinesis stream.");
        }

        if (distribution is not ("Random" or "ByLogStream"))
        {
            return JsonError("InvalidParameterException", $"Invalid distribution {distribution}.");
        }

        if (DestinationRefusal(destination, "logs:PutSubscriptionFilter", callerOrganization) is { } refused)
        {
            return refused;
        }

        if (!filters.ContainsKey(name) && filters.Count >= MaxFilters)
        {
            return JsonError("LimitExceededException", "Resource limit exceeded.");
        }

        filters[name] = Filter(group, name, (string)body["filterPattern"]!, destination, role, distribution);
        return Json([]);
    }

    private IResult DeleteSubscriptionFilter(JsonObject body)
    {
        var group = (string?)body["logGroupName"];
        if (group is null || !LogGroups.TryGetValue(group, out var filters) || !filters.Remove((string?)body["filterName"] ?? ""))
        {
            return JsonError("ResourceNotFoundException", "The specified subscription filter does not exist.");
        }

        return Json([]);
    }

    private IResult PutAccountPolicy(JsonObject body, string? callerOrganization)
    {
        var name = (string?)body["policyName"];
        if ((string?)body["policyType"] != "SUBSCRIPTION_FILTER_POLICY" || name is null || body["policyDocument"] is null)
        {
            return JsonError("InvalidParameterException", "policyName, policyDocument and policyType SUBSCRIPTION_FILTER_POLICY are required here.");
        }

        var document = JsonNode.Parse((string)body["policyDocument"]!)!;
        if ((string?)document["DestinationArn"] is { } destination && DestinationRefusal(destination, "logs:PutAccountPolicy", callerOrganization) is { } refused)
        {
            return refused;
        }

        if (!AccountPolicies.ContainsKey(name) && AccountPolicies.Count >= 1)
        {
            return JsonError("LimitExceededException", "Account policy limit exceeded.");
        }

        var policy = new JsonObject
        {
            ["policyName"] = name,
            ["policyType"] = "SUBSCRIPTION_FILTER_POLICY",
            ["policyDocument"] = (string?)body["policyDocument"],
            ["scope"] = (string?)body["scope"] ?? "ALL",
            ["selectionCriteria"] = (string?)body["selectionCriteria"],
            ["accountId"] = AccountId,
        };
        AccountPolicies[name] = policy;
        return Json(new JsonObject { ["accountPolicy"] = policy.DeepClone() });
    }

    private IResult DescribeAccountPolicies(JsonObject body) =>
        (string?)body["policyType"] is null
            ? JsonError("InvalidParameterException", "policyType is required.")
            : Json(new JsonObject { ["accountPolicies"] = new JsonArray([.. AccountPolicies.Values.Select(p => p.DeepClone())]) });

    private IResult DeleteAccountPolicy(JsonObject body) =>
        AccountPolicies.Remove((string?)body["policyName"] ?? "")
            ? Json([])
            : JsonError("ResourceNotFoundException", "Policy does not exist.");

    private IResult PutDestination(JsonObject body)
    {
        var (name, target, role) = ((string?)body["destinationName"], (string?)body["targetArn"], (string?)body["roleArn"]);
        if (name is null || name.Length is 0 or > 512 || name.Contains(':', StringComparison.Ordinal) || name.Contains('*', StringComparison.Ordinal) || target is null || role is null)
        {
            return JsonError("InvalidParameterException", "destinationName, targetArn and roleArn are required.");
        }

        var destination = Destinations.TryGetValue(name, out var existing) ? existing : new JsonObject
        {
            ["destinationName"] = name,
            ["arn"] = $"arn:aws:logs:{Region}:{AccountId}:destination:{name}",
            ["creationTime"] = 1_700_000_000_000,
        };
        destination["targetArn"] = target;
        destination["roleArn"] = role;
        Destinations[name] = destination;
        return Json(new JsonObject { ["destination"] = destination.DeepClone() });
    }

    private IResult PutDestinationPolicy(JsonObject body)
    {
        var name = (string?)body["destinationName"];
        var policy = (string?)body["accessPolicy"];
        if (name is null || policy is null)
        {
            return JsonError("InvalidParameterException", "destinationName and accessPolicy are required.");
        }

        if (!Destinations.TryGetValue(name, out var destination))
        {
            return JsonError("ResourceNotFoundException", "The specified destination does not exist.");
        }

        try
        {
            JsonNode.Parse(policy);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonError("InvalidParameterException", "accessPolicy is not a valid policy document.");
        }

        destination["accessPolicy"] = policy;
        return Json([]);
    }

    private IResult DescribeDestinations(JsonObject body)
    {
        var prefix = (string?)body["DestinationNamePrefix"] ?? "";
        return Page(body, [.. Destinations.Values.Where(d => ((string)d["destinationName"]!).StartsWith(prefix, StringComparison.Ordinal))], "destinations", d => d.DeepClone());
    }

    private IResult DeleteDestination(JsonObject body) =>
        Destinations.Remove((string?)body["destinationName"] ?? "")
            ? Json([])
            : JsonError("ResourceNotFoundException", "The specified destination does not exist.");

    /// <summary>Why a subscription of this account into a destination is refused, or null when it may.</summary>
    private IResult? DestinationRefusal(string destinationArn, string action, string? callerOrganization)
    {
        if (!destinationArn.Contains(":destination:", StringComparison.Ordinal))
        {
            return null;
        }

        var denied = JsonError("AccessDeniedException", $"User with accountId: {AccountId} is not authorized to perform: {action} on resource: {destinationArn}");
        if (destinationArn.Split(':')[3] != Region)
        {
            return JsonError("InvalidParameterException", $"The destination {destinationArn} is not in {Region}.");
        }

        var owner = destinationOwner?.Invoke(destinationArn);
        var destination = owner?.Destinations.Values.FirstOrDefault(d => (string?)d["arn"] == destinationArn);
        if (destination is null)
        {
            return JsonError("InvalidParameterException", $"Could not deliver test message to specified destination {destinationArn}.");
        }

        if (owner!.AccountId == AccountId)
        {
            return null;
        }

        var policy = (string?)destination["accessPolicy"] is { } text ? JsonNode.Parse(text) : null;
        var allowed = policy?["Statement"]?.AsArray().Any(s => Allows(s!, action, destinationArn, callerOrganization)) ?? false;
        return allowed ? null : denied;
    }

    private bool Allows(JsonNode statement, string action, string destinationArn, string? callerOrganization)
    {
        var actions = statement["Action"] is JsonArray list ? list.Select(a => (string?)a) : [(string?)statement["Action"]];
        if ((string?)statement["Effect"] != "Allow" || !actions.Contains(action) || (string?)statement["Resource"] != destinationArn)
        {
            return false;
        }

        var principals = statement["Principal"] is JsonObject principal
            ? principal["AWS"] is JsonArray many ? many.Select(p => (string?)p).ToList() : [(string?)principal["AWS"]]
            : [(string?)statement["Principal"]];
        var orgCondition = (string?)statement["Condition"]?["StringEquals"]?["aws:PrincipalOrgID"];
        return principals.Contains(AccountId) || principals.Contains($"arn:aws:iam::{AccountId}:root")
            || (principals.Contains("*") && orgCondition is not null && orgCondition == callerOrganization);
    }

    private IResult Page<T>(JsonObject body, List<T> items, string member, Func<T, JsonNode> render)
    {
        var start = int.Parse((string?)body["nextToken"] ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var page = items.Skip(start).Take(pageSize).ToList();
        var answer = new JsonObject { [member] = new JsonArray([.. page.Select(render)]) };
        if (start + page.Count < items.Count)
        {
            answer["nextToken"] = (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
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
}
