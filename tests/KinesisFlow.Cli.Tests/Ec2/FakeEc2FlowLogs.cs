using KinesisFlow.Cli.Tests.Http;
using KinesisFlow.Cli.Tests.Organization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.Cli.Tests.Ec2;

/// <summary>
/// A local Kestrel stand-in for one account's EC2 flow-log calls in one region over the EC2 query protocol
/// (form-encoded POST, XML answer), as the AWS SDK speaks it; the rules are <see cref="FakeEc2Region"/>'s. Refuses
/// unsigned calls the way EC2 does. <see cref="FakeAwsCloud"/> serves many accounts and regions.
/// </summary>
public sealed class FakeEc2FlowLogs : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly FakeEc2Region _region;

    private FakeEc2FlowLogs(LoopbackServer server, FakeEc2Region region)
    {
        _server = server;
        _region = region;
    }

    public Uri Endpoint => _server.Address;

    public List<FakeFlowLog> FlowLogs => _region.FlowLogs;

    /// <summary>Every call's form fields, in order.</summary>
    public List<Dictionary<string, string>> Calls => _region.Calls;

    public static async Task<FakeEc2FlowLogs> StartAsync(int pageSize)
    {
        FakeEc2FlowLogs? fake = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost("/", (Delegate)((HttpContext context) => fake!.HandleAsync(context))));
        fake = new FakeEc2FlowLogs(server, new FakeEc2Region("123456789012", pageSize));
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        if (!context.Request.Headers.Authorization.ToString().StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal))
        {
            return FakeAwsAnswers.Ec2Error(401, "AuthFailure", "AWS was not able to validate the provided access credentials");
        }

        var form = (await context.Request.ReadFormAsync()).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        lock (_region)
        {
            return _region.Handle(form);
        }
    }
}
