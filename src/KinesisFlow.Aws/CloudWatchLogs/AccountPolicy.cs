namespace KinesisFlow.Aws;

/// <summary>The policy types of PutAccountPolicy; KinesisFlow uses <see cref="SubscriptionFilter"/>.</summary>
public static class AccountPolicyTypes
{
    public const string SubscriptionFilter = "SUBSCRIPTION_FILTER_POLICY";
    public const string DataProtection = "DATA_PROTECTION_POLICY";
    public const string FieldIndex = "FIELD_INDEX_POLICY";
    public const string Transformer = "TRANSFORMER_POLICY";
}

/// <summary>An account-level policy as DescribeAccountPolicies / PutAccountPolicy report it.</summary>
/// <param name="PolicyName">Unique within the account and policy type.</param>
/// <param name="PolicyType">One of <see cref="AccountPolicyTypes"/>.</param>
/// <param name="PolicyDocument">The policy's JSON, as a string.</param>
/// <param name="Scope">"ALL".</param>
/// <param name="SelectionCriteria">E.g. <c>LogGroupName NOT IN ["/kinesisflow"]</c>; null when it applies to every log group.</param>
/// <param name="AccountId">The account it belongs to.</param>
/// <param name="LastUpdatedTime">When it last changed.</param>
public sealed record AccountPolicy(
    string PolicyName,
    string PolicyType,
    string PolicyDocument,
    string? Scope,
    string? SelectionCriteria,
    string? AccountId,
    DateTimeOffset? LastUpdatedTime);

/// <summary>
/// Creates or replaces an account-level policy. For a subscription filter policy build the document with
/// <see cref="SubscriptionFilterPolicyDocument"/> and the criteria with <see cref="SelectionCriteria.LogGroupNameNotIn"/>.
/// </summary>
/// <param name="PolicyName">Unique within the account and policy type; putting the same name again replaces it.</param>
/// <param name="PolicyDocument">The policy's JSON, as a string.</param>
/// <param name="PolicyType">One of <see cref="AccountPolicyTypes"/>.</param>
/// <param name="SelectionCriteria">Which log groups it applies to; null for all.</param>
/// <param name="Scope">"ALL", the only scope the service accepts.</param>
public sealed record PutAccountPolicyRequest(
    string PolicyName,
    string PolicyDocument,
    string PolicyType = AccountPolicyTypes.SubscriptionFilter,
    string? SelectionCriteria = null,
    string? Scope = "ALL");

/// <summary>One page of DescribeAccountPolicies.</summary>
public sealed record DescribeAccountPoliciesRequest(string PolicyType, string? PolicyName = null, string? NextToken = null);

public sealed record DescribeAccountPoliciesResponse(IReadOnlyList<AccountPolicy> AccountPolicies, string? NextToken);
