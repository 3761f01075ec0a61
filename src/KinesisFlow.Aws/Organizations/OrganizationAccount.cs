namespace KinesisFlow.Aws.Organizations;

/// <summary>A member account as ListAccounts reports it.</summary>
/// <param name="Id">The 12-digit account id.</param>
/// <param name="Name">Its friendly name.</param>
/// <param name="Status">ACTIVE, SUSPENDED or PENDING_CLOSURE; only ACTIVE accounts can be onboarded.</param>
public sealed record OrganizationAccount(string Id, string? Name, string Status)
{
    public const string Active = "ACTIVE";

    public bool IsActive => Status == Active;
}
