using KinesisFlow.Cli.Logging;
using KinesisFlow.Cli.Settings;
using KinesisFlow.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Cli;

/// <summary>
/// The sinks of <c>redrive</c>, configured as <c>run</c> configures them (appsettings.json, <c>KINESISFLOW__Sinks__*</c>
/// environment variables, <c>--sink</c> replacing the configured list) through the same factory, with the dead-letter
/// file pointed at the run's new one and never rotated (it is one file the summary names), and no linger.
/// </summary>
internal static class RedriveSinkHost
{
    /// <summary>Builds the host and checks the sink settings; throws <see cref="SettingException"/> naming the bad one.</summary>
    public static IHost Build(IReadOnlyList<string> sinkSpecs, string deadLetterPath)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddKinesisFlowConsole();
        builder.Services.AddKinesisFlowSinks(builder.Configuration);
        builder.Services.PostConfigure<SinkOptions>(sinks =>
        {
            if (sinkSpecs.Count > 0)
            {
                sinks.Specs = [.. sinkSpecs];
            }

            // redrive sends a batch and waits for it to be acknowledged before reading on: nothing else comes to fill
            // a request, so lingering for more would only add its wait to every batch.
            sinks.Http.Linger = TimeSpan.Zero;
            sinks.Sekoia.Linger = TimeSpan.Zero;
            sinks.DeadLetter.Path = deadLetterPath;
            sinks.DeadLetter.Rotation = new FileRotationOptions { MaxFileBytes = 0, FlushToDisk = sinks.DeadLetter.Rotation.FlushToDisk };
        });
        var host = builder.Build();
        try
        {
            if (host.Services.GetRequiredService<IOptions<SinkOptions>>().Value.Specs.Count == 0)
            {
                throw new SettingException($"--sink: none given and {RunSettingsCheck.Name("KinesisFlow:Sinks:Specs")} is empty; expected {SinkSpec.Usage}");
            }
        }
        catch (OptionsValidationException exception)
        {
            host.Dispose();
            throw new SettingException(string.Join("; ", exception.Failures), exception);
        }
        catch (SettingException)
        {
            host.Dispose();
            throw;
        }

        return host;
    }
}
