using KinesisFlow.Aws;
using KinesisFlow.Aws.Ec2;

namespace KinesisFlow.Cli;

/// <summary>
/// What <c>flow-logs ensure</c> does in one account and region: for each chosen VPC without a flow log into CloudWatch
/// Logs, its log group (created if missing; ResourceAlreadyExistsException is fine) and the flow log; then the chosen
/// VPCs' log groups, new and existing, subscribed with the planner <c>subscribe</c> uses.
/// </summary>
/// <param name="Vpcs">The chosen VPCs; null for every VPC.</param>
/// <param name="Format">The new flow logs' format; null for the version 2 default.</param>
/// <param name="LogGroupPrefix">New flow logs write to this + the VPC id.</param>
/// <param name="DeliveryRoleTemplate">The flow logs delivery role, {account} replaced by each account's id.</param>
/// <param name="DestinationArn">The destination (or stream) the log groups are subscribed to; {region} replaced.</param>
/// <param name="SubscriptionRoleArn">With a stream: the role CloudWatch Logs writes with.</param>
/// <param name="DryRun">Show the plan, change nothing.</param>
internal sealed record FlowLogsEnsure(
    IReadOnlyList<string>? Vpcs, string? Format, string LogGroupPrefix, string DeliveryRoleTemplate, string DestinationArn, string? SubscriptionRoleArn, bool DryRun)
{
    public async Task<FanOutRow> RunAsync(FanOutTarget target, AwsClientOptions account, Uri? logsEndpoint, Uri? ec2Endpoint, TextWriter lines, CancellationToken cancellationToken)
    {
        var region = target.Region.Length > 0 ? target.Region : null;
        using var ec2 = new VpcFlowLogs(target.Options(account, ec2Endpoint));
        using var logs = new CloudWatchLogsClient(target.Options(account, logsEndpoint));
        var existingVpcs = (await ec2.ListVpcIdsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var flowLogs = (await ec2.ListFlowLogsAsync(cancellationToken))
            .Where(f => f.DestinationType == VpcFlowLogs.CloudWatchLogsDestination && f.LogGroupName is not null)
            .ToLookup(f => f.ResourceId, StringComparer.Ordinal);
        var (created, unchanged, skipped, failed) = (0, 0, 0, 0);
        var reasons = new List<string>();
        var groups = new SortedSet<string>(StringComparer.Ordinal);
        var planned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vpc in Vpcs ?? [.. existingVpcs.Order(StringComparer.Ordinal)])
        {
            if (!existingVpcs.Contains(vpc))
            {
                skipped++;
                reasons.Add($"{vpc}: no such VPC");
                await lines.WriteLineAsync($"{"missing",-10} {vpc}  no such VPC");
                continue;
            }

            if (flowLogs[vpc].ToList() is { Count: > 0 } existing)
            {
                unchanged++;
                groups.UnionWith(existing.Select(f => f.LogGroupName!));
                await lines.WriteLineAsync($"{"unchanged",-10} {vpc}  flow log {string.Join(", ", existing.Select(f => $"{f.FlowLogId} -> {f.LogGroupName}"))}");
                continue;
            }

            var group = LogGroupPrefix + vpc;
            try
            {
                if (!DryRun)
                {
                    await CreateLogGroupAsync(logs, group, cancellationToken);
                    var id = await ec2.CreateAsync(new CreateVpcFlowLogRequest(vpc, group, DeliveryRole(target), Format), cancellationToken);
                    await lines.WriteLineAsync($"{"create",-10} {vpc}  flow log {id} -> {group}");
                }
                else
                {
                    planned.Add(group);
                    await lines.WriteLineAsync($"{"would create",-10} {vpc}  flow log -> {group}");
                }

                created++;
                groups.Add(group);
            }
            catch (AwsServiceException e)
            {
                failed++;
                reasons.Add($"{vpc}: {e.ErrorCode}");
                await lines.WriteLineAsync($"{"failed",-10} {vpc}  {e.ErrorCode}: {e.ServiceMessage}");
            }
        }

        var subscribed = await SubscribeAsync(logs, region, groups, planned, lines, cancellationToken);
        return new FanOutRow(
            target.AccountLabel, target.Region, created, unchanged, skipped + subscribed.Skipped, failed + subscribed.Failed, string.Join("; ", reasons.Concat(subscribed.Reasons).Take(3)));
    }

    private async Task<SubscribeOutcome> SubscribeAsync(
        CloudWatchLogsClient logs, string? region, IReadOnlyCollection<string> groups, HashSet<string> planned, TextWriter lines, CancellationToken cancellationToken)
    {
        var arn = region is null ? DestinationArn : SubscribeArns.ForRegion(DestinationArn, region);
        var target = new SubscribeTarget(SubscribePlanner.OwnFilterPrefix + SubscribeArns.TargetName(arn), "", arn, SubscriptionRoleArn, SubscriptionDistribution.Random);
        var (found, missing) = await SubscribeLogGroups.ReadAsync(logs, new SubscribeSelection([.. groups], [], null), cancellationToken);

        // In a dry run the new log groups do not exist yet: plan them as the empty groups they will be.
        var states = found.Concat(planned.Select(g => new LogGroupState(g, []))).OrderBy(g => g.LogGroupName, StringComparer.Ordinal).ToList();
        return await SubscribeRun.ApplyCountedAsync(
            SubscribePlanner.PlanSubscribe(target, states, new HashSet<string>(StringComparer.Ordinal)),
            [.. missing.Where(m => !planned.Contains(m))],
            (step, ct) => logs.PutSubscriptionFilterAsync(new PutSubscriptionFilterRequest(step.Target, step.FilterName, "", arn, SubscriptionRoleArn, SubscriptionDistribution.Random), ct),
            DryRun,
            lines,
            cancellationToken);
    }

    private string DeliveryRole(FanOutTarget target) =>
        target.Account is null ? DeliveryRoleTemplate : DeliveryRoleTemplate.Replace(FanOutOptions.AccountPlaceholder, target.Account, StringComparison.Ordinal);

    private static async Task CreateLogGroupAsync(CloudWatchLogsClient logs, string name, CancellationToken cancellationToken)
    {
        try
        {
            await logs.CreateLogGroupAsync(name, cancellationToken);
        }
        catch (AwsServiceException e) when (e.Is("ResourceAlreadyExistsException"))
        {
            // Created by an earlier run or by hand: the flow log can write to it all the same.
        }
    }
}
