using KinesisFlow.Aws;
using KinesisFlow.Consumer.Configuration;
using KinesisFlow.Consumer.Lifecycle;
using KinesisFlow.Consumer.Retrieval;
using KinesisFlow.Consumer.Startup;
using KinesisFlow.Consumer.Supervision;
using KinesisFlow.Consumer.Telemetry;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Filtering;
using KinesisFlow.Sinks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Consumer;

public static class ConsumerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the consumer service on a host: <see cref="KinesisFlowOptions"/> bound from section <c>KinesisFlow</c>
    /// and validated at start, the Kinesis client, the sinks (section <c>KinesisFlow:Sinks</c>), the shard supervisor and
    /// the lease coordination over DynamoDB (section <c>KinesisFlow:Leases</c>), the hosted service. The caller registers
    /// <see cref="ConsumerInstruments"/> (the observability package does).
    /// </summary>
    public static IServiceCollection AddKinesisFlowConsumer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<KinesisFlowOptions>().Bind(configuration.GetSection(KinesisFlowOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KinesisFlowOptions>, KinesisFlowOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddKinesisFlowSinks(configuration);

        services.TryAddSingleton(provider => KinesisClientOptions(provider.GetRequiredService<IOptions<KinesisFlowOptions>>().Value.Kinesis));
        services.TryAddSingleton<IKinesisClient>(provider => new KinesisClient(provider.GetRequiredService<AwsClientOptions>(), provider.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton(provider => new FlowLogFormats(provider.GetRequiredService<IOptions<KinesisFlowOptions>>().Value.FlowLogs));
        services.TryAddSingleton<StreamConsumerRegistration>();
        services.TryAddSingleton<ShardReaderFactory>();
        services.TryAddSingleton<IShardReaderFactory>(provider => provider.GetRequiredService<ShardReaderFactory>());
        services.TryAddSingleton(CreateShardServices);
        services.TryAddSingleton(provider => new ShardSupervisor(
            provider.GetRequiredService<ShardConsumerServices>(),
            provider.GetRequiredService<IOptions<KinesisFlowOptions>>().Value.Supervisor));
        LeaseServices.Add(services);
        services.TryAddSingleton<StartupChecks>();
        services.AddHostedService<ConsumerHostedService>();
        return services;
    }

    /// <summary>The Kinesis client's settings: region, endpoint, and credentials from the standard AWS chain, resolved once and shared.</summary>
    public static AwsClientOptions KinesisClientOptions(KinesisOptions kinesis)
    {
        ArgumentNullException.ThrowIfNull(kinesis);
        return new AwsClientOptions
        {
            Region = kinesis.Region,
            ServiceUrl = kinesis.EndpointUrl is { } url ? new Uri(url) : null,
        }.WithSharedCredentials();
    }

    private static ShardConsumerServices CreateShardServices(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<KinesisFlowOptions>>().Value;
        // Validated at start-up, so the parse cannot fail here.
        var initial = InitialPosition.TryParse(options.Kinesis.InitialPosition, out var parsed, out _) ? parsed : InitialPosition.TrimHorizon;
        return new ShardConsumerServices(
            options.Kinesis.StreamName!,
            provider.GetRequiredService<IShardLeases>(),
            provider.GetRequiredService<IShardReaderFactory>(),
            provider.GetRequiredService<SinkSet>(),
            provider.GetRequiredService<FlowLogFormats>(),
            new FlowDecoderOptions { MaxDecompressedBytes = options.FlowLogs.MaxDecompressedBytes },
            new FlowRecordFilter(options.Filters),
            options.Pipeline,
            options.Checkpoints.ToPolicyOptions(),
            TimeSpan.FromTicks(options.Checkpoints.Interval.Ticks / 2),
            initial.ToStartingPosition(),
            options.Supervisor.ReconcileInterval,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ConsumerInstruments>(),
            provider.GetRequiredService<ILoggerFactory>());
    }
}
