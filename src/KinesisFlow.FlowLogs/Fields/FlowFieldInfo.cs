using System.Text;

namespace KinesisFlow.FlowLogs;

/// <summary>What KinesisFlow knows about one flow log field: its AWS name, its output key and its value kind.</summary>
public sealed class FlowFieldInfo
{
    private readonly byte[] _awsNameUtf8;
    private readonly byte[] _keyUtf8;
    private readonly byte[] _jsonPropertyUtf8;
    private readonly byte[] _jsonMemberPrefixUtf8;

    internal FlowFieldInfo(FlowField field, string awsName, FlowValueKind kind, bool isTransitGatewayOnly)
    {
        Field = field;
        AwsName = awsName;
        Key = awsName.Replace('-', '_');
        Kind = kind;
        IsTransitGatewayOnly = isTransitGatewayOnly;
        _awsNameUtf8 = Encoding.UTF8.GetBytes(awsName);
        _keyUtf8 = Encoding.UTF8.GetBytes(Key);
        _jsonPropertyUtf8 = Encoding.UTF8.GetBytes($"\"{Key}\":");
        _jsonMemberPrefixUtf8 = Encoding.UTF8.GetBytes($",\"{Key}\":" + (kind == FlowValueKind.String ? "\"" : string.Empty));
    }

    public FlowField Field { get; }

    /// <summary>The name AWS uses in format strings, e.g. <c>pkt-srcaddr</c> (for an unknown field, the name as written).</summary>
    public string AwsName { get; }

    /// <summary>The snake_case output key, e.g. <c>pkt_srcaddr</c>: the AWS name with <c>-</c> turned into <c>_</c>.</summary>
    public string Key { get; }

    public FlowValueKind Kind { get; }

    /// <summary>True for fields only Transit Gateway flow logs carry (resource-type, tgw-*, packets-lost-*).</summary>
    public bool IsTransitGatewayOnly { get; }

    public bool IsNumeric => Kind != FlowValueKind.String;

    public ReadOnlySpan<byte> AwsNameUtf8 => _awsNameUtf8;

    /// <summary><see cref="Key"/> as UTF-8 (plain ASCII: safe to write into JSON without escaping).</summary>
    public ReadOnlySpan<byte> KeyUtf8 => _keyUtf8;

    /// <summary><c>"key":</c> ready to copy into JSON output (keys are plain ASCII, nothing to escape).</summary>
    public ReadOnlySpan<byte> JsonPropertyUtf8 => _jsonPropertyUtf8;

    /// <summary>
    /// <c>,"key":</c> followed by the opening quote for string fields: everything a writer puts before a value
    /// in one copy (slice off the comma for the first member).
    /// </summary>
    internal ReadOnlySpan<byte> JsonMemberPrefixUtf8 => _jsonMemberPrefixUtf8;

    /// <summary>True for a field this version does not know (<see cref="FlowField.Unknown"/>), named by its format.</summary>
    public bool IsUnknown => Field == FlowField.Unknown;

    /// <summary>Describes a field the catalogue lacks: a string under the name the format gives it.</summary>
    internal static FlowFieldInfo ForUnknown(string name) => new(FlowField.Unknown, name, FlowValueKind.String, isTransitGatewayOnly: false);

    public override string ToString() => AwsName;
}
