using System.Text;

namespace KinesisFlow.FlowLogs;

/// <summary>
/// The ordered list of fields of a flow log, as fixed when the flow log was created. Immutable and shared:
/// parse it once per log group, then decode any number of lines with it.
/// </summary>
public sealed class FlowLogFormat : IEquatable<FlowLogFormat>
{
    /// <summary>The AWS default (version 2) format.</summary>
    public static readonly FlowLogFormat DefaultV2 = Parse(
        "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status");

    /// <summary>
    /// The default format followed by the 15 version 3-5 fields in AWS's documented order: the longest raw layout
    /// SEKOIA.IO's intake parses without a JSON conversion.
    /// </summary>
    public static readonly FlowLogFormat DefaultV2WithV5Fields = Parse(
        DefaultV2.Text + " vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id"
        + " sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path");

    /// <summary>The default format of Transit Gateway flow logs (version 6).</summary>
    public static readonly FlowLogFormat TransitGatewayDefault = Parse(
        "version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id"
        + " tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id"
        + " tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes start end"
        + " log-status type packets-lost-no-route packets-lost-blackhole packets-lost-mtu-exceeded"
        + " packets-lost-ttl-expired tcp-flags region flow-direction pkt-src-aws-service pkt-dst-aws-service");

    private readonly FlowField[] _fields;
    private readonly FlowValueKind[] _kinds;
    private readonly int[] _numericPositions;
    private readonly sbyte[] _positions;

    private FlowLogFormat(FlowField[] fields)
    {
        _fields = fields;
        _kinds = Array.ConvertAll(fields, field => FlowFields.Info(field).Kind);
        _numericPositions = [.. Enumerable.Range(0, fields.Length).Where(i => _kinds[i] != FlowValueKind.String)];
        _positions = new sbyte[FlowFields.Count];
        Array.Fill(_positions, (sbyte)-1);
        var text = new StringBuilder();
        for (var i = 0; i < fields.Length; i++)
        {
            _positions[(int)fields[i]] = (sbyte)i;
            text.Append(i == 0 ? string.Empty : " ").Append(FlowFields.Info(fields[i]).AwsName);
        }

        Text = text.ToString();
    }

    /// <summary>The fields in line order.</summary>
    public ReadOnlySpan<FlowField> Fields => _fields;

    public int Count => _fields.Length;

    /// <summary>The value kind of each position (the parser's per-line table).</summary>
    internal ReadOnlySpan<FlowValueKind> Kinds => _kinds;

    /// <summary>The positions of the numeric fields (the ones the parser validates).</summary>
    internal ReadOnlySpan<int> NumericPositions => _numericPositions;

    /// <summary>The canonical form: AWS names separated by single spaces (no <c>${}</c>).</summary>
    public string Text { get; }

    /// <summary>The position of <paramref name="field"/> in a line, or -1 when this format does not carry it.</summary>
    public int IndexOf(FlowField field) => _positions[(int)field];

    public bool Contains(FlowField field) => _positions[(int)field] >= 0;

    /// <summary>
    /// Parses a format as AWS shows it (<c>${version} ${account-id} ...</c>) or as plain space-separated names
    /// (<c>version account-id ...</c>); both spellings may be mixed. Throws <see cref="FlowLogFormatException"/>
    /// naming an unknown or repeated field.
    /// </summary>
    public static FlowLogFormat Parse(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var fields = new List<FlowField>();
        var seen = new bool[FlowFields.Count];
        foreach (var range in format.AsSpan().SplitAny(" \t\r\n"))
        {
            var token = format.AsSpan()[range];
            if (token.IsEmpty)
            {
                continue;
            }

            var name = token.StartsWith("${") && token.EndsWith('}') ? token[2..^1] : token;
            if (!FlowFields.TryFind(name, out var field))
            {
                throw new FlowLogFormatException($"Unknown flow log field '{name}' in format '{format.Trim()}'.", name.ToString());
            }

            if (seen[(int)field])
            {
                throw new FlowLogFormatException($"Flow log field '{name}' appears twice in format '{format.Trim()}'.", name.ToString());
            }

            seen[(int)field] = true;
            fields.Add(field);
        }

        if (fields.Count == 0)
        {
            throw new FlowLogFormatException("A flow log format needs at least one field; the format string is empty.");
        }

        return new FlowLogFormat([.. fields]);
    }

    /// <summary>Like <see cref="Parse"/> but returns the reason instead of throwing.</summary>
    public static bool TryParse(string format, out FlowLogFormat? result, out string? error)
    {
        try
        {
            result = Parse(format);
            error = null;
            return true;
        }
        catch (FlowLogFormatException e)
        {
            result = null;
            error = e.Message;
            return false;
        }
    }

    public bool Equals(FlowLogFormat? other) => other is not null && _fields.AsSpan().SequenceEqual(other._fields);

    public override bool Equals(object? obj) => Equals(obj as FlowLogFormat);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Text;
}
