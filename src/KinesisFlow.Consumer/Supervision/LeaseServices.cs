using KinesisFlow.Aws;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Consumer.Retrieval;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.Leases;
using KinesisFlow.Leases.DynamoDb;
using KinesisFlow.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Consumer.Supervision;

/// <summary>
/// Wires lease coordination for the consumer: the DynamoDB lease table (created when missing if configured to), the
/// lease coordinator with shard sync over ListShards, and the consumer's lease ports over it.
/// </summary>
internal static class LeaseServices
{
    public static void Add(IServiceCollection services)
    {
        // The lease table's DynamoDB client shares the Kinesis client's options (credentials, region, FIPS, dual-stack,
        // retries); only the endpoint is its own. The container disposes the connection, hence the client.
        services.TryAddSingleton(provider =>
        {
            var leases = provider.GetRequiredService<IOptions<KinesisFlowOptions>>().Value.Leases;
            return LeaseTableConnection.Open(
                provider.GetRequiredService<AwsClientOptions>().AtEndpoint(leases.EndpointUrl is { } url ? new Uri(url) : null),
                new DynamoDbLeaseTableOptions { TableName = leases.TableName, CreateIfMissing = leases.CreateTable },
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<DynamoDbLeaseStore>>());
        });
        services.TryAddSingleton<ILeaseStore>(provider => provider.GetRequiredService<LeaseTableConnection>().Store);
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<KinesisFlowOptions>>().Value;
            var store = provider.GetRequiredService<ILeaseStore>();
            var synchronizer = new ShardSynchronizer(
                new KinesisShardLister(
                    provider.GetRequiredService<IKinesisClient>(),
                    StreamAddress.ByName(options.Kinesis.StreamName!),
                    new ShardFilter(ShardFilterType.FromTrimHorizon)),
                store,
                InitialCheckpoint(options.Kinesis),
                provider.GetRequiredService<ILogger<ShardSynchronizer>>());
            var coordinator = new LeaseCoordinator(
                WorkerIdentity.Resolve(options.Leases),
                store,
                options.Leases,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<LeaseCoordinator>>(),
                synchronizer,
                telemetry: provider.GetService<LeaseInstruments>());

            // /health/ready: ready while this worker's renewal cycles keep completing.
            if (provider.GetService<IReadinessReporter>() is { } readiness)
            {
                coordinator.RenewalCycleCompleted += (_, _) => readiness.LeasesRenewed(coordinator.WorkerId);
            }

            return coordinator;
        });
        services.TryAddSingleton<CoordinatedShardLeases>();
        services.TryAddSingleton<IShardLeases>(provider => provider.GetRequiredService<CoordinatedShardLeases>());
        services.TryAddSingleton<ILeaseWorker>(provider => provider.GetRequiredService<CoordinatedShardLeases>());
    }

    /// <summary>The checkpoint a new lease starts with: the sentinel of the configured initial position.</summary>
    private static ExtendedSequenceNumber InitialCheckpoint(KinesisOptions kinesis) =>
        InitialPosition.TryParse(kinesis.InitialPosition, out var initial, out _) ? initial.Kind switch
        {
            InitialPositionKind.Latest => ExtendedSequenceNumber.Latest,
            InitialPositionKind.AtTimestamp => ExtendedSequenceNumber.AtTimestamp,
            _ => ExtendedSequenceNumber.TrimHorizon,
        }
        : ExtendedSequenceNumber.TrimHorizon;
}
