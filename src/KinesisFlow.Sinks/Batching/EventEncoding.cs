namespace KinesisFlow.Sinks;

/// <summary>
/// What one serialized event is, so that a sink can frame it: SEKOIA.IO sends text lines to <c>/plain/batch</c> and
/// JSON objects to <c>/jsons</c>, and a JSON-array body must not wrap a text line unquoted.
/// </summary>
public enum EventEncoding
{
    /// <summary>A JSON object (the json, ecs and ocsf formats; sekoia for custom flow-log formats).</summary>
    Json,

    /// <summary>A plain text line: the flow record as received (the raw format; sekoia for the default or v5 order).</summary>
    Text,
}
