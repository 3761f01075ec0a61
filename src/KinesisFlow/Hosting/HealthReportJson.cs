using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KinesisFlow.Hosting;

/// <summary>
/// Writes a health report as <c>{"status":"Healthy","checks":{"readiness":{"status":"Healthy","description":"..."}}}</c>:
/// enough for a human with curl and for probes that only read the status code. Exceptions are never written (they may
/// carry secrets); their type is.
/// </summary>
internal static class HealthReportJson
{
    public static async Task WriteAsync(HttpResponse response, HealthReport report, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            if (entry.Description is not null)
            {
                json.WriteString("description", entry.Description);
            }

            if (entry.Exception is not null)
            {
                json.WriteString("error", entry.Exception.GetType().Name);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }
}
