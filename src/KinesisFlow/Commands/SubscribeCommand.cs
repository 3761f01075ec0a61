using System.CommandLine;
using KinesisFlow.Aws;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow subscribe</c>: subscribes log groups (by name, prefix or pattern), or the whole account, to the
/// KinesisFlow stream. Idempotent: our filter is updated in place, never duplicated; a log group already at two filters
/// is reported by name, never clobbered; <c>--dry-run</c> shows the plan. <c>--discover-formats</c> prints each flow
/// log's format for configuration. Exit codes: 0 done (skipped or missing log groups are named in the summary), 1 a
/// call failed, 2 a usage error.
/// </summary>
internal static class SubscribeCommand
{
    public static Command Create()
    {
        var shared = new SubscribeOptions();
        var destination = SubscribeArns.DestinationOption(
            $"The KinesisFlow stream's ARN (infra/stream.yaml output StreamArn), or the central account's CloudWatch Logs destination (infra/central.yaml output DestinationArn; its region may be {SubscribeArns.RegionPlaceholder}).");
        var role = SubscribeArns.RoleOption();
        var fanOut = new FanOutOptions();
        var filterPattern = new Option<string>("--filter-pattern")
        {
            Description = "CloudWatch Logs filter pattern; empty (default) sends every event.",
            HelpName = "PATTERN",
            DefaultValueFactory = _ => "",
        };
        var filterName = new Option<string?>("--filter-name")
        {
            Description = $"Name of our filter (or account policy); must start with '{SubscribePlanner.OwnFilterPrefix}'. Default: {SubscribePlanner.OwnFilterPrefix}STREAM.",
            HelpName = "NAME",
        };
        var distribution = ChoiceOption.Enum(
            "--distribution",
            "Random spreads events over every shard (default); ByLogStream keeps each log stream on one shard.",
            SubscriptionDistribution.Random);
        var discoverFormats = new Option<bool>("--discover-formats")
        {
            Description = "Print each flow log's log group and format (EC2 DescribeFlowLogs) as a --formats JSON file; alone, subscribes nothing.",
        };
        var ec2EndpointUrl = HttpUrlOption.Create("--ec2-endpoint-url", "EC2 endpoint for --discover-formats instead of the region's.");

        var command = new Command("subscribe", "Subscribe log groups (or the account) to the stream.")
        {
            destination,
            role,
            filterPattern,
            filterName,
            distribution,
            discoverFormats,
            ec2EndpointUrl,
        };
        shared.AddTo(command, selectionRequired: false);
        shared.Exclude.Description += " Required with --account-level.";
        fanOut.AddTo(command);
        command.Validators.Add(result =>
        {
            // Presence, not values: a malformed ARN already has its own error.
            var (hasDestination, hasRole) = (result.GetResult(destination) is not null, result.GetResult(role) is not null);
            var intoDestination = result.GetResult(destination) is { Tokens: [var arn] } && SubscribeArns.IsDestination(arn.Value);
            var subscribing = hasDestination || hasRole || !result.GetValue(discoverFormats);
            if (subscribing && !(hasDestination && (hasRole || intoDestination)))
            {
                result.AddError("Subscribing needs --destination-arn, and --role-arn for a stream (or use --discover-formats alone).");
            }

            if (intoDestination && hasRole)
            {
                result.AddError("--role-arn: a CloudWatch Logs destination carries its own role (infra/central.yaml); drop --role-arn.");
            }

            if (subscribing && !result.GetValue(shared.AccountLevel) && !shared.HasSelection(result))
            {
                result.AddError("Choose log groups with --log-group, --log-group-prefix or --log-group-pattern, or use --account-level.");
            }

            if (result.GetValue(filterName) is { } name && !SubscribePlanner.IsOurs(name))
            {
                result.AddError($"--filter-name must start with '{SubscribePlanner.OwnFilterPrefix}' so that unsubscribe can recognise it; was '{name}'.");
            }
        });

        command.WithExamples(
            new("Preview subscribing every log group under a prefix to the stream", "kinesisflow subscribe --region eu-west-1 --destination-arn arn:aws:kinesis:eu-west-1:123456789012:stream/flow-logs --role-arn arn:aws:iam::123456789012:role/kinesisflow-subscription --log-group-prefix /vpc/flow-logs/ --dry-run"),
            new("Subscribe the whole account, leaving out the consumer's own logs", "kinesisflow subscribe --region eu-west-1 --account-level --destination-arn arn:aws:kinesis:eu-west-1:123456789012:stream/flow-logs --role-arn arn:aws:iam::123456789012:role/kinesisflow-subscription --exclude-log-group /kinesisflow/consumer"),
            new("Print each flow log's format as a --formats file", "kinesisflow subscribe --region eu-west-1 --discover-formats --log-group-prefix /vpc/flow-logs/"));
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var selection = shared.Selection(parseResult);
            var excluded = parseResult.GetValue(shared.Exclude) ?? [];
            var dryRun = parseResult.GetValue(shared.DryRun);
            try
            {
                SubscribeTarget Target(string? region)
                {
                    var arn = parseResult.GetValue(destination)!;
                    arn = region is not null ? SubscribeArns.ForRegion(arn, region)
                        : arn.Contains(SubscribeArns.RegionPlaceholder, StringComparison.Ordinal) ? throw new InvalidOperationException($"--destination-arn has {SubscribeArns.RegionPlaceholder}: give --region or --regions")
                        : arn;
                    return new SubscribeTarget(
                        parseResult.GetValue(filterName) ?? SubscribePlanner.OwnFilterPrefix + SubscribeArns.TargetName(arn),
                        parseResult.GetValue(filterPattern) ?? "",
                        arn,
                        SubscribeArns.IsDestination(arn) ? null : parseResult.GetRequiredValue(role),
                        parseResult.GetValue(distribution));
                }

                Task<SubscribeOutcome> SubscribeAsync(CloudWatchLogsClient logs, SubscribeTarget target, TextWriter lines, CancellationToken ct) =>
                    parseResult.GetValue(shared.AccountLevel)
                        ? SubscribeAccountAsync(logs, target, excluded, dryRun, lines, ct)
                        : SubscribeLogGroupsAsync(logs, target, selection, excluded, dryRun, lines, ct);

                if (fanOut.IsFanOut(parseResult))
                {
                    return await SubscribeFanOut.RunAsync(
                        parseResult,
                        fanOut,
                        new(parseResult.GetValue(shared.Region), parseResult.GetValue(shared.EndpointUrl), parseResult.GetValue(ec2EndpointUrl), selection),
                        parseResult.GetValue(discoverFormats),
                        parseResult.GetValue(destination) is null ? null : (logs, region, lines, ct) => SubscribeAsync(logs, Target(region), lines, ct),
                        cancellationToken);
                }

                if (parseResult.GetValue(discoverFormats))
                {
                    var ec2Options = new AwsClientOptions { Region = parseResult.GetValue(shared.Region), ServiceUrl = parseResult.GetValue(ec2EndpointUrl) };
                    await SubscribeFormats.WriteAsync(ec2Options, selection, output, error, cancellationToken);
                }

                if (parseResult.GetValue(destination) is null)
                {
                    return SubscribeRun.Done;
                }

                using var logs = new CloudWatchLogsClient(shared.Aws(parseResult));
                return (await SubscribeAsync(logs, Target(parseResult.GetValue(shared.Region)), output, cancellationToken)).ExitCode;
            }
            catch (Exception e) when (e is AwsServiceException or HttpRequestException or TimeoutException or ArgumentException or InvalidOperationException)
            {
                await error.WriteLineAsync($"subscribe: {e.Message}");
                return SubscribeRun.Failed;
            }
        });
        return command;
    }

    private static async Task<SubscribeOutcome> SubscribeLogGroupsAsync(
        CloudWatchLogsClient logs, SubscribeTarget target, SubscribeSelection selection, string[] excluded, bool dryRun, TextWriter output, CancellationToken cancellationToken)
    {
        var (found, missing) = await SubscribeLogGroups.ReadAsync(logs, selection, cancellationToken);
        var steps = SubscribePlanner.PlanSubscribe(target, found, excluded.ToHashSet(StringComparer.Ordinal));
        return await SubscribeRun.ApplyCountedAsync(
            steps,
            missing,
            (step, ct) => logs.PutSubscriptionFilterAsync(
                new PutSubscriptionFilterRequest(step.Target, step.FilterName, target.FilterPattern, target.DestinationArn, target.RoleArn, target.Distribution), ct),
            dryRun,
            output,
            cancellationToken);
    }

    private static async Task<SubscribeOutcome> SubscribeAccountAsync(
        CloudWatchLogsClient logs, SubscribeTarget target, string[] excluded, bool dryRun, TextWriter output, CancellationToken cancellationToken)
    {
        var criteria = SubscribeAccountPolicy.SelectionCriteria(excluded);
        var existing = await logs.DescribeAllAccountPoliciesAsync(AccountPolicyTypes.SubscriptionFilter, cancellationToken);
        var step = SubscribeAccountPolicy.Plan(target, criteria, existing);
        return await SubscribeRun.ApplyCountedAsync(
            [step],
            [],
            (s, ct) => logs.PutAccountPolicyAsync(new PutAccountPolicyRequest(s.FilterName, SubscribeAccountPolicy.Document(target), SelectionCriteria: criteria), ct),
            dryRun,
            output,
            cancellationToken);
    }
}
