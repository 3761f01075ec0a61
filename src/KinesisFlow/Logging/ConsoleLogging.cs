using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace KinesisFlow.Cli.Logging;

/// <summary>
/// Where and how <c>run</c> logs: to stderr (stdout may be a sink), plain single lines by default (appsettings.json),
/// or <see cref="JsonLogFormatter"/> lines under the name <c>json</c>, which replaces the built-in JSON formatter.
/// </summary>
internal static class ConsoleLogging
{
    public static void AddKinesisFlowConsole(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

        // The console keeps the first formatter of each name: the built-in "json" one goes, so that ours is the one.
        logging.Services.RemoveAll<ConsoleFormatter>(descriptor => descriptor.ImplementationType?.Name == "JsonConsoleFormatter");
        // Its options (Logging:Console:FormatterOptions) are the built-in json formatter's, which AddConsole already binds
        // without reflection; AddConsoleFormatter<,> would bind them a second time by reflection (not in the AOT binary).
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, JsonLogFormatter>());
        logging.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            // A full ISO-8601 UTC time with nothing after it (the plain format's timestamp, in appsettings.json, ends
            // with a space to separate it from the level; the same FormatterOptions section is bound here too).
            json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            json.UseUtcTimestamp = true;
        });
    }

    private static void RemoveAll<TService>(this IServiceCollection services, Func<ServiceDescriptor, bool> match)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(TService) && match(services[i]))
            {
                services.RemoveAt(i);
            }
        }
    }
}
