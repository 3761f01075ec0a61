namespace KinesisFlow.FlowLogs.Output;

/// <summary>The flow fields one OCSF network endpoint is built from.</summary>
internal readonly record struct EndpointFields(FlowField Address, FlowField PacketAddress, FlowField Port, FlowField Service);

/// <summary>
/// The <c>observables</c> array of an <c>ocsf</c> event, as Amazon Security Lake indexes a flow: the endpoints' IP
/// addresses (type 2, IP Address) and the interface and instance ids of the endpoint that carries them (type 10,
/// Resource UID), each naming the attribute it repeats. OCSF 1.1.0 takes the type ids from its dictionary's
/// observable types (<c>ip_t</c> 2, <c>resource_uid_t</c> 10).
/// </summary>
internal static class OcsfObservables
{
    private const int IpAddress = 2;
    private const int ResourceUid = 10;

    /// <summary>
    /// Writes <c>"observables":[...]</c> when there is anything to observe. <paramref name="interfaceOnSource"/>
    /// says which endpoint the interface's ids were written on (when <paramref name="hasInterfaceEndpoint"/>).
    /// </summary>
    public static void Write(ref Utf8JsonBufferWriter json, in FlowRecord record, bool interfaceOnSource, bool hasInterfaceEndpoint)
    {
        var source = OcsfFlowRecordWriter.EndpointIp(record, OcsfFlowRecordWriter.SourceFields, out _);
        var destination = OcsfFlowRecordWriter.EndpointIp(record, OcsfFlowRecordWriter.DestinationFields, out _);
        var hasInterface = hasInterfaceEndpoint && record.TryGet(FlowField.InterfaceId, out _);
        var hasInstance = hasInterfaceEndpoint && record.TryGet(FlowField.InstanceId, out _);
        if (source.IsEmpty && destination.IsEmpty && !hasInterface && !hasInstance)
        {
            return;
        }

        json.PropertyName("observables"u8);
        json.StartArray();
        if (!source.IsEmpty)
        {
            Observable(ref json, "src_endpoint.ip"u8, IpAddress, "IP Address"u8, source);
        }

        if (!destination.IsEmpty)
        {
            Observable(ref json, "dst_endpoint.ip"u8, IpAddress, "IP Address"u8, destination);
        }

        if (hasInterface)
        {
            Observable(ref json, interfaceOnSource ? "src_endpoint.interface_uid"u8 : "dst_endpoint.interface_uid"u8, ResourceUid, "Resource UID"u8, record.Get(FlowField.InterfaceId));
        }

        if (hasInstance)
        {
            Observable(ref json, interfaceOnSource ? "src_endpoint.instance_uid"u8 : "dst_endpoint.instance_uid"u8, ResourceUid, "Resource UID"u8, record.Get(FlowField.InstanceId));
        }

        json.EndArray();
    }

    private static void Observable(
        ref Utf8JsonBufferWriter json, ReadOnlySpan<byte> name, int typeId, ReadOnlySpan<byte> type, ReadOnlySpan<byte> value)
    {
        json.StartObject();
        json.Property("name"u8, name);
        json.Property("type"u8, type);
        json.Property("type_id"u8, typeId);
        json.Property("value"u8, value);
        json.EndObject();
    }
}
