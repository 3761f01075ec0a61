using Amazon.EC2;
using Amazon.EC2.Model;

namespace KinesisFlow.Aws.Ec2;

/// <summary>
/// Finds the record format of every VPC / Transit Gateway flow log that delivers to CloudWatch Logs (EC2
/// DescribeFlowLogs, paged), so that custom formats need no hand-written configuration. Used by
/// <c>kinesisflow subscribe --discover-formats</c> and, with FlowLogs:DiscoverFormats, by the consumer at start-up.
/// Needs the IAM action ec2:DescribeFlowLogs (which takes no resource-level permission).
/// </summary>
public sealed class FlowLogFormatDiscovery : IDisposable
{
    /// <summary>The version 2 default format, which AWS applies when a flow log was created without one.</summary>
    public const string DefaultFormat =
        "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}";

    private readonly IAmazonEC2 _ec2;
    private readonly bool _ownsClient;

    /// <summary>Discovery over a caller's EC2 client (not disposed here).</summary>
    public FlowLogFormatDiscovery(IAmazonEC2 ec2)
        : this(ec2, ownsClient: false)
    {
    }

    private FlowLogFormatDiscovery(IAmazonEC2 ec2, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(ec2);
        _ec2 = ec2;
        _ownsClient = ownsClient;
    }

    /// <summary>Discovery with an EC2 client built from KinesisFlow's AWS settings (region or endpoint, credentials, timeout, retries).</summary>
    public static FlowLogFormatDiscovery Create(AwsClientOptions options) => new(Ec2Client.Create(options), ownsClient: true);

    /// <summary>Every flow log that delivers to CloudWatch Logs, in the order EC2 lists them.</summary>
    public async Task<IReadOnlyList<DiscoveredFlowLogFormat>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var found = new List<DiscoveredFlowLogFormat>();
        string? nextToken = null;
        do
        {
            var response = await _ec2.DescribeFlowLogsAsync(
                new DescribeFlowLogsRequest
                {
                    Filter = [new Filter("log-destination-type", ["cloud-watch-logs"])],
                    MaxResults = 1000,
                    NextToken = nextToken,
                },
                cancellationToken);
            foreach (var flowLog in response.FlowLogs ?? [])
            {
                if (!string.IsNullOrEmpty(flowLog.LogGroupName))
                {
                    var format = string.IsNullOrWhiteSpace(flowLog.LogFormat) ? DefaultFormat : flowLog.LogFormat;
                    found.Add(new DiscoveredFlowLogFormat(flowLog.LogGroupName, format, flowLog.FlowLogId ?? "", flowLog.ResourceId ?? ""));
                }
            }

            nextToken = string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken;
        }
        while (nextToken is not null);

        return found;
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _ec2.Dispose();
        }
    }
}
