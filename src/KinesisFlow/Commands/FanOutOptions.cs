using System.CommandLine;
using System.CommandLine.Parsing;
using KinesisFlow.Aws;
using KinesisFlow.Aws.Organizations;
using KinesisFlow.Aws.Sts;

namespace KinesisFlow.Cli;

/// <summary>One account and region of a fan-out, with the AWS options to act in that account (an assumed role's, or the caller's own).</summary>
internal sealed record FanOutTarget(string? Account, string Region, Func<Task<AwsClientOptions>> AccountOptions)
{
    /// <summary>How the table and the progress name the caller's own account when no account was listed.</summary>
    public const string OwnAccount = "(current)";

    public string AccountLabel => Account ?? OwnAccount;

    /// <summary>The account's options in this target's region (none: the configured one) at <paramref name="serviceUrl"/> (null: the region's).</summary>
    public AwsClientOptions Options(AwsClientOptions account, Uri? serviceUrl) =>
        (Region.Length > 0 ? account.ForRegion(Region) : account).AtEndpoint(serviceUrl);

    /// <summary>The caller's own account, as the credential chain (and --profile) gives it.</summary>
    public static Func<Task<AwsClientOptions>> CallersOptions() => static () => Task.FromResult(new AwsClientOptions());
}

/// <summary>
/// The options that run a command in every account and region of an organization: <c>--accounts ID,...</c> or
/// <c>--organization</c> (Organizations ListAccounts, ACTIVE accounts), entered through <c>--assume-role-arn</c> with
/// <c>{account}</c>, times <c>--regions r1,r2</c>, at most <c>--max-parallel</c> pairs at once.
/// </summary>
internal sealed class FanOutOptions
{
    public const string AccountPlaceholder = "{account}";

    public Option<string?> AssumeRoleArn { get; } = new("--assume-role-arn")
    {
        Description = $"Role to assume in each account, with {AccountPlaceholder}, e.g. arn:aws:iam::{AccountPlaceholder}:role/OrganizationAccountAccessRole.",
        HelpName = "TEMPLATE",
    };

    public Option<string[]> Accounts { get; } = new("--accounts")
    {
        Description = "Act in these accounts (comma-separated 12-digit ids); needs --assume-role-arn.",
        HelpName = "ID,...",
        CustomParser = Split,
    };

    public Option<bool> Organization { get; } = new("--organization")
    {
        Description = "Act in every ACTIVE account of the organization (Organizations ListAccounts, from the management or a delegated administrator account); needs --assume-role-arn.",
    };

    public Option<string[]> Regions { get; } = new("--regions")
    {
        Description = "Act in each of these regions (comma-separated); default: --region or the configured one.",
        HelpName = "R1,R2",
        CustomParser = Split,
    };

