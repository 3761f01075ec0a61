using System.Buffers;

namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// The <c>ocsf</c> output: OCSF 1.1.0 Network Activity (class 4001, category 4) as Amazon Security Lake maps VPC flow
/// logs (source version 2). ACCEPT → activity 6 Traffic / type 400106, disposition and action Allowed; REJECT →
/// activity 5 Refuse / type 400105, disposition Blocked, action Denied; a record without addresses (NODATA,
/// SKIPDATA) → activity 0 Unknown / type 400100 with the interface's ids on <c>src_endpoint</c>.
/// <c>src_endpoint</c>/<c>dst_endpoint</c> take the packet-level address as <c>ip</c> with the interface address in
/// <c>intermediate_ips</c> where they differ, plus the AWS service and, on the side <c>flow-direction</c> names, the
/// interface, VPC, subnet and instance; an endpoint with nothing to say is left out, never written empty.
/// <c>observables</c> repeat the addresses and the interface and instance ids. <c>connection_info</c>
/// carries protocol, IP version, TCP flags, direction and the boundary from <c>traffic-path</c>; <c>traffic</c> the
/// counters; <c>start_time</c>/<c>end_time</c>/<c>time</c> are epoch milliseconds; <c>status_code</c> is the
/// log-status. Every other field goes under <c>unmapped</c> with its snake_case name. The envelope: <c>metadata.uid</c>
/// (CloudWatch Logs event id), <c>metadata.log_name</c> (log group), <c>metadata.logged_time</c>, and
/// <c>unmapped.cloudwatch</c> (log_stream, owner) and <c>unmapped.kinesis</c> (shard_id, sequence_number).
/// </summary>
public sealed class OcsfFlowRecordWriter : IFlowRecordWriter
{
    /// <summary>The OCSF schema version the events follow (Security Lake's source version 2 uses it too).</summary>
    public const string OcsfVersion = "1.1.0";

    public const int ClassUid = 4001;
    public const int CategoryUid = 4;

    // Fields with an OCSF place; the interface's own identifiers only when flow-direction says which endpoint it is.
    private static readonly bool[] Mapped = EcsOcsfVocabulary.FieldSet(
        FlowField.Version, FlowField.AccountId, FlowField.Region, FlowField.AzId, FlowField.SrcAddr, FlowField.DstAddr,
        FlowField.PktSrcAddr, FlowField.PktDstAddr, FlowField.SrcPort, FlowField.DstPort, FlowField.Protocol,
        FlowField.Packets, FlowField.Bytes, FlowField.Start, FlowField.End, FlowField.Action, FlowField.LogStatus,
        FlowField.TcpFlags, FlowField.Type, FlowField.FlowDirection, FlowField.TrafficPath, FlowField.PktSrcAwsService,
        FlowField.PktDstAwsService);

    internal static readonly EndpointFields SourceFields = new(FlowField.SrcAddr, FlowField.PktSrcAddr, FlowField.SrcPort, FlowField.PktSrcAwsService);
    internal static readonly EndpointFields DestinationFields = new(FlowField.DstAddr, FlowField.PktDstAddr, FlowField.DstPort, FlowField.PktDstAwsService);

    private const int ActivityUnknown = 0;
    private const int ActivityRefuse = 5;
    private const int ActivityTraffic = 6;

    private static readonly bool[] InterfaceIdentity = EcsOcsfVocabulary.FieldSet(FlowField.InterfaceId, FlowField.VpcId, FlowField.SubnetId, FlowField.InstanceId);

    private enum Side
    {
        Unknown,
        Source,
        Destination,
    }

    public void Write(in FlowRecord record, IBufferWriter<byte> output)
    {
        var json = new Utf8JsonBufferWriter(output, (record.Line.Length * 4) + 1024);
        var hasAddresses = HasAddresses(record);
        var side = hasAddresses ? InterfaceSide(record) : Side.Source;
        json.StartObject();
        WriteClassification(ref json, record, hasAddresses);
        WriteTimes(ref json, record);
        if (record.TryGet(FlowField.LogStatus, out var status))
        {
            json.Property("status_code"u8, status);
        }

        WriteMetadata(ref json, record);
        EcsOcsfVocabulary.WriteCloud(ref json, record, "AWS"u8, "uid"u8, "zone"u8, withInstance: false);
        WriteEndpoint(ref json, "src_endpoint"u8, record, SourceFields, side == Side.Source);
        WriteEndpoint(ref json, "dst_endpoint"u8, record, DestinationFields, side == Side.Destination);
        WriteConnectionInfo(ref json, record);
        WriteTraffic(ref json, record);
        OcsfObservables.Write(ref json, record, interfaceOnSource: side == Side.Source, hasInterfaceEndpoint: side != Side.Unknown);
        WriteUnmapped(ref json, record, side);
        json.EndObject();
        json.Flush();
    }

