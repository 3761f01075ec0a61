using System.CommandLine;
using System.Text.RegularExpressions;
using KinesisFlow.Aws;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow destination create|show|delete</c>, in the central account: the CloudWatch Logs destination in front of
/// the stream (PutDestination) and its access policy (PutDestinationPolicy), so that member accounts' log groups can
/// subscribe to a stream they do not own. Idempotent; <c>--dry-run</c> shows the plan.
/// </summary>
internal static partial class DestinationCommand
{
    public static Command Create()
    {
        var command = new Command("destination", "Manage the cross-account CloudWatch Logs destination.");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(DeleteCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var aws = new DestinationOptions();
        var stream = SubscribeArns.StreamOption("The KinesisFlow stream the destination delivers into (infra/stream.yaml output StreamArn).", "--stream-arn");
        stream.Required = true;
        var role = SubscribeArns.RoleOption("The role CloudWatch Logs assumes to write to the stream (infra/central.yaml output DestinationRoleArn); you need iam:PassRole on it.");
        role.Required = true;
        var accounts = new Option<string[]>("--allow-account")
        {
            Description = "A member account allowed to subscribe its log groups (repeatable).",
            HelpName = "ID",
        };
        var organization = new Option<string?>("--allow-organization")
        {
            Description = "Allow every account of this organization (aws:PrincipalOrgID), e.g. o-a1b2c3d4e5.",
            HelpName = "ORG_ID",
        };
        var command = new Command("create", "Create or update the destination and its access policy; running it again changes nothing.") { stream, role, accounts, organization };
        aws.AddTo(command);
        command.Validators.Add(result =>
        {
            var allowed = result.GetValue(accounts) ?? [];
            var org = result.GetValue(organization);
            if ((allowed.Length == 0) == (org is null))
            {
                result.AddError("Give --allow-account (repeatable) or --allow-organization, one of the two.");
            }

            foreach (var id in allowed.Where(a => !AccountId().IsMatch(a)))
            {
                result.AddError($"--allow-account: '{id}' is not a 12-digit account id.");
            }

            if (org is not null && !OrganizationId().IsMatch(org))
            {
                result.AddError($"--allow-organization: '{org}' is not an organization id (o- and 10 to 32 letters or digits).");
            }
        });
        command.WithExamples(
            new("Let every account of the organization subscribe to the central stream", "kinesisflow destination create --name kinesisflow --region eu-west-1 --stream-arn arn:aws:kinesis:eu-west-1:123456789012:stream/flow-logs --role-arn arn:aws:iam::123456789012:role/kinesisflow-destination --allow-organization o-a1b2c3d4e5"),
            new("Preview the same for two named accounts", "kinesisflow destination create --name kinesisflow --region eu-west-1 --stream-arn arn:aws:kinesis:eu-west-1:123456789012:stream/flow-logs --role-arn arn:aws:iam::123456789012:role/kinesisflow-destination --allow-account 111111111111 --allow-account 222222222222 --dry-run"));
        command.SetAction((parseResult, cancellationToken) => aws.RunAsync(parseResult, "destination create", async (logs, output, ct) =>
        {
            var streamArn = parseResult.GetRequiredValue(stream)!;
            var wanted = new PutDestinationRequest(parseResult.GetRequiredValue(aws.Name), streamArn, parseResult.GetRequiredValue(role)!);
            var existing = await logs.FindDestinationAsync(wanted.DestinationName, ct);
            var dryRun = parseResult.GetValue(aws.DryRun);
            var arn = existing?.Arn ?? DestinationArn(streamArn, parseResult.GetValue(aws.Region), wanted.DestinationName);
            var policy = DestinationAccessPolicy.Build(arn, parseResult.GetValue(accounts) ?? [], parseResult.GetValue(organization));
            var changes = 0;

            var destinationAction = existing is null ? "create" : existing.TargetArn == wanted.TargetArn && existing.RoleArn == wanted.RoleArn ? null : "update";
            if (destinationAction is not null)
            {
                changes++;
                if (!dryRun)
                {
                    arn = (await logs.PutDestinationAsync(wanted, ct))?.Arn ?? arn;
                }
            }

            await output.WriteLineAsync($"{Would(destinationAction, dryRun),-10} destination {wanted.DestinationName}  -> {wanted.TargetArn} (role {wanted.RoleArn})");
            var policyAction = existing is not null && DestinationAccessPolicy.SameAs(existing.AccessPolicy, policy) ? null : existing?.AccessPolicy is null ? "create" : "update";
            if (policyAction is not null)
            {
                changes++;
                if (!dryRun)
                {
                    await logs.PutDestinationPolicyAsync(wanted.DestinationName, policy, ct);
                }
            }

            await output.WriteLineAsync($"{Would(policyAction, dryRun),-10} policy      {policy}");
            await output.WriteLineAsync(dryRun ? $"dry run, nothing changed: {changes} to change" : $"{changes} changed; subscribe member accounts with --destination-arn {arn}");
            return SubscribeRun.Done;
        }, cancellationToken));
        return command;
    }

    private static Command ShowCommand()
    {
        var aws = new DestinationOptions();
        var command = new Command("show", "Print the destination: its ARN, stream, role and access policy.");
        aws.AddTo(command, dryRun: false);
        command.WithExamples(
            new("Print the destination's ARN, to give to the member accounts", "kinesisflow destination show --name kinesisflow --region eu-west-1"),
            new("The same in another region", "kinesisflow destination show --name kinesisflow --region us-east-1"));
        command.SetAction((parseResult, cancellationToken) => aws.RunAsync(parseResult, "destination show", async (logs, output, ct) =>
        {
            var name = parseResult.GetRequiredValue(aws.Name);
            var destination = await logs.FindDestinationAsync(name, ct)
                ?? throw new InvalidOperationException($"no destination named {name} in this account and region");
            await output.WriteLineAsync($"name    {destination.DestinationName}\narn     {destination.Arn}\nstream  {destination.TargetArn}\nrole    {destination.RoleArn}\npolicy  {destination.AccessPolicy ?? "(none: no other account may subscribe)"}");
            return SubscribeRun.Done;
        }, cancellationToken));
        return command;
    }

    private static Command DeleteCommand()
    {
        var aws = new DestinationOptions();
        var command = new Command("delete", "Delete the destination; member accounts' filters into it stop delivering.");
        aws.AddTo(command);
        command.WithExamples(
            new("See what deleting would do", "kinesisflow destination delete --name kinesisflow --region eu-west-1 --dry-run"),
            new("Delete it: member accounts' filters into it stop delivering", "kinesisflow destination delete --name kinesisflow --region eu-west-1"));
        command.SetAction((parseResult, cancellationToken) => aws.RunAsync(parseResult, "destination delete", async (logs, output, ct) =>
        {
            var name = parseResult.GetRequiredValue(aws.Name);
            var dryRun = parseResult.GetValue(aws.DryRun);
            if (await logs.FindDestinationAsync(name, ct) is null)
            {
                await output.WriteLineAsync($"{"none",-10} destination {name}  nothing to delete");
                return SubscribeRun.Done;
            }

            if (!dryRun)
            {
                await logs.DeleteDestinationAsync(name, ct);
            }

            await output.WriteLineAsync($"{Would("delete", dryRun),-10} destination {name}");
            return SubscribeRun.Done;
        }, cancellationToken));
        return command;
    }

    /// <summary>The destination's ARN before it exists (dry run): the stream's partition and account, the call's region.</summary>
    private static string DestinationArn(string streamArn, string? region, string name)
    {
        var parts = streamArn.Split(':');
        return $"arn:{parts[1]}:logs:{region ?? parts[3]}:{parts[4]}:destination:{name}";
    }

    private static string Would(string? action, bool dryRun) => action is null ? "unchanged" : dryRun ? "would " + action : action;

    [GeneratedRegex(@"^\d{12}$")]
    internal static partial Regex AccountId();

    [GeneratedRegex("^o-[a-z0-9]{10,32}$")]
    private static partial Regex OrganizationId();
}
