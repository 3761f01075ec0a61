namespace KinesisFlow.FlowLogs.Output;

/// <summary>
/// The version 7 Amazon ECS fields in ECS's own places, as Elastic's processor maps them: the cluster ARN and name
/// as <c>orchestrator.cluster.id</c>/<c>name</c> (with <c>orchestrator.type</c> <c>ecs</c>), the container instance
/// ARN and id as <c>orchestrator.resource.name</c>/<c>id</c> (type <c>container</c>), <c>container.id</c> and
/// <c>service.name</c>. The <c>aws.vpcflow.ecs_*</c> originals stay as they are.
/// </summary>
internal static class EcsTaskFields
{
    public static void Write(ref Utf8JsonBufferWriter json, in FlowRecord record)
    {
        var hasClusterArn = record.TryGet(FlowField.EcsClusterArn, out var clusterArn);
        var hasClusterName = record.TryGet(FlowField.EcsClusterName, out var clusterName);
        var hasInstanceArn = record.TryGet(FlowField.EcsContainerInstanceArn, out var instanceArn);
        var hasInstanceId = record.TryGet(FlowField.EcsContainerInstanceId, out var instanceId);
        if (hasClusterArn || hasClusterName || hasInstanceArn || hasInstanceId)
        {
            json.PropertyName("orchestrator"u8);
            json.StartObject();
            if (hasClusterArn || hasClusterName)
            {
                json.PropertyName("cluster"u8);
                json.StartObject();
                if (hasClusterArn)
                {
                    json.Property("id"u8, clusterArn);
                }

                if (hasClusterName)
                {
                    json.Property("name"u8, clusterName);
                }

                json.EndObject();
            }

            if (hasInstanceArn || hasInstanceId)
            {
                json.PropertyName("resource"u8);
                json.StartObject();
                if (hasInstanceId)
                {
                    json.Property("id"u8, instanceId);
                }

                if (hasInstanceArn)
                {
                    json.Property("name"u8, instanceArn);
                }

                json.Property("type"u8, "container"u8);
                json.EndObject();
            }

            json.Property("type"u8, "ecs"u8);
            json.EndObject();
        }

        EcsOcsfVocabulary.WriteNested(ref json, "container"u8, "id"u8, record, FlowField.EcsContainerId);
        EcsOcsfVocabulary.WriteNested(ref json, "service"u8, "name"u8, record, FlowField.EcsServiceName);
    }
}
