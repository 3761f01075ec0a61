using System.Buffers;

namespace KinesisFlow.FlowLogs;

/// <summary>
/// The ordered list of fields of a flow log, as fixed when the flow log was created. Immutable and shared:
/// parse it once per log group, then decode any number of lines with it.
/// </summary>
public sealed class FlowLogFormat : IEquatable<FlowLogFormat>
{
    // What a field name may be made of: AWS's names are lowercase words joined by '-'; tools write '_' instead.
    // Declared first: the formats below are parsed by static initializers, which run in textual order.
    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

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
    private readonly FlowFieldInfo[] _infos;
    private readonly FlowValueKind[] _kinds;
    private readonly int[] _numericPositions;
    private readonly NumericCheck[] _numericChecks;
    private readonly NumericRun[] _numericRuns;
    private readonly short[] _positions;

    private FlowLogFormat(FlowFieldInfo[] infos)
    {
        _infos = infos;
        _fields = Array.ConvertAll(infos, info => info.Field);
        _kinds = Array.ConvertAll(infos, info => info.Kind);
        _numericPositions = [.. Enumerable.Range(0, infos.Length).Where(i => _kinds[i] != FlowValueKind.String)];
        _numericChecks = Array.ConvertAll(_numericPositions, position => NumericCheck.For(position, _kinds[position]));
        _numericRuns = NumericRun.Of(_numericChecks);
        _positions = new short[FlowFields.TableSize];
        Array.Fill(_positions, (short)-1);
        var unknown = new List<string>();
        for (var i = 0; i < infos.Length; i++)
        {
            if (infos[i].IsUnknown)
            {
                unknown.Add(infos[i].AwsName);
            }
            else
            {
                _positions[(int)infos[i].Field] = (short)i;
            }
        }

        UnknownFields = unknown;
        Text = string.Join(' ', infos.Select(info => info.AwsName));
    }

    /// <summary>The fields in line order; <see cref="FlowField.Unknown"/> for a field this version does not know.</summary>
    public ReadOnlySpan<FlowField> Fields => _fields;

    public int Count => _fields.Length;

    /// <summary>
    /// The names of the fields this version does not know, as the format wrote them: their values are kept as
    /// strings under those names. Callers warn about them once, when the format is configured or discovered.
    /// </summary>
    public IReadOnlyList<string> UnknownFields { get; }

    /// <summary>The value kind of each position (the parser's per-line table).</summary>
    internal ReadOnlySpan<FlowValueKind> Kinds => _kinds;

    /// <summary>The positions of the numeric fields (the ones the parser validates).</summary>
    internal ReadOnlySpan<int> NumericPositions => _numericPositions;

    /// <summary>The same positions with their digit limits, for the parser's per-line check.</summary>
    internal ReadOnlySpan<NumericCheck> NumericChecks => _numericChecks;

    /// <summary>The same checks grouped into runs of neighbouring positions.</summary>
    internal ReadOnlySpan<NumericRun> NumericRuns => _numericRuns;

    /// <summary>The canonical form: AWS names separated by single spaces (no <c>${}</c>, hyphens, unknown names as written).</summary>
    public string Text { get; }

    /// <summary>What the field at <paramref name="position"/> is: its name, output key and kind (unknown fields included).</summary>
    public FlowFieldInfo InfoAt(int position) => _infos[position];

    /// <summary>The position of <paramref name="field"/> in a line, or -1 when this format does not carry it.</summary>
    public int IndexOf(FlowField field) => _positions[(int)field];

    public bool Contains(FlowField field) => _positions[(int)field] >= 0;

    /// <summary>
    /// Parses a format as AWS shows it (<c>${version} ${account-id} ...</c>) or as plain space-separated names
    /// (<c>version account-id ...</c>); both spellings may be mixed, and names may be written with underscores
    /// (<c>${account_id}</c>). A name this version does not know is accepted as <see cref="FlowField.Unknown"/>
    /// (see <see cref="UnknownFields"/>). Throws <see cref="FlowLogFormatException"/> for what cannot be a format:
    /// no field, a repeated field, a token that is not a field name (letters, digits, <c>-</c> and <c>_</c>), or an
    /// unbalanced <c>${</c>.
    /// </summary>
    public static FlowLogFormat Parse(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var infos = new List<FlowFieldInfo>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var range in format.AsSpan().SplitAny(" \t\r\n"))
        {
            var token = format.AsSpan()[range];
            if (token.IsEmpty)
            {
                continue;
            }

            var name = token.StartsWith("${") && token.EndsWith('}') ? token[2..^1] : token;
            if (name.IsEmpty || name.ContainsAnyExcept(NameCharacters))
            {
                throw new FlowLogFormatException($"'{token}' is not a flow log field in format '{format.Trim()}': a field is written ${{name}} or name, with letters, digits, '-' and '_'.", token.ToString());
            }

            var info = FlowFields.TryFind(name, out var field) ? FlowFields.Info(field) : FlowFieldInfo.ForUnknown(name.ToString());
            if (!seen.Add(info.Key))
            {
                throw new FlowLogFormatException($"Flow log field '{name}' appears twice in format '{format.Trim()}'.", name.ToString());
            }

            infos.Add(info);
        }

        if (infos.Count == 0)
        {
            throw new FlowLogFormatException("A flow log format needs at least one field; the format string is empty.");
        }

        return new FlowLogFormat([.. infos]);
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

    public bool Equals(FlowLogFormat? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as FlowLogFormat);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Text;
}