    // ACCEPT is a traffic report (6), REJECT a refused connection (5), as Security Lake classifies them; a record
    // with no address at all (NODATA, SKIPDATA) reports no connection, so its activity is Unknown (0). A record
    // with addresses but no action (Transit Gateway) is still a traffic report.
    private static void WriteClassification(ref Utf8JsonBufferWriter json, in FlowRecord record, bool hasAddresses)
    {
        var hasAction = record.TryGet(FlowField.Action, out var action);
        var rejected = hasAction && action.SequenceEqual("REJECT"u8);
        var accepted = hasAction && action.SequenceEqual("ACCEPT"u8);
        var activity = rejected ? ActivityRefuse : accepted || hasAddresses ? ActivityTraffic : ActivityUnknown;
        json.Property("activity_id"u8, activity);
        json.Property("activity_name"u8, ActivityCaption(activity));
        json.Property("category_uid"u8, CategoryUid);
        json.Property("category_name"u8, "Network Activity"u8);
        json.Property("class_uid"u8, ClassUid);
        json.Property("class_name"u8, "Network Activity"u8);
        json.Property("type_uid"u8, (ClassUid * 100) + activity);
        json.Property("type_name"u8, TypeName(activity));
        json.Property("severity_id"u8, 1);
        json.Property("severity"u8, "Informational"u8);

        // Security control profile: no action field (NODATA, Transit Gateway) means the outcome is unknown.
        json.Property("action_id"u8, accepted ? 1 : rejected ? 2 : 0);
        json.Property("action"u8, accepted ? "Allowed"u8 : rejected ? "Denied"u8 : "Unknown"u8);
        json.Property("disposition_id"u8, accepted ? 1 : rejected ? 2 : 0);
        json.Property("disposition"u8, accepted ? "Allowed"u8 : rejected ? "Blocked"u8 : "Unknown"u8);
    }

    private static void WriteTimes(ref Utf8JsonBufferWriter json, in FlowRecord record)
    {
        var hasStart = TryMilliseconds(record, FlowField.Start, out var start);
        var hasEnd = TryMilliseconds(record, FlowField.End, out var end);

        // time is required: the flow's start as Security Lake stamps it, else its end, else the CloudWatch Logs time.
        json.Property("time"u8, hasStart ? start : hasEnd ? end : record.Context.Timestamp);
        if (hasStart)
        {
            json.Property("start_time"u8, start);
        }

        if (hasEnd)
        {
            json.Property("end_time"u8, end);
        }

        if (hasStart && hasEnd && end >= start)
        {
            json.Property("duration"u8, end - start);
        }
    }

    private static void WriteMetadata(ref Utf8JsonBufferWriter json, in FlowRecord record)
    {
        json.PropertyName("metadata"u8);
        json.StartObject();
        json.Property("version"u8, "1.1.0"u8);
        json.PropertyName("product"u8);
        json.StartObject();
        json.Property("name"u8, "Amazon VPC"u8);
        json.Property("vendor_name"u8, "AWS"u8);
        json.PropertyName("feature"u8);
        json.StartObject();
        json.Property("name"u8, "Flowlogs"u8);
        json.EndObject();
        if (record.TryGet(FlowField.Version, out var version))
        {
            json.Property("version"u8, version);
        }

        json.EndObject();
        json.PropertyName("profiles"u8);
        json.StartArray();
        json.String("cloud"u8);
        json.String("security_control"u8);
        json.EndArray();
        var context = record.Context;
        if (!context.EventId.IsEmpty)
        {
            json.Property("uid"u8, context.EventId);
        }

        if (!context.LogGroup.IsEmpty)
        {
            json.Property("log_name"u8, context.LogGroup);
            json.Property("log_provider"u8, "CloudWatch Logs"u8);
        }

        if (context.Timestamp != 0)
        {
            json.Property("logged_time"u8, context.Timestamp);
        }

        json.EndObject();
    }

