
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Sinks;

public static class SinkServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SinkOptions"/> (bound to the <c>KinesisFlow:Sinks</c> section, validated at start), the
    /// <see cref="SinkFactory"/> and the <see cref="SinkSet"/> singleton. The SEKOIA.IO intake key falls back to the
    /// SEKOIA_INTAKE_KEY environment variable. To let <c>--sink</c> flags replace the configured list, add
    /// <c>services.PostConfigure&lt;SinkOptions&gt;(o =&gt; o.Specs = flags)</c> when any were given.
    /// </summary>
    public static IServiceCollection AddKinesisFlowSinks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SinkOptions>()
            .Bind(configuration.GetSection(SinkOptions.SectionName))
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.Sekoia.IntakeKey))
                {
                    options.Sekoia.IntakeKey = Environment.GetEnvironmentVariable(SekoiaSinkOptions.IntakeKeyVariable);
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SinkOptions>, SinkOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new SinkTelemetry(
            provider.GetService<SinkInstruments>(), provider.GetService<IReadinessReporter>()));
        services.TryAddSingleton<SinkFactory>();
        services.TryAddSingleton(provider => provider.GetRequiredService<SinkFactory>().Create());
        return services;
    }
}
