using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KinesisFlow.Cli.Tests.Ec2;
using KinesisFlow.Cli.Tests.Http;
using KinesisFlow.Cli.Tests.Subscribe;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using static KinesisFlow.Cli.Tests.Organization.FakeAwsAnswers;

namespace KinesisFlow.Cli.Tests.Organization;

/// <summary>An account of the fake organization.</summary>
public sealed class FakeAccount(string id, string name, string status)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public string Status { get; } = status;

    /// <summary>Roles that trust the management account (what <c>--assume-role-arn</c> names).</summary>
    public HashSet<string> AssumableRoles { get; } = new(StringComparer.Ordinal) { FakeAwsCloud.MemberRole };

    /// <summary>An SCP-like refusal of every CloudWatch Logs and EC2 call made in this account.</summary>
    public bool DenyAll { get; set; }
}

/// <summary>
/// A whole AWS organization on one local Kestrel server, for the commands that act in every account and region:
/// CloudWatch Logs and Organizations over JSON 1.1, EC2 and STS over the query protocol. Every request must carry a
/// valid SigV4 signature (<see cref="SigV4Verifier"/>) by a key this fake issued: the environment's key is the
/// management account's; STS AssumeRole issues session keys of the role's account. The key decides the account, the
/// credential scope the region and service, so one endpoint serves them all, each account and region with its own
/// state (<see cref="FakeLogsRegion"/>, <see cref="FakeEc2Region"/>). Throttling is injected per service.
/// </summary>
public sealed class FakeAwsCloud : IAsyncDisposable
{
    public const string ManagementAccount = "111111111111";
    public const string OrganizationId = "o-kf0example01";
    public const string MemberRole = "OrganizationAccountAccessRole";

    /// <summary>The environment's credentials in these tests (AwsEnvironment): the management account's.</summary>
    public const string ManagementAccessKey = "AKIDEXAMPLE";
    public const string ManagementSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    /// <summary>ListAccounts' answer member (PascalCase, as Organizations writes every member).</summary>
    private const string AccountsMember = "Accounts";

