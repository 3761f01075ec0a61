using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Cli.Logging;

/// <summary>
/// The console's <c>json</c> format (<c>--json-logs</c>, <c>Logging__Console__FormatterName=json</c>): one JSON object
/// per line with <c>Timestamp</c> (ISO-8601 UTC), <c>EventId</c>, <c>EventName</c>, <c>LogLevel</c>,
/// <c>Category</c>, <c>Message</c>, <c>Exception</c> when there is one, and each field of the message (<c>WorkerId</c>,
/// <c>StreamName</c>, <c>ShardId</c>, <c>LeaseKey</c>, <c>Sink</c>, ...) as a top-level field, so that a log pipeline
/// can filter on <c>.ShardId</c> without digging into the built-in formatter's <c>State</c> object. Scopes, when
/// included, add their fields the same way; a field never overwrites one written before it.
/// </summary>
internal sealed class JsonLogFormatter : ConsoleFormatter, IDisposable
{
    private static readonly string[] Reserved = ["Timestamp", "EventId", "EventName", "LogLevel", "Category", "Message", "Exception"];

    private readonly IDisposable? _reload;
    private readonly TimeProvider _time;
    private JsonConsoleFormatterOptions _options;

    public JsonLogFormatter(IOptionsMonitor<JsonConsoleFormatterOptions> options, TimeProvider? time = null)
        : base(ConsoleFormatterNames.Json)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.CurrentValue;
        _reload = options.OnChange(changed => _options = changed);
        _time = time ?? TimeProvider.System;
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is null && message is null)
        {
            return;
        }

        var options = _options;
        var buffer = new ArrayBufferWriter<byte>(512);
        // Logs are read by people and log pipelines, not embedded in HTML: '+' and non-ASCII letters stay as they are.
        var writerOptions = options.JsonWriterOptions with { Indented = false, Encoder = options.JsonWriterOptions.Encoder ?? JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var writer = new Utf8JsonWriter(buffer, writerOptions))
        {
            writer.WriteStartObject();
            var now = options.UseUtcTimestamp ? _time.GetUtcNow() : _time.GetLocalNow();
            writer.WriteString("Timestamp", now.ToString(options.TimestampFormat ?? "O", CultureInfo.InvariantCulture).TrimEnd());
            writer.WriteNumber("EventId", logEntry.EventId.Id);
            if (logEntry.EventId.Name is { } eventName)
            {
                writer.WriteString("EventName", eventName);
            }

            writer.WriteString("LogLevel", logEntry.LogLevel.ToString());
            writer.WriteString("Category", logEntry.Category);
            writer.WriteString("Message", message);
            if (logEntry.Exception is { } exception)
            {
                writer.WriteString("Exception", exception.ToString());
            }

            var written = new HashSet<string>(Reserved, StringComparer.Ordinal);
            if (logEntry.State is IEnumerable<KeyValuePair<string, object?>> fields)
            {
                WriteFields(writer, fields, written);
            }

            if (options.IncludeScopes && scopeProvider is not null)
            {
                scopeProvider.ForEachScope(
                    (scope, state) =>
                    {
                        if (scope is IEnumerable<KeyValuePair<string, object?>> scopeFields)
                        {
                            WriteFields(state.Writer, scopeFields, state.Written);
                        }
                    },
                    (Writer: writer, Written: written));
            }

            writer.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }

    public void Dispose() => _reload?.Dispose();

    private static void WriteFields(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> fields, HashSet<string> written)
    {
        foreach (var (name, value) in fields)
        {
            // {OriginalFormat} is the message template, already rendered as Message.
            if (name == "{OriginalFormat}" || !written.Add(name))
            {
                continue;
            }

            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case float number when float.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                break;
            case DateTime time:
                writer.WriteStringValue(time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
