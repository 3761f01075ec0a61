using System.Text;

namespace KinesisFlow.Infra.Tests.Docs;

/// <summary>The settings reference of docs/configuration.md, generated from <see cref="ConfigurationCatalog"/>.</summary>
public static class ConfigurationTable
{
    public const string Begin = "<!-- settings:begin (generated from the options classes by KinesisFlow.Infra.Tests; do not edit by hand) -->";
    public const string End = "<!-- settings:end -->";

    /// <summary>One table per section (Kinesis, Leases, ..., Sinks, Observability), in the classes' order.</summary>
    public static string Markdown()
    {
        var text = new StringBuilder();
        foreach (var section in ConfigurationCatalog.All.GroupBy(s => SectionOf(s.Key)))
        {
            text.Append("### ").Append(section.Key).Append("\n\n")
                .Append("| Setting | Environment variable | Flag | Default | Meaning |\n")
                .Append("| --- | --- | --- | --- | --- |\n");
            foreach (var setting in section)
            {
                text.Append($"| `{setting.Key}` | `{setting.EnvironmentVariable}` | {Code(setting.Flag)} | {Code(setting.Default)} | {setting.Description} |\n");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string SectionOf(string key) => key.Split(':')[1];

    private static string Code(string value) => value.Length == 0 ? "" : $"`{value.Replace("|", "\\|", StringComparison.Ordinal)}`";
}
