namespace KinesisFlow.Aws.Organizations;

/// <summary>
/// Every AWS Organizations operation KinesisFlow calls (IAM action "organizations:" + the name): only the account list
/// of <c>--organization</c>, from the management account or a delegated administrator.
/// </summary>
public static class OrganizationsOperations
{
    public const string ListAccounts = nameof(ListAccounts);

    public static string IamAction(string operation) => "organizations:" + operation;
}
