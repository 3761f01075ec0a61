namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// What the <c>ecs</c> and <c>ocsf</c> writers both need to say about a flow: IANA protocol keywords, TCP flag
/// names, IP versions, and ISO 8601 timestamps, all written without allocating.
/// </summary>
internal static class EcsOcsfVocabulary
{
    // Bits of the tcp-flags field and their lowercase names, in bit order (FIN 1, SYN 2, RST 4, PSH 8, ACK 16, URG 32).
    private static readonly byte[][] TcpFlagNames = ["fin"u8.ToArray(), "syn"u8.ToArray(), "rst"u8.ToArray(), "psh"u8.ToArray(), "ack"u8.ToArray(), "urg"u8.ToArray()];

    /// <summary>The keyword of an IANA protocol number as Elastic's integration names it; empty when it has none.</summary>
    public static ReadOnlySpan<byte> TransportName(long protocol) => protocol switch
    {
        0 => "hopopt"u8,
        1 => "icmp"u8,
        2 => "igmp"u8,
        6 => "tcp"u8,
        8 => "egp"u8,
        17 => "udp"u8,
        47 => "gre"u8,
        50 => "esp"u8,
        58 => "ipv6-icmp"u8,
        112 => "vrrp"u8,
        132 => "sctp"u8,
        _ => default,
    };

    /// <summary>Writes the names of the flags set in <paramref name="flags"/> as a JSON array of strings.</summary>
    public static void WriteTcpFlagNames(ref Utf8JsonBufferWriter json, long flags)
    {
        json.StartArray();
        for (var bit = 0; bit < TcpFlagNames.Length; bit++)
        {
            if ((flags & (1L << bit)) != 0)
            {
                json.String(TcpFlagNames[bit]);
            }
        }

        json.EndArray();
    }

    /// <summary>4 or 6 from the address's shape (a colon means IPv6); 0 when it is neither.</summary>
    public static int IpVersion(ReadOnlySpan<byte> address) =>
        address.Contains((byte)':') ? 6 : address.Contains((byte)'.') ? 4 : 0;

    /// <summary>
    /// Writes <paramref name="unixMilliseconds"/> as an ISO 8601 UTC string (<c>2014-12-14T04:07:50.000Z</c>).
    /// Returns false, writing nothing, for a value outside the calendar .NET can represent.
    /// </summary>
    public static bool TryWriteIsoTimestamp(ref Utf8JsonBufferWriter json, long unixMilliseconds)
    {
        if (unixMilliseconds is < MinUnixMilliseconds or > MaxUnixMilliseconds)
        {
            return false;
        }

        // Digits by hand: three timestamps per ecs event made DateTime's format-string path the writer's main cost.
        // A per-thread scratch buffer, because a stackalloc'd span may not be handed to the ref struct writer.
        var text = timestampScratch ??= new byte[24];
        var time = DateTime.UnixEpoch.AddMilliseconds(unixMilliseconds);
        var (year, month, day) = time;
        var ofDay = time.TimeOfDay;
        Digits(text, 0, year, 4);
        text[4] = (byte)'-';
        Digits(text, 5, month, 2);
        text[7] = (byte)'-';
        Digits(text, 8, day, 2);
        text[10] = (byte)'T';
        Digits(text, 11, ofDay.Hours, 2);
        text[13] = (byte)':';
        Digits(text, 14, ofDay.Minutes, 2);
        text[16] = (byte)':';
        Digits(text, 17, ofDay.Seconds, 2);
        text[19] = (byte)'.';
        Digits(text, 20, ofDay.Milliseconds, 3);
        text[23] = (byte)'Z';
        json.String(text);
        return true;
    }

    /// <summary>Whether seconds since the epoch can be shown as a timestamp (and as milliseconds without overflow).</summary>
    public static bool IsRepresentableSeconds(long unixSeconds) =>
        unixSeconds is >= MinUnixMilliseconds / 1000 and <= MaxUnixMilliseconds / 1000;

    /// <summary>A lookup table of <paramref name="fields"/>, indexed by <see cref="FlowField"/>.</summary>
    public static bool[] FieldSet(params FlowField[] fields)
    {
        var set = new bool[FlowFields.TableSize];
        foreach (var field in fields)
        {
            set[(int)field] = true;
        }

        return set;
    }

