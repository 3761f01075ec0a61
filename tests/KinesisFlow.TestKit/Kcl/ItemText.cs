using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace KinesisFlow.TestKit.Kcl;

/// <summary>A DynamoDB item as text, for comparing items exactly: a difference in a name, type, value or absence shows.</summary>
public static class ItemText
{
    /// <summary>Every attribute as <c>name:TYPE=value</c>, sorted by name.</summary>
    public static string Of(IReadOnlyDictionary<string, AttributeValue> item) =>
        string.Join(" ", item.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}:{Of(pair.Value)}"));

    public static string Of(AttributeValue value) => value switch
    {
        { S: { } s } => "S=" + s,
        { N: { } n } => "N=" + n,
        { SS: { Count: > 0 } ss } => "SS=[" + string.Join(",", ss.Order(StringComparer.Ordinal)) + "]",
        { NS: { Count: > 0 } ns } => "NS=[" + string.Join(",", ns.Order(StringComparer.Ordinal)) + "]",
        { B: { } b } => "B=" + Convert.ToHexString(b.ToArray()),
        { L: { } l } => "L=[" + string.Join(",", l.Select(Of)) + "]",
        { M: { } m } => "M={" + Of(m) + "}",
        { BOOL: { } flag } => "BOOL=" + flag.ToString(CultureInfo.InvariantCulture),
        _ => "?",
    };
}
