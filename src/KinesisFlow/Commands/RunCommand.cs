using System.CommandLine;
using KinesisFlow.Cli.Settings;
using KinesisFlow.Consumer.Startup;
using KinesisFlow.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Cli;

/// <summary>
/// <c>kinesisflow run --stream NAME [...]</c>: the consumer service on the generic host, sharing the stream's shards
/// with every other instance through the lease table. Exit code 0 after a graceful stop (SIGTERM, Ctrl-C), 1 when a
/// start-up check fails, 2 for a bad setting; either way one line on stderr says what (the exception is logged at
/// debug level).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var flags = new RunFlags();
        var command = new Command("run", "Consume the stream and deliver flow events to the sinks.");
        foreach (var option in flags.All)
        {
            command.Options.Add(option);
        }

        command.WithExamples(
            new("Consume a stream into a file, sharing its shards with every other instance", "kinesisflow run --stream flow-logs --region eu-west-1 --sink file:/var/log/kinesisflow/flows.ndjson"),
            new("Into Sekoia.io with enhanced fan-out, JSON logs and /metrics", "kinesisflow run --stream flow-logs --mode fanout --sink sekoia:fra1 --json-logs --http-listen 0.0.0.0:9464"),
            new("Against local emulators, ECS documents on stdout", "kinesisflow run --stream flows --endpoint-url http://127.0.0.1:4567 --dynamodb-endpoint-url http://127.0.0.1:4568 --sink stdout+ecs"));
        command.SetAction(async (parseResult, cancellation) =>
        {
            var sinks = parseResult.GetValue(flags.Sinks) ?? [];
            foreach (var spec in sinks)
            {
                if (!SinkSpec.TryParse(spec, out _, out var error))
                {
                    return await FailAsync(ExitCodes.BadSetting, $"{RunSettingsCheck.Name("KinesisFlow:Sinks:Specs")}: {error}");
                }
            }

            return await RunAsync(flags.ToConfiguration(parseResult), sinks, cancellation);
        });
        return command;
    }

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> settings, IReadOnlyList<string> sinks, CancellationToken cancellation)
    {
        IHost host;
        try
        {
            host = RunHost.Build(settings, sinks);
        }
        catch (SettingException exception)
        {
            return await FailAsync(ExitCodes.BadSetting, exception.Message);
        }
        catch (OptionsValidationException exception) when (exception.Failures.Any())
        {
            return await FailAsync(ExitCodes.BadSetting, string.Join("; ", exception.Failures));
        }

        using (host)
        {
            // Resolved up front: RunAsync disposes the host's services when it ends, failed or not.
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RunCommand).FullName!);
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            try
            {
                await host.RunAsync(cancellation);
                return ExitCodes.Ok;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                var failure = exception is AggregateException { InnerExceptions: [var single] } ? single : exception;
                RunLog.Failed(logger, failure);
                var phase = lifetime.ApplicationStarted.IsCancellationRequested ? "stopped with an error" : "start-up failed";
                return await FailAsync(
                    ExitCodes.Failed,
                    failure is StartupCheckException ? failure.Message : $"{phase}: {failure.Message} (Logging__LogLevel__Default=Debug logs the details)");
            }
        }
    }

    private static Task<int> FailAsync(int exitCode, string message) => CommandError.ReportAsync("run", exitCode, message);
}
