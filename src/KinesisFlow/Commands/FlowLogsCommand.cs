using System.CommandLine;
using KinesisFlow.Aws;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow flow-logs ensure</c>: in each account and region (the same fan-out as subscribe), a VPC flow log into
/// CloudWatch Logs for every chosen VPC that has none there (EC2 CreateFlowLogs: all traffic, 60 s aggregation, the
/// default or given format, log group PREFIX + VPC id, created first), then every such VPC's log group subscribed like
/// <c>subscribe</c> does. Idempotent; <c>--dry-run</c> shows the plan. The format given is recorded on the flow log
/// itself, so <c>subscribe --discover-formats</c> and the consumer's FlowLogs:DiscoverFormats read it back.
/// </summary>
internal static class FlowLogsCommand
{
    public static Command Create()
    {
        var command = new Command("flow-logs", "Turn on VPC flow logs where missing, and subscribe them.");
        command.Subcommands.Add(EnsureCommand());
        return command;
    }

    private static Command EnsureCommand()
    {
        var vpcs = new Option<string[]>("--vpc") { Description = "A VPC by id (repeatable).", HelpName = "VPC_ID" };
        var allVpcs = new Option<bool>("--all-vpcs") { Description = "Every VPC of each account and region." };
        var format = new Option<string?>("--format")
        {
            Description = "Flow log format for new flow logs (${version} ${vpc-id} ...); default: the version 2 default format.",
            HelpName = "FORMAT",
        };
        var prefix = new Option<string>("--log-group-prefix")
        {
            Description = "New flow logs write to PREFIX + VPC id (default /vpc/flow-logs/).",
            HelpName = "PREFIX",
            DefaultValueFactory = _ => "/vpc/flow-logs/",
        };
        var deliveryRole = new Option<string>("--role-arn")
        {
            Description = "The role the flow logs service assumes to write to CloudWatch Logs, in each account ({account} is replaced); you need iam:PassRole on it.",
            HelpName = "ROLE_ARN",
            Required = true,
        };
        var destination = SubscribeArns.DestinationOption(
            $"Where the log groups are subscribed: the central account's destination (its region may be {SubscribeArns.RegionPlaceholder}), or in one account the stream (with --subscription-role-arn).");
        destination.Required = true;
        var subscriptionRole = new Option<string?>("--subscription-role-arn")
        {
            Description = "With a stream as --destination-arn: the role CloudWatch Logs assumes to write to it.",
            HelpName = "ROLE_ARN",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change and change nothing." };
        var region = AwsFlags.Region();
        var logsEndpoint = HttpUrlOption.Create("--endpoint-url", "CloudWatch Logs endpoint to use instead of the region's.");
        var ec2Endpoint = HttpUrlOption.Create("--ec2-endpoint-url", "EC2 endpoint to use instead of the region's.");
        var fanOut = new FanOutOptions();
        var command = new Command("ensure", "Create a VPC flow log into CloudWatch Logs for every chosen VPC without one, then subscribe its log group.")
        {
            vpcs, allVpcs, format, prefix, deliveryRole, destination, subscriptionRole, dryRun, region, AwsFlags.Profile(), logsEndpoint, ec2Endpoint,
        };
        fanOut.AddTo(command);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(vpcs) is { Length: > 0 }) == result.GetValue(allVpcs))
            {
                result.AddError("Choose VPCs with --vpc (repeatable) or --all-vpcs, one of the two.");
            }

            var intoDestination = result.GetResult(destination) is { Tokens: [var arn] } && SubscribeArns.IsDestination(arn.Value);
            if (intoDestination == (result.GetResult(subscriptionRole) is not null))
            {
                result.AddError("--subscription-role-arn goes with a stream as --destination-arn, and only then.");
            }

            if (result.GetValue(format) is { } text && !KinesisFlow.FlowLogs.FlowLogFormat.TryParse(text, out _, out var problem))
            {
                result.AddError($"--format: {problem}");
            }

            if (result.GetValue(prefix) is { } p && !SubscribeLogGroupNames.IsValid(p + "vpc-0"))
            {
                result.AddError($"--log-group-prefix: '{p}' does not make log group names.");
            }
        });

        command.WithExamples(
            new("Preview flow logs for every VPC of two member accounts", "kinesisflow flow-logs ensure --all-vpcs --accounts 111111111111,222222222222 --assume-role-arn arn:aws:iam::{account}:role/OrganizationAccountAccessRole --role-arn arn:aws:iam::{account}:role/flow-logs-delivery --destination-arn arn:aws:logs:{region}:123456789012:destination:kinesisflow --regions eu-west-1 --dry-run"),
            new("Turn them on for one VPC of this account, into the stream", "kinesisflow flow-logs ensure --vpc vpc-0abc1234 --region eu-west-1 --role-arn arn:aws:iam::123456789012:role/flow-logs-delivery --destination-arn arn:aws:kinesis:eu-west-1:123456789012:stream/flow-logs --subscription-role-arn arn:aws:iam::123456789012:role/kinesisflow-subscription"));
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var plan = new FlowLogsEnsure(
                    parseResult.GetValue(allVpcs) ? null : parseResult.GetValue(vpcs),
                    parseResult.GetValue(format),
                    parseResult.GetValue(prefix)!,
                    parseResult.GetRequiredValue(deliveryRole),
                    parseResult.GetRequiredValue(destination)!,
                    parseResult.GetValue(subscriptionRole),
                    parseResult.GetValue(dryRun));
                using var roles = new RoleAssumerHolder();
                IReadOnlyList<FanOutTarget> targets = fanOut.IsFanOut(parseResult)
                    ? await fanOut.ResolveAsync(parseResult, parseResult.GetValue(region), roles, cancellationToken)
                    : [new FanOutTarget(null, parseResult.GetValue(region) ?? "", FanOutTarget.CallersOptions())];
                return await FanOutRunner.RunAsync(
                    targets,
                    parseResult.GetValue(fanOut.MaxParallel),
                    "created",
                    (target, account, lines, ct) => plan.RunAsync(target, account, parseResult.GetValue(logsEndpoint), parseResult.GetValue(ec2Endpoint), lines, ct),
                    parseResult.InvocationConfiguration.Output,
                    error,
                    cancellationToken);
            }
            catch (Exception e) when (e is AwsServiceException or HttpRequestException or TimeoutException or ArgumentException or InvalidOperationException)
            {
                await error.WriteLineAsync($"flow-logs ensure: {e.Message}");
                return SubscribeRun.Failed;
            }
        });
        return command;
    }
}
