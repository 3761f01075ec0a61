using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;

namespace KinesisFlow.Aws.Ec2;

/// <summary>A flow log of a VPC as EC2 reports it.</summary>
/// <param name="FlowLogId">fl-...</param>
/// <param name="ResourceId">The VPC (or subnet, interface, transit gateway) it logs.</param>
/// <param name="DestinationType">cloud-watch-logs, s3 or kinesis-data-firehose.</param>
/// <param name="LogGroupName">Its log group, for cloud-watch-logs.</param>
public sealed record VpcFlowLog(string FlowLogId, string ResourceId, string DestinationType, string? LogGroupName);

/// <summary>A VPC flow log into CloudWatch Logs as <c>flow-logs ensure</c> creates it: all traffic, 60 s aggregation.</summary>
/// <param name="VpcId">The VPC.</param>
/// <param name="LogGroupName">The log group it writes to.</param>
/// <param name="DeliveryRoleArn">The role the flow logs service assumes to write to the log group (iam:PassRole needed).</param>
/// <param name="LogFormat">Its record format; null for the version 2 default.</param>
public sealed record CreateVpcFlowLogRequest(string VpcId, string LogGroupName, string DeliveryRoleArn, string? LogFormat);

/// <summary>
/// The VPCs of one account and region and their flow logs, and creating the missing ones (EC2 DescribeVpcs,
/// DescribeFlowLogs, CreateFlowLogs over the EC2 query protocol). EC2's errors surface as <see cref="AwsServiceException"/>
/// like every other service's.
/// </summary>
public sealed class VpcFlowLogs : IDisposable
{
    public const string CloudWatchLogsDestination = "cloud-watch-logs";

    /// <summary>The shortest aggregation interval EC2 offers (60 s; the default is 600 s): flows reach the SIEM sooner.</summary>
    public const int MaxAggregationIntervalSeconds = 60;

    private readonly IAmazonEC2 _ec2;

    public VpcFlowLogs(AwsClientOptions options) => _ec2 = Ec2Client.Create(options);

    public Task<IReadOnlyList<string>> ListVpcIdsAsync(CancellationToken cancellationToken) =>
        AwsPages.CollectAsync(
            token => Call(() => _ec2.DescribeVpcsAsync(new DescribeVpcsRequest { MaxResults = 1000, NextToken = token }, cancellationToken)),
            static page => ((IReadOnlyList<string>)[.. (page.Vpcs ?? []).Select(v => v.VpcId)], page.NextToken),
            cancellationToken);

    /// <summary>Every flow log of the account and region, whatever its destination.</summary>
    public Task<IReadOnlyList<VpcFlowLog>> ListFlowLogsAsync(CancellationToken cancellationToken) =>
        AwsPages.CollectAsync(
            token => Call(() => _ec2.DescribeFlowLogsAsync(new DescribeFlowLogsRequest { MaxResults = 1000, NextToken = token }, cancellationToken)),
            static page => ((IReadOnlyList<VpcFlowLog>)[.. (page.FlowLogs ?? []).Select(f => new VpcFlowLog(f.FlowLogId ?? "", f.ResourceId ?? "", f.LogDestinationType?.Value ?? "", f.LogGroupName))], page.NextToken),
            cancellationToken);

    /// <returns>The new flow log's id.</returns>
    public async Task<string> CreateAsync(CreateVpcFlowLogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await Call(() => _ec2.CreateFlowLogsAsync(
            new CreateFlowLogsRequest
            {
                ResourceIds = [request.VpcId],
                ResourceType = FlowLogsResourceType.VPC,
                TrafficType = TrafficType.ALL,
                LogDestinationType = LogDestinationType.CloudWatchLogs,
                LogGroupName = request.LogGroupName,
                DeliverLogsPermissionArn = request.DeliveryRoleArn,
                LogFormat = request.LogFormat,
                MaxAggregationInterval = MaxAggregationIntervalSeconds,
            },
            cancellationToken));

        // EC2 answers 200 with the per-resource failures in "unsuccessful" (e.g. FlowLogAlreadyExists).
        if (response.Unsuccessful is { Count: > 0 } failures)
        {
            var error = failures[0].Error;
            throw new AwsServiceException(error?.Code ?? "Unknown", error?.Message ?? "", System.Net.HttpStatusCode.OK, response.ResponseMetadata?.RequestId);
        }

        return response.FlowLogIds?.FirstOrDefault()
            ?? throw new AwsServiceException("InvalidResponse", "CreateFlowLogs returned no flow log id.", System.Net.HttpStatusCode.OK, response.ResponseMetadata?.RequestId);
    }

    public void Dispose() => _ec2.Dispose();

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonServiceException e)
        {
            throw new AwsServiceException(e.ErrorCode ?? "Unknown", e.Message, e.StatusCode, e.RequestId);
        }
    }
}
