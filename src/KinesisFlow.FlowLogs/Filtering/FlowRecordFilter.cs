using System.Text;

namespace KinesisFlow.FlowLogs.Filtering;

/// <summary>
/// Decides, per flow record, whether it goes on to the sinks (<see cref="FlowFilterOptions"/>). Pure and
/// allocation-free per record; one instance may be shared by every shard.
/// </summary>
public sealed class FlowRecordFilter
{
    private static readonly FlowField[] AddressFields = [FlowField.SrcAddr, FlowField.DstAddr, FlowField.PktSrcAddr, FlowField.PktDstAddr];

    private readonly bool _dropNoData;
    private readonly bool _dropPrivateOnly;
    private readonly byte[][] _includeActions;
    private readonly byte[][] _excludeActions;
    private readonly LogGroupPattern[] _includeLogGroups;
    private readonly LogGroupPattern[] _excludeLogGroups;

    /// <summary>Builds the filter; an action other than ACCEPT or REJECT throws an <see cref="ArgumentException"/> naming it.</summary>
    public FlowRecordFilter(FlowFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dropNoData = options.DropNoData;
        _dropPrivateOnly = options.DropPrivateOnly;
        _includeActions = Actions(options.IncludeActions, nameof(options.IncludeActions));
        _excludeActions = Actions(options.ExcludeActions, nameof(options.ExcludeActions));
        _includeLogGroups = options.IncludeLogGroups.ConvertAll(pattern => new LogGroupPattern(pattern)).ToArray();
        _excludeLogGroups = options.ExcludeLogGroups.ConvertAll(pattern => new LogGroupPattern(pattern)).ToArray();
        IsActive = _dropNoData || _dropPrivateOnly || _includeActions.Length > 0 || _excludeActions.Length > 0
            || _includeLogGroups.Length > 0 || _excludeLogGroups.Length > 0;
    }

    /// <summary>A filter that keeps everything.</summary>
    public static FlowRecordFilter None { get; } = new(new FlowFilterOptions());

    /// <summary>False when nothing is configured, so callers can skip the per-record call altogether.</summary>
    public bool IsActive { get; }

    /// <summary>Whether records of this log group may pass at all: check once per Kinesis record.</summary>
    public bool AcceptsLogGroup(ReadOnlySpan<byte> logGroup)
    {
        if (_includeLogGroups.Length > 0 && !AnyMatch(_includeLogGroups, logGroup))
        {
            return false;
        }

        return !AnyMatch(_excludeLogGroups, logGroup);
    }

    /// <summary>Whether the flow record passes every configured rule (its log group's included).</summary>
    public bool Accepts(in FlowRecord record)
    {
        if (!IsActive)
        {
            return true;
        }

        if (_dropNoData && record.TryGet(FlowField.LogStatus, out var status) && (status.SequenceEqual("NODATA"u8) || status.SequenceEqual("SKIPDATA"u8)))
        {
            return false;
        }

        if (!AcceptsAction(record))
        {
            return false;
        }

        if (_dropPrivateOnly && AllAddressesPrivate(record))
        {
            return false;
        }

        return AcceptsLogGroup(record.Context.LogGroup);
    }

    private bool AcceptsAction(in FlowRecord record)
    {
        if (_includeActions.Length == 0 && _excludeActions.Length == 0)
        {
            return true;
        }

        // A record without an action (NODATA, Transit Gateway) is not "one of the included actions".
        var hasAction = record.TryGet(FlowField.Action, out var action);
        if (_includeActions.Length > 0 && !(hasAction && Contains(_includeActions, action)))
        {
            return false;
        }

        return !(hasAction && Contains(_excludeActions, action));
    }

    private static bool AllAddressesPrivate(in FlowRecord record)
    {
        var seen = 0;
        foreach (var field in AddressFields)
        {
            if (record.TryGet(field, out var address))
            {
                if (!PrivateAddress.IsPrivate(address))
                {
                    return false;
                }

                seen++;
            }
        }

        return seen > 0;
    }

    private static bool AnyMatch(LogGroupPattern[] patterns, ReadOnlySpan<byte> logGroup)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(logGroup))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(byte[][] values, ReadOnlySpan<byte> value)
    {
        foreach (var candidate in values)
        {
            if (value.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[][] Actions(List<string> actions, string setting)
    {
        foreach (var action in actions)
        {
            if (action is not ("ACCEPT" or "REJECT"))
            {
                throw new ArgumentException($"{setting}: '{action}' is not a flow log action; expected ACCEPT or REJECT.", setting);
            }
        }

        return actions.ConvertAll(Encoding.UTF8.GetBytes).ToArray();
    }
}
