namespace KinesisFlow.FlowLogs.Filtering;

/// <summary>
/// Which flow records to leave out before they reach any sink. Everything is off by default: an empty options
/// object keeps every record.
/// </summary>
public sealed class FlowFilterOptions
{
    /// <summary>Drop NODATA and SKIPDATA records (no traffic, or records AWS skipped).</summary>
    public bool DropNoData { get; set; }

    /// <summary>
    /// Drop records whose addresses (srcaddr, dstaddr and the pkt-* addresses the format carries) are all private
    /// or local: RFC 1918, shared 100.64/10, loopback, link-local, IPv6 unique-local and link-local.
    /// </summary>
    public bool DropPrivateOnly { get; set; }

    /// <summary>Keep only records whose action is listed (ACCEPT, REJECT); empty keeps every action.</summary>
    public List<string> IncludeActions { get; set; } = [];

    /// <summary>Drop records whose action is listed.</summary>
    public List<string> ExcludeActions { get; set; } = [];

    /// <summary>Keep only these log groups (names or globs with * and ?); empty keeps every log group.</summary>
    public List<string> IncludeLogGroups { get; set; } = [];

    /// <summary>Drop these log groups (names or globs).</summary>
    public List<string> ExcludeLogGroups { get; set; } = [];
}
