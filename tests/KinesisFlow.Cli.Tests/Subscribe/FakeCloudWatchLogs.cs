using System.Text.Json.Nodes;
using KinesisFlow.Cli.Tests.Http;
using KinesisFlow.Cli.Tests.Organization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.Cli.Tests.Subscribe;

/// <summary>
/// A local Kestrel stand-in for one account's CloudWatch Logs JSON API (<c>Logs_20140328.*</c>) in one region: the
/// rules are <see cref="FakeLogsRegion"/>'s. Refuses calls that are not signed SigV4 for the logs service or not the
/// JSON 1.1 protocol. State and every call are inspectable. <see cref="FakeAwsCloud"/> serves many accounts and regions.
/// </summary>
public sealed class FakeCloudWatchLogs : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly FakeLogsRegion _region;

    private FakeCloudWatchLogs(LoopbackServer server, FakeLogsRegion region)
    {
        _server = server;
        _region = region;
    }

    public Uri Endpoint => _server.Address;

    /// <summary>Log group → its filters (name → the filter's JSON as the service reports it).</summary>
    public SortedDictionary<string, SortedDictionary<string, JsonObject>> LogGroups => _region.LogGroups;

    /// <summary>Subscription filter policies by name.</summary>
    public SortedDictionary<string, JsonObject> AccountPolicies => _region.AccountPolicies;

    /// <summary>Destinations by name.</summary>
    public SortedDictionary<string, JsonObject> Destinations => _region.Destinations;

    /// <summary>Log groups whose PutSubscriptionFilter is refused with AccessDeniedException (a failure mid-run).</summary>
    public HashSet<string> DenyPutFor => _region.DenyPutFor;

    /// <summary>Every operation called, in order.</summary>
    public List<string> Calls => _region.Calls;

    public IEnumerable<string> Writes => _region.Writes;

    public static async Task<FakeCloudWatchLogs> StartAsync(int pageSize = 2)
    {
        FakeCloudWatchLogs? fake = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost("/", (Delegate)((HttpContext context) => fake!.HandleAsync(context))));
        fake = new FakeCloudWatchLogs(server, new FakeLogsRegion("123456789012", "eu-west-1", pageSize));
        return fake;
    }

    public void AddLogGroup(string name, params (string Name, string Destination)[] filters) => _region.AddLogGroup(name, filters);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (!context.Request.Headers.Authorization.ToString().Contains("/logs/aws4_request", StringComparison.Ordinal))
        {
            return FakeAwsAnswers.JsonError("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        if (context.Request.ContentType != FakeAwsAnswers.JsonContentType || !target.StartsWith("Logs_20140328.", StringComparison.Ordinal))
        {
            return FakeAwsAnswers.JsonError("UnknownOperationException", $"Unknown operation {target}.");
        }

        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
        lock (_region)
        {
            return _region.Handle(target["Logs_20140328.".Length..], body, callerOrganization: null);
        }
    }
}
