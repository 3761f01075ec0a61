using System.CommandLine;
using KinesisFlow.Aws;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow unsubscribe</c>: removes KinesisFlow's subscription filters (the ones named
/// <c>kinesisflow-...</c>) from the selected log groups, or KinesisFlow's account-level policy; nothing else.
/// </summary>
internal static class UnsubscribeCommand
{
    public static Command Create()
    {
        var shared = new SubscribeOptions();
        var destination = SubscribeArns.StreamOption("Only remove our filters that send to this stream (default: every filter of ours).");
        var command = new Command("unsubscribe", $"Remove our filters ('{SubscribePlanner.OwnFilterPrefix}...') or account policy.")
        {
            destination,
        };
        shared.AddTo(command, selectionRequired: true);
        command.WithExamples(
            new("Preview removing our filters from every log group under a prefix", "kinesisflow unsubscribe --region eu-west-1 --log-group-prefix /vpc/flow-logs/ --dry-run"),
            new("Remove the account-level subscription policy", "kinesisflow unsubscribe --region eu-west-1 --account-level"));
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            try
            {
                using var logs = new CloudWatchLogsClient(shared.Aws(parseResult));
                var dryRun = parseResult.GetValue(shared.DryRun);
                if (parseResult.GetValue(shared.AccountLevel))
                {
                    var policies = await logs.DescribeAllAccountPoliciesAsync(AccountPolicyTypes.SubscriptionFilter, cancellationToken);
                    return await SubscribeRun.ApplyAsync(
                        SubscribeAccountPolicy.PlanRemoval(policies),
                        [],
                        (step, ct) => logs.DeleteAccountPolicyAsync(step.FilterName, AccountPolicyTypes.SubscriptionFilter, ct),
                        dryRun,
                        output,
                        cancellationToken);
                }

                var (found, missing) = await SubscribeLogGroups.ReadAsync(logs, shared.Selection(parseResult), cancellationToken);
                return await SubscribeRun.ApplyAsync(
                    SubscribePlanner.PlanUnsubscribe(found, parseResult.GetValue(destination), (parseResult.GetValue(shared.Exclude) ?? []).ToHashSet(StringComparer.Ordinal)),
                    missing,
                    (step, ct) => logs.DeleteSubscriptionFilterAsync(step.Target, step.FilterName, ct),
                    dryRun,
                    output,
                    cancellationToken);
            }
            catch (Exception e) when (e is AwsServiceException or HttpRequestException or TimeoutException or ArgumentException or InvalidOperationException)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"unsubscribe: {e.Message}");
                return SubscribeRun.Failed;
            }
        });
        return command;
    }
}