    public Option<int> MaxParallel { get; } = new("--max-parallel")
    {
        Description = "Account/region pairs worked on at once (default 4): bounded so that no account's API rate limits are hit by the run itself.",
        HelpName = "N",
        DefaultValueFactory = _ => 4,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<int>() is < 1 or > 64)
                {
                    result.AddError("--max-parallel must be between 1 and 64.");
                }
            },
        },
    };

    public Option<Uri?> StsEndpointUrl { get; } = HttpUrlOption.Create("--sts-endpoint-url", "STS endpoint for --assume-role-arn instead of the region's.");

    public Option<Uri?> OrganizationsEndpointUrl { get; } = HttpUrlOption.Create("--organizations-endpoint-url", "Organizations endpoint for --organization instead of the partition's.");

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { AssumeRoleArn, Accounts, Organization, Regions, MaxParallel, StsEndpointUrl, OrganizationsEndpointUrl })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            var accounts = result.GetValue(Accounts) ?? [];
            var role = result.GetValue(AssumeRoleArn);
            if (accounts.Length > 0 && result.GetValue(Organization))
            {
                result.AddError("Give --accounts or --organization, not both.");
            }

            if ((accounts.Length > 0 || result.GetValue(Organization)) && role is null)
            {
                result.AddError($"--accounts and --organization need --assume-role-arn (e.g. arn:aws:iam::{AccountPlaceholder}:role/OrganizationAccountAccessRole).");
            }

            if (role is not null && !role.Contains(AccountPlaceholder, StringComparison.Ordinal))
            {
                result.AddError($"--assume-role-arn must contain {AccountPlaceholder}, replaced by each account's id; was '{role}'.");
            }

            foreach (var id in accounts.Where(a => !DestinationCommand.AccountId().IsMatch(a)))
            {
                result.AddError($"--accounts: '{id}' is not a 12-digit account id.");
            }

            foreach (var region in (result.GetValue(Regions) ?? []).Where(r => !AwsEndpointResolver.IsValidRegionName(r)))
            {
                result.AddError($"--regions: '{region}' is not a region name (e.g. eu-west-1).");
            }

        });
    }

    /// <summary>True when the command acts beyond the caller's own account and region.</summary>
    public bool IsFanOut(ParseResult parseResult) =>
        parseResult.GetValue(Accounts) is { Length: > 0 } || parseResult.GetValue(Organization) || parseResult.GetValue(Regions) is { Length: > 0 };

    /// <summary>Every account × region pair, in account then region order; each account's role is assumed once, when first needed.</summary>
    public async Task<IReadOnlyList<FanOutTarget>> ResolveAsync(ParseResult parseResult, string? defaultRegion, RoleAssumerHolder roles, CancellationToken cancellationToken)
    {
        var regions = parseResult.GetValue(Regions) is { Length: > 0 } listed ? listed.Distinct(StringComparer.Ordinal).ToArray()
            : defaultRegion is not null ? [defaultRegion]
            : throw new InvalidOperationException("give --regions or --region");
        IReadOnlyList<string?> accounts = parseResult.GetValue(Accounts) is { Length: > 0 } ids ? [.. ids.Distinct(StringComparer.Ordinal)]
            : parseResult.GetValue(Organization) ? [.. await ListOrganizationAsync(parseResult, regions[0], cancellationToken)]
            : [null];
        var template = parseResult.GetValue(AssumeRoleArn);
        var own = new AwsClientOptions();
        var stsOptions = own.ForRegion(regions[0]).AtEndpoint(parseResult.GetValue(StsEndpointUrl));
        var targets = new List<FanOutTarget>();
        foreach (var account in accounts)
        {
            var options = account is null || template is null
                ? FanOutTarget.CallersOptions()
                : roles.For(stsOptions, template.Replace(AccountPlaceholder, account, StringComparison.Ordinal), own, cancellationToken);
            targets.AddRange(regions.Select(region => new FanOutTarget(account, region, options)));
        }

        return targets;
    }

    private async Task<IEnumerable<string>> ListOrganizationAsync(ParseResult parseResult, string region, CancellationToken cancellationToken)
    {
        using var organizations = new OrganizationsClient(new AwsClientOptions().ForRegion(region).AtEndpoint(parseResult.GetValue(OrganizationsEndpointUrl)));
        var accounts = await organizations.ListAllAccountsAsync(cancellationToken);
        return accounts.Where(a => a.IsActive).Select(a => a.Id).Order(StringComparer.Ordinal);
    }

    private static string[] Split(ArgumentResult result) =>
        [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}

/// <summary>Assumes each account's role once per run (a lazily started, shared task), whatever number of regions asks.</summary>
internal sealed class RoleAssumerHolder : IDisposable
{
    private readonly Dictionary<string, Lazy<Task<AwsClientOptions>>> _byRole = new(StringComparer.Ordinal);
    private RoleAssumer? _sts;

    /// <summary>The options of <paramref name="actAs"/> signing as <paramref name="roleArn"/>, assumed through <paramref name="stsOptions"/> once.</summary>
    public Func<Task<AwsClientOptions>> For(AwsClientOptions stsOptions, string roleArn, AwsClientOptions actAs, CancellationToken cancellationToken)
    {
        lock (_byRole)
        {
            if (!_byRole.TryGetValue(roleArn, out var lazy))
            {
                lazy = new Lazy<Task<AwsClientOptions>>(async () =>
                {
                    RoleAssumer sts;
                    lock (_byRole)
                    {
                        sts = _sts ??= new RoleAssumer(stsOptions);
                    }

                    return await sts.AssumeAsync(roleArn, actAs, cancellationToken);
                });
                _byRole[roleArn] = lazy;
            }

            return () => lazy.Value;
        }
    }

    public void Dispose() => _sts?.Dispose();
}
