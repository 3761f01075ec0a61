using System.Buffers;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// The <c>ecs</c> output: Elastic Common Schema as Elastic's AWS integration (data stream <c>aws.vpcflow</c>, ECS
/// 8.11) and Filebeat's <c>parse_aws_vpc_flow_log</c> processor map a flow record — <c>@timestamp</c> from
/// <c>end</c>, <c>event.start/end/outcome/action</c>, <c>event.type</c> <c>connection</c> plus <c>allowed</c> or
/// <c>denied</c>, <c>event.reason</c> from reject-reason, <c>source.*</c> and <c>destination.*</c> (address, ip,
/// port; bytes and packets on the source), <c>network.*</c> (iana_number, transport, type, bytes, packets,
/// direction, community_id), <c>related.ip</c>, <c>cloud.*</c> (provider, account, instance, region,
/// availability_zone), the Amazon ECS task fields as <c>orchestrator.*</c>, <c>container.id</c> and
/// <c>service.name</c>, the interface as <c>observer.ingress/egress.interface.id</c>, and <c>aws.vpcflow.*</c> for
/// every other field as a keyword, with the TCP flags also as names. The envelope goes to <c>event.id</c>
/// (CloudWatch Logs event id), <c>aws.cloudwatch.*</c> (log_group, log_stream, owner) and <c>aws.kinesis.*</c>
/// (shard_id, sequence_number). <c>event.original</c> (the line) only when asked for: it doubles an event's size.
/// </summary>
public sealed class EcsFlowRecordWriter : IFlowRecordWriter
{
    private readonly bool _includeOriginal;

    /// <summary>The writer without <c>event.original</c> (the default).</summary>
    public EcsFlowRecordWriter()
        : this(includeOriginal: false)
    {
    }

    /// <param name="includeOriginal">Whether each event carries the flow line as <c>event.original</c>.</param>
    public EcsFlowRecordWriter(bool includeOriginal)
    {
        _includeOriginal = includeOriginal;
    }

    /// <summary>The ECS version the output follows (the one Elastic's integration declares).</summary>
    public const string EcsVersion = "8.11.0";

    // Fields that leave aws.vpcflow for an ECS place, as the integration's pipeline removes or renames them.
    private static readonly bool[] MovedToEcs = EcsOcsfVocabulary.FieldSet(
        FlowField.SrcAddr, FlowField.DstAddr, FlowField.SrcPort, FlowField.DstPort, FlowField.Protocol, FlowField.Packets,
        FlowField.Bytes, FlowField.Start, FlowField.End, FlowField.Region, FlowField.AzId, FlowField.FlowDirection,
        FlowField.SublocationType, FlowField.SublocationId);

    public void Write(in FlowRecord record, IBufferWriter<byte> output)
    {
        var json = new Utf8JsonBufferWriter(output, (record.Line.Length * 4) + 1024);
        json.StartObject();
        WriteTimestamp(ref json, record);
        json.PropertyName("ecs"u8);
        json.StartObject();
        json.Property("version"u8, "8.11.0"u8);
        json.EndObject();
        WriteEvent(ref json, record, _includeOriginal);
        WriteEndpoint(ref json, "source"u8, record, FlowField.SrcAddr, FlowField.SrcPort, withCounters: true);
        WriteEndpoint(ref json, "destination"u8, record, FlowField.DstAddr, FlowField.DstPort, withCounters: false);
        WriteNetwork(ref json, record);
        WriteRelated(ref json, record);
        EcsOcsfVocabulary.WriteCloud(ref json, record, "aws"u8, "id"u8, "availability_zone"u8, withInstance: true);
        EcsTaskFields.Write(ref json, record);
        WriteObserver(ref json, record);
        WriteAws(ref json, record);
        json.EndObject();
        json.Flush();
    }

    private static void WriteTimestamp(ref Utf8JsonBufferWriter json, in FlowRecord record)
    {
        // The integration stamps a flow with its end; a record without one (NODATA from a custom format) falls back
        // to its start, then to the CloudWatch Logs event time.
        json.PropertyName("@timestamp"u8);
        if (!(TryWriteSeconds(ref json, record, FlowField.End) || TryWriteSeconds(ref json, record, FlowField.Start)
            || EcsOcsfVocabulary.TryWriteIsoTimestamp(ref json, record.Context.Timestamp)))
        {
            json.Null();
        }
    }

