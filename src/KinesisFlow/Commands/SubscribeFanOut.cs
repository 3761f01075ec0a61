using System.Collections.Concurrent;
using System.CommandLine;
using KinesisFlow.Aws;
using KinesisFlow.Aws.Ec2;

namespace KinesisFlow.Cli;

/// <summary>Where a fan-out's calls go (explicit endpoints serve every pair; the region is each pair's) and which log groups it looks at.</summary>
internal sealed record FanOutScope(string? Region, Uri? LogsEndpoint, Uri? Ec2Endpoint, SubscribeSelection Selection);

/// <summary>
/// <c>subscribe</c> across accounts and regions: the same plan as in one account, in every pair (<see cref="FanOutRunner"/>),
/// and with <c>--discover-formats</c> one formats file for the whole organization on stdout (the table then goes to
/// stderr, so that stdout stays the file).
/// </summary>
internal static class SubscribeFanOut
{
    public delegate Task<SubscribeOutcome> Subscribe(CloudWatchLogsClient logs, string region, TextWriter lines, CancellationToken cancellationToken);

    public static async Task<int> RunAsync(
        ParseResult parseResult, FanOutOptions fanOut, FanOutScope scope, bool discover, Subscribe? subscribe, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        using var roles = new RoleAssumerHolder();
        var targets = await fanOut.ResolveAsync(parseResult, scope.Region, roles, cancellationToken);
        var discovered = new ConcurrentBag<DiscoveredFlowLogFormat>();
        var exitCode = await FanOutRunner.RunAsync(
            targets,
            parseResult.GetValue(fanOut.MaxParallel),
            "subscribed",
            async (target, account, lines, ct) =>
            {
                var found = 0;
                if (discover)
                {
                    using var discovery = FlowLogFormatDiscovery.Create(target.Options(account, scope.Ec2Endpoint));
                    foreach (var flowLog in (await discovery.DiscoverAsync(ct)).Where(f => SubscribeFormats.Selected(scope.Selection, f.LogGroupName)))
                    {
                        discovered.Add(flowLog);
                        found++;
                    }
                }

                if (subscribe is null)
                {
                    return new FanOutRow(target.AccountLabel, target.Region, 0, 0, 0, 0, $"{found} flow logs found");
                }

                using var logs = new CloudWatchLogsClient(target.Options(account, scope.LogsEndpoint));
                return FanOutRow.From(target, await subscribe(logs, target.Region, lines, ct));
            },
            discover ? error : output,
            error,
            cancellationToken);

        if (discover)
        {
            await SubscribeFormats.WriteAsync(FlowLogFormatMap.From(discovered), output, error);
        }

        return exitCode;
    }
}
