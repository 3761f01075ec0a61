using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace KinesisFlow.Infra.Tests.Docs;

/// <summary>The one-line summary of a property from its assembly's XML documentation file (built beside it).</summary>
public static partial class XmlDocs
{
    private static readonly Dictionary<Assembly, Dictionary<string, string>> Cache = [];

    public static string Summary(PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var assembly = property.DeclaringType!.Assembly;
        Dictionary<string, string>? members;
        lock (Cache)
        {
            if (!Cache.TryGetValue(assembly, out members))
            {
                members = Load(assembly);
                Cache[assembly] = members;
            }
        }

        return members.GetValueOrDefault($"P:{property.DeclaringType.FullName}.{property.Name}", "");
    }

    private static Dictionary<string, string> Load(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            return [];
        }

        return XDocument.Load(path).Descendants("member")
            .Where(m => m.Element("summary") is not null)
            .ToDictionary(m => (string)m.Attribute("name")!, m => Flatten(m.Element("summary")!));
    }

    /// <summary>Summary text as Markdown: code in backticks, cross-references by their short name, one line.</summary>
    private static string Flatten(XElement summary)
    {
        var text = string.Concat(summary.Nodes().Select(node => node switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
            XElement { Name.LocalName: "see" } see => ShortName((string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? ""),
            XElement { Name.LocalName: "paramref" } p => (string?)p.Attribute("name") ?? "",
            XElement e => e.Value,
            _ => "",
        }));
        return Whitespace().Replace(text, " ").Trim().Replace("|", "\\|", StringComparison.Ordinal);
    }

    private static string ShortName(string cref) => cref[(cref.LastIndexOf('.') + 1)..];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