    private readonly object _gate = new();
    private readonly Dictionary<string, (string Account, string Secret, string? Token)> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Account, string Region), (FakeLogsRegion Logs, FakeEc2Region Ec2)> _regions = [];
    private readonly Dictionary<string, int> _throttles = new(StringComparer.Ordinal);
    private LoopbackServer _server = null!;
    private int _issued;

    private FakeAwsCloud(int pageSize)
    {
        PageSize = pageSize;
        _keys[ManagementAccessKey] = (ManagementAccount, ManagementSecret, null);
        Accounts[ManagementAccount] = new FakeAccount(ManagementAccount, "management", "ACTIVE");
    }

    public Uri Endpoint => _server.Address;

    public int PageSize { get; }

    public SortedDictionary<string, FakeAccount> Accounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Every call that passed authentication: account, region, service, operation.</summary>
    public List<(string Account, string Region, string Service, string Operation)> Calls { get; } = [];

    /// <summary>Calls answered with a throttling error, by service.</summary>
    public Dictionary<string, int> Throttled { get; } = new(StringComparer.Ordinal);

    public static async Task<FakeAwsCloud> StartAsync(int pageSize = 2)
    {
        var fake = new FakeAwsCloud(pageSize);
        fake._server = await LoopbackServer.StartAsync(app => app.MapPost("/", (Delegate)((HttpContext context) => fake.HandleAsync(context))));
        return fake;
    }

    public FakeAccount AddAccount(string id, string name, string status = "ACTIVE")
    {
        lock (_gate)
        {
            return Accounts[id] = new FakeAccount(id, name, status);
        }
    }

    public FakeLogsRegion Logs(string account, string region) => State(account, region).Logs;

    public FakeEc2Region Ec2(string account, string region) => State(account, region).Ec2;

    /// <summary>Every write (Put/Create/Delete) made anywhere, as "account region operation".</summary>
    public IReadOnlyList<string> Writes()
    {
        lock (_gate)
        {
            return [.. Calls.Where(c => c.Operation.StartsWith("Put", StringComparison.Ordinal) || c.Operation.StartsWith("Create", StringComparison.Ordinal) || c.Operation.StartsWith("Delete", StringComparison.Ordinal))
                .Select(c => $"{c.Account} {c.Region} {c.Operation}")];
        }
    }

    /// <summary>The next <paramref name="count"/> calls to <paramref name="service"/> (logs, ec2, sts, organizations) are throttled.</summary>
    public void ThrottleNext(string service, int count)
    {
        lock (_gate)
        {
            _throttles[service] = count;
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private (FakeLogsRegion Logs, FakeEc2Region Ec2) State(string account, string region)
    {
        lock (_gate)
        {
            if (!_regions.TryGetValue((account, region), out var state))
            {
                state = (new FakeLogsRegion(account, region, PageSize, DestinationOwner), new FakeEc2Region(account, PageSize));
                _regions[(account, region)] = state;
            }

            return state;
        }
    }

    private FakeLogsRegion? DestinationOwner(string destinationArn)
    {
        var parts = destinationArn.Split(':');
        return Accounts.ContainsKey(parts[4]) ? State(parts[4], parts[3]).Logs : null;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        lock (_gate)
        {
            var (caller, refusal) = SigV4Verifier.Verify(context.Request, body, key => _keys.TryGetValue(key, out var k) ? k.Secret : null);
            if (caller is null)
            {
                return Refuse(context, refusal!);
            }

            var key = _keys[caller.AccessKeyId];
            if (key.Token is not null && context.Request.Headers["X-Amz-Security-Token"].ToString() != key.Token)
            {
                return Refuse(context, "The security token included in the request is invalid.");
            }

            if (_throttles.GetValueOrDefault(caller.Service) > 0)
            {
                _throttles[caller.Service]--;
                Throttled[caller.Service] = Throttled.GetValueOrDefault(caller.Service) + 1;
                return caller.Service switch
                {
                    "ec2" => Ec2Error(503, "RequestLimitExceeded", "Request limit exceeded."),
                    "sts" => StsError(400, "Throttling", "Rate exceeded"),
                    "organizations" => JsonError("TooManyRequestsException", "AWS Organizations can't complete your request because another request is already in progress."),
                    _ => JsonError("ThrottlingException", "Rate exceeded"),
                };
            }

            var account = Accounts[key.Account];
            return caller.Service switch
            {
                "logs" => Logs(context, body, account, caller.Region),
                "organizations" => Organizations(context, body, account),
                "ec2" => Ec2(Form(body), account, caller.Region),
                "sts" => Sts(Form(body), account, caller.Region),
                var other => JsonError("UnknownOperationException", $"This fake does not serve {other}."),
            };
        }
    }

    private IResult Logs(HttpContext context, byte[] body, FakeAccount account, string region)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (context.Request.ContentType != JsonContentType || !target.StartsWith("Logs_20140328.", StringComparison.Ordinal))
        {
            return JsonError("UnknownOperationException", $"Unknown operation {target}.");
        }

        var operation = target["Logs_20140328.".Length..];
        Calls.Add((account.Id, region, "logs", operation));
        return account.DenyAll
            ? JsonError("AccessDeniedException", $"User: arn:aws:sts::{account.Id}:assumed-role/{MemberRole}/kinesisflow is not authorized to perform: logs:{operation} with an explicit deny in a service control policy")
            : State(account.Id, region).Logs.Handle(operation, (JsonObject)JsonNode.Parse(body)!, OrganizationOf(account));
    }

    private IResult Ec2(Dictionary<string, string> form, FakeAccount account, string region)
    {
        Calls.Add((account.Id, region, "ec2", form.GetValueOrDefault("Action") ?? ""));
        return account.DenyAll
            ? Ec2Error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.")
            : State(account.Id, region).Ec2.Handle(form);
    }

    private IResult Organizations(HttpContext context, byte[] body, FakeAccount caller)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        Calls.Add((caller.Id, "us-east-1", "organizations", target.Split('.').Last()));
        if (target != "AWSOrganizationsV20161128.ListAccounts" || context.Request.ContentType != JsonContentType)
        {
            return JsonError("UnknownOperationException", $"Unknown operation {target}.");
        }

        if (caller.Id != ManagementAccount)
        {
            return JsonError("AccessDeniedException", "You don't have permissions to access this resource.");
        }

        var request = JsonNode.Parse(body)!;
        var start = int.Parse((string?)request["NextToken"] ?? "0", CultureInfo.InvariantCulture);
        var page = Accounts.Values.Skip(start).Take(PageSize).ToList();
        var answer = new JsonObject
        {
            [AccountsMember] = new JsonArray([.. page.Select(a => (JsonNode)new JsonObject
            {
                ["Id"] = a.Id,
                ["Arn"] = $"arn:aws:organizations::{ManagementAccount}:account/{OrganizationId}/{a.Id}",
                ["Email"] = $"{a.Name}@example.com",
                ["Name"] = a.Name,
                ["Status"] = a.Status,
                ["JoinedMethod"] = a.Id == ManagementAccount ? "CREATED" : "INVITED",
                ["JoinedTimestamp"] = 1_700_000_000.0,
            })]),
        };
        if (start + page.Count < Accounts.Count)
        {
            answer["NextToken"] = (start + page.Count).ToString(CultureInfo.InvariantCulture);
        }

        return Json(answer);
    }

    private IResult Sts(Dictionary<string, string> form, FakeAccount caller, string region)
    {
        Calls.Add((caller.Id, region, "sts", form.GetValueOrDefault("Action") ?? ""));
        if (form.GetValueOrDefault("Action") != "AssumeRole" || form.GetValueOrDefault("Version") != "2011-06-15")
        {
            return StsError(400, "InvalidAction", $"Could not find operation {form.GetValueOrDefault("Action")} for version {form.GetValueOrDefault("Version")}");
        }

        var roleArn = form.GetValueOrDefault("RoleArn") ?? "";
        var session = form.GetValueOrDefault("RoleSessionName");
        if (session is null || roleArn.Length < 20)
        {
            return StsError(400, "ValidationError", "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        }

        var parts = roleArn.Split(':');
        var target = parts.Length == 6 && Accounts.TryGetValue(parts[4], out var found) ? found : null;
        if (target is null || !parts[5].StartsWith("role/", StringComparison.Ordinal) || !target.AssumableRoles.Contains(parts[5]["role/".Length..]) || caller.Id != ManagementAccount)
        {
            return StsError(403, "AccessDenied", $"User: arn:aws:iam::{caller.Id}:user/operator is not authorized to perform: sts:AssumeRole on resource: {roleArn}");
        }

        var n = ++_issued;
        var (accessKey, secret, token) = ($"ASIA{target.Id}{n:D4}", $"secret-{target.Id}-{n}", $"token-{target.Id}-{n}");
        _keys[accessKey] = (target.Id, secret, token);
        return Xml(new StringBuilder("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>")
            .Append(Element("AccessKeyId", accessKey)).Append(Element("SecretAccessKey", secret)).Append(Element("SessionToken", token))
            .Append(Element("Expiration", DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)))
            .Append("</Credentials><AssumedRoleUser>").Append(Element("AssumedRoleId", $"AROAEXAMPLE:{session}")).Append(Element("Arn", $"arn:aws:sts::{target.Id}:assumed-role/{parts[5]["role/".Length..]}/{session}"))
            .Append("</AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></AssumeRoleResponse>").ToString());
    }

    private string? OrganizationOf(FakeAccount account) => Accounts.ContainsKey(account.Id) ? OrganizationId : null;

    private static IResult Refuse(HttpContext context, string message) =>
        context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true
            ? Ec2Error(401, "AuthFailure", message)
            : JsonError(message.Contains("signature", StringComparison.Ordinal) ? "InvalidSignatureException" : "UnrecognizedClientException", message, 403);

    private static Dictionary<string, string> Form(byte[] body) =>
        QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);
}