    /// <summary>
    /// Writes the <c>cloud</c> object both schemas share: the provider, <c>account.{accountKey}</c>, the region, the
    /// zone (az-id) under <paramref name="zoneKey"/> and, for ECS, <c>instance.id</c>.
    /// </summary>
    public static void WriteCloud(
        ref Utf8JsonBufferWriter json, in FlowRecord record, ReadOnlySpan<byte> provider, ReadOnlySpan<byte> accountKey, ReadOnlySpan<byte> zoneKey, bool withInstance)
    {
        json.PropertyName("cloud"u8);
        json.StartObject();
        json.Property("provider"u8, provider);
        WriteNested(ref json, "account"u8, accountKey, record, FlowField.AccountId);
        if (withInstance)
        {
            WriteNested(ref json, "instance"u8, "id"u8, record, FlowField.InstanceId);
        }

        WriteIfPresent(ref json, "region"u8, record, FlowField.Region);
        WriteIfPresent(ref json, zoneKey, record, FlowField.AzId);
        json.EndObject();
    }

    /// <summary>Writes <paramref name="field"/>'s text under <paramref name="name"/> when the record has a value for it.</summary>
    public static void WriteIfPresent(ref Utf8JsonBufferWriter json, ReadOnlySpan<byte> name, in FlowRecord record, FlowField field)
    {
        if (record.TryGet(field, out var value))
        {
            json.Property(name, value);
        }
    }

    /// <summary>The flow's IP version from its source address, else its destination address; 0 when neither says.</summary>
    public static int IpVersion(in FlowRecord record)
    {
        var version = IpVersion(record.Get(FlowField.SrcAddr));
        return version != 0 ? version : IpVersion(record.Get(FlowField.DstAddr));
    }

    /// <summary>Writes the <c>bytes</c> and <c>packets</c> counters, each only where it is known.</summary>
    public static void WriteCounters(ref Utf8JsonBufferWriter json, bool hasBytes, long bytes, bool hasPackets, long packets)
    {
        if (hasBytes)
        {
            json.Property("bytes"u8, bytes);
        }

        if (hasPackets)
        {
            json.Property("packets"u8, packets);
        }
    }

    /// <summary>
    /// Writes the envelope both schemas keep beside the flow's own fields: <c>cloudwatch</c> (the log group only for
    /// ECS, since OCSF has a metadata place for it; then log_stream and owner) when any of those is known, then
    /// <c>kinesis</c>.
    /// </summary>
    public static void WriteEnvelope(ref Utf8JsonBufferWriter json, in FlowEventContext context, bool withLogGroup)
    {
        if (!((!withLogGroup || context.LogGroup.IsEmpty) && context.LogStream.IsEmpty && context.Owner.IsEmpty))
        {
            json.PropertyName("cloudwatch"u8);
            json.StartObject();
            if (withLogGroup)
            {
                json.Property("log_group"u8, context.LogGroup);
            }

            json.Property("log_stream"u8, context.LogStream);
            json.Property("owner"u8, context.Owner);
            json.EndObject();
        }

        WriteKinesis(ref json, context.Kinesis);
    }

    /// <summary>Writes <c>"kinesis":{"shard_id","sequence_number"}</c> when the record came with either.</summary>
    public static void WriteKinesis(ref Utf8JsonBufferWriter json, KinesisRecordContext kinesis)
    {
        if (kinesis.ShardId is null && kinesis.SequenceNumber is null)
        {
            return;
        }

        json.PropertyName("kinesis"u8);
        json.StartObject();
        if (kinesis.ShardId is not null)
        {
            json.Property("shard_id"u8, kinesis.ShardId);
        }

        if (kinesis.SequenceNumber is not null)
        {
            json.Property("sequence_number"u8, kinesis.SequenceNumber);
        }

        json.EndObject();
    }

    /// <summary>Writes <c>"name":{"key":value}</c> when the record has a value for <paramref name="field"/>.</summary>
    public static void WriteNested(ref Utf8JsonBufferWriter json, ReadOnlySpan<byte> name, ReadOnlySpan<byte> key, in FlowRecord record, FlowField field)
    {
        if (record.TryGet(field, out var value))
        {
            json.PropertyName(name);
            json.StartObject();
            json.Property(key, value);
            json.EndObject();
        }
    }

    private static void Digits(byte[] text, int at, int value, int width)
    {
        for (var i = at + width - 1; i >= at; i--)
        {
            text[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    [ThreadStatic]
    private static byte[]? timestampScratch;

    private const long MinUnixMilliseconds = -62_135_596_800_000; // 0001-01-01T00:00:00Z
    private const long MaxUnixMilliseconds = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
}
