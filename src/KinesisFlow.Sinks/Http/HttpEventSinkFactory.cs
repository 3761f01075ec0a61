using Microsoft.Extensions.Logging;

namespace KinesisFlow.Sinks;

/// <summary>Builds the HTTP sinks: the generic <c>http:URL</c> sink and the SEKOIA.IO intake.</summary>
internal static class HttpEventSinkFactory
{
    /// <summary>A generic <c>http:URL</c> sink.</summary>
    public static HttpEventSink CreateGeneric(Uri url, string format, HttpSinkOptions options, IDeadLetterSink deadLetters, TimeProvider time, ILoggerFactory loggers, SinkTelemetry telemetry) =>
        new(GenericProfile(url, format, options), deadLetters, time, loggers.CreateLogger<HttpEventSink>(), telemetry, CreateHandler());

    /// <summary>
    /// The SEKOIA.IO intake: text lines to <c>plain/batch</c>, JSON events to <c>jsons</c> under
    /// <paramref name="intake"/>, the key in <c>X-SEKOIAIO-INTAKE-KEY</c>.
    /// </summary>
    public static HttpEventSink CreateSekoia(Uri intake, string format, SekoiaSinkOptions options, IDeadLetterSink deadLetters, TimeProvider time, ILoggerFactory loggers, SinkTelemetry telemetry) =>
        new(SekoiaProfile(intake, format, options), deadLetters, time, loggers.CreateLogger<HttpEventSink>(), telemetry, CreateHandler());

    internal static HttpSinkProfile GenericProfile(Uri url, string format, HttpSinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var lane = new RequestLane(url, options.Body == HttpBodyKinds.Array ? BodyFraming.JsonArray : BodyFraming.Ndjson);
        return new HttpSinkProfile(
            HttpSinkProfile.NameFor("http", url), format, lane, lane, [.. options.Headers], options, options.MaxRequestBytes, options.Gzip);
    }

    internal static HttpSinkProfile SekoiaProfile(Uri intake, string format, SekoiaSinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = new RequestLane(new Uri(intake, "plain/batch"), BodyFraming.PlainLines);
        var json = new RequestLane(new Uri(intake, "jsons"), BodyFraming.JsonArray);
        KeyValuePair<string, string>[] headers = [new("X-SEKOIAIO-INTAKE-KEY", options.IntakeKey ?? string.Empty)];
        var maxEvent = Math.Min(options.MaxEventBytes, SekoiaSinkOptions.IntakeMaxEventBytes);
        return new HttpSinkProfile(HttpSinkProfile.NameFor("sekoia", intake), format, text, json, headers, options, maxEvent, Gzip: false);
    }

    internal static SocketsHttpHandler CreateHandler() => new()
    {
        // Certificates are verified (the default); plain HTTP is used only for an http:// URL.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AllowAutoRedirect = false,
    };
}