    private static void WriteEndpoint(ref Utf8JsonBufferWriter json, ReadOnlySpan<byte> name, in FlowRecord record, EndpointFields fields, bool isInterface)
    {
        // OCSF requires the endpoint objects and wants at least one identifying attribute in each (ip, svc_name,
        // instance_uid, interface_uid, ...): an endpoint with nothing to say is left out rather than written empty.
        var ip = EndpointIp(record, fields, out var interfaceAddress);
        var hasService = record.TryGet(fields.Service, out var service);
        var hasIdentity = isInterface && (record.TryGet(FlowField.InterfaceId, out _) || record.TryGet(FlowField.InstanceId, out _)
            || record.TryGet(FlowField.VpcId, out _) || record.TryGet(FlowField.SubnetId, out _));
        if (ip.IsEmpty && !hasService && !hasIdentity)
        {
            return;
        }

        json.PropertyName(name);
        json.StartObject();
        if (!ip.IsEmpty)
        {
            json.Property("ip"u8, ip);
            if (!interfaceAddress.IsEmpty && !interfaceAddress.SequenceEqual(ip))
            {
                json.PropertyName("intermediate_ips"u8);
                json.StartArray();
                json.String(interfaceAddress);
                json.EndArray();
            }
        }

        if (record.TryGetNumber(fields.Port, out var portNumber))
        {
            json.Property("port"u8, portNumber);
        }

        if (hasService)
        {
            json.Property("svc_name"u8, service);
        }

        if (isInterface)
        {
            EcsOcsfVocabulary.WriteIfPresent(ref json, "interface_uid"u8, record, FlowField.InterfaceId);
            EcsOcsfVocabulary.WriteIfPresent(ref json, "vpc_uid"u8, record, FlowField.VpcId);
            EcsOcsfVocabulary.WriteIfPresent(ref json, "subnet_uid"u8, record, FlowField.SubnetId);
            EcsOcsfVocabulary.WriteIfPresent(ref json, "instance_uid"u8, record, FlowField.InstanceId);
        }

        json.EndObject();
    }

    /// <summary>
    /// The endpoint's <c>ip</c>: the packet-level address where the format has one, else the interface's; the
    /// interface's own address comes back in <paramref name="interfaceAddress"/> (empty when absent).
    /// </summary>
    internal static ReadOnlySpan<byte> EndpointIp(scoped in FlowRecord record, EndpointFields fields, out ReadOnlySpan<byte> interfaceAddress)
    {
        interfaceAddress = record.Get(fields.Address);
        return record.TryGet(fields.PacketAddress, out var packetLevel) ? packetLevel : interfaceAddress;
    }

    private static void WriteConnectionInfo(ref Utf8JsonBufferWriter json, in FlowRecord record)
    {
        json.PropertyName("connection_info"u8);
        json.StartObject();
        if (record.TryGetNumber(FlowField.Protocol, out var protocol))
        {
            json.Property("protocol_num"u8, protocol);
            var protocolName = EcsOcsfVocabulary.TransportName(protocol);
            if (!protocolName.IsEmpty)
            {
                json.Property("protocol_name"u8, protocolName);
            }
        }

        var ipVersion = IpVersion(record);
        if (ipVersion != 0)
        {
            json.Property("protocol_ver_id"u8, ipVersion);
            json.Property("protocol_ver"u8, ipVersion == 4 ? "Internet Protocol version 4 (IPv4)"u8 : "Internet Protocol version 6 (IPv6)"u8);
        }

        if (record.TryGetNumber(FlowField.TcpFlags, out var flags))
        {
            json.Property("tcp_flags"u8, flags);
        }

        var direction = record.Get(FlowField.FlowDirection);
        var directionId = direction.SequenceEqual("ingress"u8) ? 1 : direction.SequenceEqual("egress"u8) ? 2 : 0;
        json.Property("direction_id"u8, directionId);
        json.Property("direction"u8, directionId switch { 1 => "Inbound"u8, 2 => "Outbound"u8, _ => "Unknown"u8 });
        if (record.TryGetNumber(FlowField.TrafficPath, out var path))
        {
            var (boundaryId, boundary) = Boundary(path);
            json.Property("boundary_id"u8, boundaryId);
            json.Property("boundary"u8, boundary);
        }

        json.EndObject();
    }