    private static void WriteEvent(ref Utf8JsonBufferWriter json, in FlowRecord record, bool includeOriginal)
    {
        json.PropertyName("event"u8);
        json.StartObject();
        json.Property("kind"u8, "event"u8);
        json.PropertyName("category"u8);
        json.StartArray();
        json.String("network"u8);
        json.EndArray();
        var hasAction = record.TryGet(FlowField.Action, out var action);
        var accepted = hasAction && action.SequenceEqual("ACCEPT"u8);
        var rejected = hasAction && action.SequenceEqual("REJECT"u8);

        // Both Elastic references add allowed/denied to connection, and detection rules match on it.
        json.PropertyName("type"u8);
        json.StartArray();
        json.String("connection"u8);
        if (accepted || rejected)
        {
            json.String(accepted ? "allowed"u8 : "denied"u8);
        }

        json.EndArray();
        if (accepted || rejected)
        {
            json.Property("action"u8, accepted ? "accept"u8 : "reject"u8);
            json.Property("outcome"u8, accepted ? "success"u8 : "failure"u8);
        }
        else if (hasAction)
        {
            json.Property("action"u8, action);
        }

        EcsOcsfVocabulary.WriteIfPresent(ref json, "reason"u8, record, FlowField.RejectReason);

        WriteTimeIfPresent(ref json, "start"u8, record, FlowField.Start);
        WriteTimeIfPresent(ref json, "end"u8, record, FlowField.End);

        if (!record.Context.EventId.IsEmpty)
        {
            json.Property("id"u8, record.Context.EventId);
        }

        if (includeOriginal)
        {
            json.Property("original"u8, record.Line);
        }

        json.EndObject();
    }

    // The flow's interface observed the traffic: where it came in for ingress flows, where it left for egress.
    // Without flow-direction the side is unknown and the id stays in aws.vpcflow.interface_id only.
    private static void WriteObserver(ref Utf8JsonBufferWriter json, in FlowRecord record)
    {
        var direction = record.Get(FlowField.FlowDirection);
        var ingress = direction.SequenceEqual("ingress"u8);
        if (!(ingress || direction.SequenceEqual("egress"u8)) || !record.TryGet(FlowField.InterfaceId, out var interfaceId))
        {
            return;
        }

        json.PropertyName("observer"u8);
        json.StartObject();
        json.PropertyName(ingress ? "ingress"u8 : "egress"u8);
        json.StartObject();
        json.PropertyName("interface"u8);
        json.StartObject();
        json.Property("id"u8, interfaceId);
        json.EndObject();
        json.EndObject();
        json.EndObject();
    }

    private static void WriteEndpoint(ref Utf8JsonBufferWriter json, ReadOnlySpan<byte> name, in FlowRecord record, FlowField address, FlowField port, bool withCounters)
    {
        var hasAddress = record.TryGet(address, out var ip);
        var hasPort = record.TryGetNumber(port, out var portNumber);
        var hasBytes = record.TryGetNumber(FlowField.Bytes, out var bytes) && withCounters;
        var hasPackets = record.TryGetNumber(FlowField.Packets, out var packets) && withCounters;
        if (!(hasAddress || hasPort || hasBytes || hasPackets))
        {
            return;
        }

        json.PropertyName(name);
        json.StartObject();
        if (hasAddress)
        {
            json.Property("address"u8, ip);
            json.Property("ip"u8, ip);
        }

        if (hasPort)
        {
            json.Property("port"u8, portNumber);
        }

        EcsOcsfVocabulary.WriteCounters(ref json, hasBytes, bytes, hasPackets, packets);
        json.EndObject();
    }

    private static void WriteNetwork(ref Utf8JsonBufferWriter json, in FlowRecord record)
    {
        var hasProtocol = record.TryGetNumber(FlowField.Protocol, out var protocol);
        var version = EcsOcsfVocabulary.IpVersion(record);
        var hasBytes = record.TryGetNumber(FlowField.Bytes, out var bytes);
        var hasPackets = record.TryGetNumber(FlowField.Packets, out var packets);
        var hasDirection = record.TryGet(FlowField.FlowDirection, out var direction);
        if (!(hasProtocol || version != 0 || hasBytes || hasPackets || hasDirection))
        {
            return;
        }

        json.PropertyName("network"u8);
        json.StartObject();
        if (hasProtocol)
        {
            // ECS types iana_number as a keyword: the number as a string.
            json.Property("iana_number"u8, record.Get(FlowField.Protocol));
            var transport = EcsOcsfVocabulary.TransportName(protocol);
            if (!transport.IsEmpty)
            {
                json.Property("transport"u8, transport);
            }
        }

        if (version != 0)
        {
            json.Property("type"u8, version == 4 ? "ipv4"u8 : "ipv6"u8);
        }

        EcsOcsfVocabulary.WriteCounters(ref json, hasBytes, bytes, hasPackets, packets);
        if (hasDirection)
        {
            json.Property("direction"u8, direction);
        }

        Span<byte> communityId = stackalloc byte[CommunityId.HashLength];
        if (CommunityId.TryHash(record, communityId))
        {
            json.PropertyName("community_id"u8);
            json.PrefixedBase64String(CommunityId.Prefix, communityId);
        }

        json.EndObject();
    }

