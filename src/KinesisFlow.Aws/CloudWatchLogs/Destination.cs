namespace KinesisFlow.Aws;

/// <summary>
/// A CloudWatch Logs destination: the central account's named front for a Kinesis stream, which other accounts'
/// subscription filters (and account-level policies) may point at when its access policy lets them.
/// </summary>
/// <param name="DestinationName">Unique per account and region.</param>
/// <param name="TargetArn">The Kinesis stream it delivers into.</param>
/// <param name="RoleArn">The role CloudWatch Logs assumes to write to the stream.</param>
/// <param name="AccessPolicy">Who may subscribe (PutDestinationPolicy), as JSON; null before any policy is put.</param>
/// <param name="Arn">arn:aws:logs:REGION:ACCOUNT:destination:NAME.</param>
/// <param name="CreationTime">When it was created.</param>
public sealed record Destination(string DestinationName, string TargetArn, string RoleArn, string? AccessPolicy, string? Arn, DateTimeOffset? CreationTime);

/// <summary>Creates a destination or updates its target and role (PutDestination); the access policy is put separately.</summary>
public sealed record PutDestinationRequest(string DestinationName, string TargetArn, string RoleArn);

/// <summary>One page of DescribeDestinations.</summary>
public sealed record DescribeDestinationsRequest(string? DestinationNamePrefix = null, int? Limit = null, string? NextToken = null);

public sealed record DescribeDestinationsResponse(IReadOnlyList<Destination> Destinations, string? NextToken);