    private static void WriteTraffic(ref Utf8JsonBufferWriter json, in FlowRecord record)
    {
        var hasBytes = record.TryGetNumber(FlowField.Bytes, out var bytes);
        var hasPackets = record.TryGetNumber(FlowField.Packets, out var packets);
        if (!(hasBytes || hasPackets))
        {
            return;
        }

        json.PropertyName("traffic"u8);
        json.StartObject();
        EcsOcsfVocabulary.WriteCounters(ref json, hasBytes, bytes, hasPackets, packets);
        json.EndObject();
    }

    private static void WriteUnmapped(ref Utf8JsonBufferWriter json, in FlowRecord record, Side side)
    {
        json.PropertyName("unmapped"u8);
        json.StartObject();
        var fields = record.Format.Fields;
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            if (Mapped[(int)field] || (side != Side.Unknown && InterfaceIdentity[(int)field]) || !record.HasValueAt(i))
            {
                continue;
            }

            var info = record.Format.InfoAt(i);
            json.PropertyName(info.KeyUtf8);
            if (info.IsNumeric)
            {
                json.Number(record.NumberAt(i));
            }
            else
            {
                json.String(record.ValueAt(i));
            }
        }

        EcsOcsfVocabulary.WriteEnvelope(ref json, record.Context, withLogGroup: false);
        json.EndObject();
    }

    private static bool HasAddresses(in FlowRecord record) =>
        record.TryGet(FlowField.SrcAddr, out _) || record.TryGet(FlowField.DstAddr, out _)
        || record.TryGet(FlowField.PktSrcAddr, out _) || record.TryGet(FlowField.PktDstAddr, out _);

    // OCSF 1.1.0 Network Activity's captions for the activities this writer uses.
    private static ReadOnlySpan<byte> ActivityCaption(int activity) => activity switch
    {
        ActivityRefuse => "Refuse"u8,
        ActivityTraffic => "Traffic"u8,
        _ => "Unknown"u8,
    };

    // type_name is "<class caption>: <activity caption>", as OCSF composes it for type_uid.
    private static ReadOnlySpan<byte> TypeName(int activity) => activity switch
    {
        ActivityRefuse => "Network Activity: Refuse"u8,
        ActivityTraffic => "Network Activity: Traffic"u8,
        _ => "Network Activity: Unknown"u8,
    };

    // The interface whose flow this is: the destination for ingress traffic, the source for egress.
    private static Side InterfaceSide(in FlowRecord record)
    {
        var direction = record.Get(FlowField.FlowDirection);
        return direction.SequenceEqual("ingress"u8) ? Side.Destination : direction.SequenceEqual("egress"u8) ? Side.Source : Side.Unknown;
    }

    private static int IpVersion(in FlowRecord record)
    {
        var type = record.Get(FlowField.Type);
        if (type.SequenceEqual("IPv4"u8))
        {
            return 4;
        }

        if (type.SequenceEqual("IPv6"u8))
        {
            return 6;
        }

        return EcsOcsfVocabulary.IpVersion(record);
    }

    // traffic-path 1..8 onto OCSF's boundary enum (ids 4..11, the AWS-specific captions OCSF took from flow logs).
    private static (int Id, string Caption) Boundary(long path) => path switch
    {
        1 => (4, "Same VPC"),
        2 => (5, "Internet/VPC Gateway"),
        3 => (6, "Virtual Private Gateway"),
        4 => (7, "Intra-region VPC"),
        5 => (8, "Inter-region VPC"),
        6 => (9, "Local Gateway"),
        7 => (10, "Gateway VPC"),
        8 => (11, "Internet Gateway"),
        _ => (99, "Other"),
    };

    private static bool TryMilliseconds(in FlowRecord record, FlowField field, out long milliseconds)
    {
        if (record.TryGetNumber(field, out var seconds) && EcsOcsfVocabulary.IsRepresentableSeconds(seconds))
        {
            milliseconds = seconds * 1000;
            return true;
        }

        milliseconds = 0;
        return false;
    }
}
