namespace KinesisFlow.FlowLogs;

/// <summary>Receives each decoded flow record, in stream order, synchronously during <see cref="FlowRecordDecoder.Decode"/>.</summary>
public interface IFlowRecordHandler
{
    void Handle(in FlowRecord record);
}