    private static void WriteRelated(ref Utf8JsonBufferWriter json, in FlowRecord record)
    {
        var source = record.Get(FlowField.SrcAddr);
        var destination = record.Get(FlowField.DstAddr);
        var packetSource = record.Get(FlowField.PktSrcAddr);
        var packetDestination = record.Get(FlowField.PktDstAddr);
        if (source.IsEmpty && destination.IsEmpty && packetSource.IsEmpty && packetDestination.IsEmpty)
        {
            return;
        }

        // Every distinct address of the flow, the packet-level ones only where they differ (NAT, secondary IPs).
        json.PropertyName("related"u8);
        json.StartObject();
        json.PropertyName("ip"u8);
        json.StartArray();
        if (!source.IsEmpty)
        {
            json.String(source);
        }

        if (!destination.IsEmpty && !destination.SequenceEqual(source))
        {
            json.String(destination);
        }

        if (!packetSource.IsEmpty && !packetSource.SequenceEqual(source) && !packetSource.SequenceEqual(destination))
        {
            json.String(packetSource);
        }

        if (!packetDestination.IsEmpty && !packetDestination.SequenceEqual(source) && !packetDestination.SequenceEqual(destination)
            && !packetDestination.SequenceEqual(packetSource))
        {
            json.String(packetDestination);
        }

        json.EndArray();
        json.EndObject();
    }

    private static void WriteAws(ref Utf8JsonBufferWriter json, in FlowRecord record)
    {
        json.PropertyName("aws"u8);
        json.StartObject();
        json.PropertyName("vpcflow"u8);
        json.StartObject();
        var fields = record.Format.Fields;
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            if (MovedToEcs[(int)field] || !record.HasValueAt(i))
            {
                continue;
            }

            json.PropertyName(field == FlowField.Unknown ? record.Format.InfoAt(i).KeyUtf8 : VpcflowKey(field));
            json.String(record.ValueAt(i));
            if (field == FlowField.TcpFlags)
            {
                json.PropertyName("tcp_flags_array"u8);
                EcsOcsfVocabulary.WriteTcpFlagNames(ref json, record.NumberAt(i));
            }
        }

        if (record.TryGet(FlowField.SublocationType, out _) || record.TryGet(FlowField.SublocationId, out _))
        {
            json.PropertyName("sublocation"u8);
            json.StartObject();
            EcsOcsfVocabulary.WriteIfPresent(ref json, "type"u8, record, FlowField.SublocationType);
            EcsOcsfVocabulary.WriteIfPresent(ref json, "id"u8, record, FlowField.SublocationId);
            json.EndObject();
        }

        json.EndObject();
        EcsOcsfVocabulary.WriteEnvelope(ref json, record.Context, withLogGroup: true);
        json.EndObject();
    }

    // The integration's names where they differ from the AWS field's snake_case key.
    private static ReadOnlySpan<byte> VpcflowKey(FlowField field) => field switch
    {
        FlowField.PktSrcAwsService => "pkt_src_service"u8,
        FlowField.PktDstAwsService => "pkt_dst_service"u8,
        _ => FlowFields.Info(field).KeyUtf8,
    };

    private static bool TryWriteSeconds(ref Utf8JsonBufferWriter json, in FlowRecord record, FlowField field) =>
        record.TryGetNumber(field, out var seconds) && EcsOcsfVocabulary.IsRepresentableSeconds(seconds)
        && EcsOcsfVocabulary.TryWriteIsoTimestamp(ref json, seconds * 1000);

    // A field the line carries (not "-") is written even when out of range, as null, so the key says it was there.
    private static void WriteTimeIfPresent(ref Utf8JsonBufferWriter json, ReadOnlySpan<byte> name, in FlowRecord record, FlowField field)
    {
        if (!(record.Format.Contains(field) && record.HasValueAt(record.Format.IndexOf(field))))
        {
            return;
        }

        json.PropertyName(name);
        if (!TryWriteSeconds(ref json, record, field))
        {
            json.Null();
        }
    }
}
