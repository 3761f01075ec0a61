namespace KinesisFlow.FlowLogs;

/// <summary>Receives every record or line that could not be decoded, synchronously, with the original bytes.</summary>
public interface IDeadLetterHandler
{
    void Handle(in DeadLetter letter);
}
