using System.Text.Json;

namespace KinesisFlow.Aws.Organizations;

/// <summary>
/// AWS Organizations' ListAccounts over its JSON 1.1 protocol (X-Amz-Target: AWSOrganizationsV20161128.ListAccounts) on
/// the shared transport: one small call, so no SDK package for it. Organizations has one endpoint per partition, signed
/// for its home region (us-east-1 in the aws partition), whatever region the rest of the run uses.
/// </summary>
public sealed class OrganizationsClient : AwsJsonServiceClient
{
    private static readonly AwsOperation ListAccountsOp = new(OrganizationsOperations.ListAccounts);

    public OrganizationsClient(AwsClientOptions options, TimeProvider? timeProvider = null)
        : base(new AwsJsonClient(AwsJsonService.Organizations, HomeRegion(options), timeProvider))
    {
    }

    /// <summary>Every account of the organization, following NextToken to the end.</summary>
    public Task<IReadOnlyList<OrganizationAccount>> ListAllAccountsAsync(CancellationToken cancellationToken) =>
        AwsPages.CollectAsync(
            token => Transport.InvokeAsync(ListAccountsOp, token, WriteListAccounts, ReadListAccounts, cancellationToken),
            static page => page,
            cancellationToken);

    /// <summary>The options for the partition's Organizations region, every other setting kept (an explicit endpoint keeps the caller's region).</summary>
    private static AwsClientOptions HomeRegion(AwsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ServiceUrl is not null)
        {
            return options;
        }

        var region = AwsRegionResolver.Resolve(options.Region);
        var home = region.StartsWith("cn-", StringComparison.Ordinal) ? "cn-northwest-1"
            : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "us-gov-west-1"
            : "us-east-1";
        return options.ForRegion(home);
    }

    private static void WriteListAccounts(Utf8JsonWriter writer, string? nextToken)
    {
        // Organizations' members are PascalCase, unlike CloudWatch Logs'.
        if (nextToken is not null)
        {
            writer.WriteString("NextToken", nextToken);
        }
    }

    private static (IReadOnlyList<OrganizationAccount> Accounts, string? NextToken) ReadListAccounts(JsonElement root) =>
        (root.GetArrayOrEmpty("Accounts", a => new OrganizationAccount(a.GetRequiredString("Id"), a.GetStringOrNull("Name"), a.GetStringOrNull("Status") ?? "")),
         root.GetStringOrNull("NextToken"));
}
