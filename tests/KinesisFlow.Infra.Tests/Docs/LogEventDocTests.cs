using System.Reflection;
using System.Text;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Infra.Tests.Docs;

/// <summary>
/// Every [LoggerMessage] of the product has an explicit event id, unique across the product (never the generator's
/// hash code), and docs/operations.md lists each one: an operator's log filter on an id keeps working across releases.
/// </summary>
public sealed class LogEventDocTests
{
    private const string Begin = "<!-- log-events:begin (generated from the [LoggerMessage] attributes by KinesisFlow.Infra.Tests; do not edit by hand) -->";
    private const string End = "<!-- log-events:end -->";

    [Fact]
    public void Every_log_event_has_an_explicit_unique_id()
    {
        var events = LogEvents();
        Assert.True(events.Count > 40, $"only {events.Count} log events found: is the reflection looking at the product's assemblies?");
        Assert.All(events, e => Assert.True(e.Attribute.EventId > 0, $"{e.Source}.{e.Method} has no explicit EventId"));
        var duplicates = events.GroupBy(e => e.Attribute.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}");
        Assert.Empty(duplicates);
    }

    /// <summary>Run with KINESISFLOW_UPDATE_DOCS=1 to rewrite the generated table of docs/operations.md.</summary>
    [Fact]
    public void Operations_doc_lists_every_log_event() =>
        GeneratedDocSection.AssertCurrent(RepositoryRoot.File("docs", "operations.md"), Begin, End, Table());

    private static string Table()
    {
        var text = new StringBuilder("| Id | Level | Source | Message |\n| --- | --- | --- | --- |\n");
        foreach (var e in LogEvents().OrderBy(e => e.Attribute.EventId))
        {
            text.Append($"| {e.Attribute.EventId} | {e.Attribute.Level} | {e.Source} | {e.Attribute.Message?.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        return text.ToString();
    }

    private static List<(string Source, string Method, LoggerMessageAttribute Attribute)> LogEvents()
    {
        // The product's assemblies, all copied next to this test assembly by its reference to the executable.
        var assemblies = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name is "kinesisflow" || (name!.StartsWith("KinesisFlow.", StringComparison.Ordinal) && !name.EndsWith(".Tests", StringComparison.Ordinal) && name != "KinesisFlow.TestKit"))
            .Select(name => Assembly.Load(name!))
            .ToList();
        var events = new List<(string, string, LoggerMessageAttribute)>();
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<LoggerMessageAttribute>() is { } attribute)
                {
                    events.Add((type.Name, method.Name, attribute));
                }
            }
        }

        return events;
    }
}
