namespace KinesisFlow.Emulators;

/// <summary>An emulator could not be installed or started; the message says why (with the process's own output).</summary>
public sealed class EmulatorStartException : Exception
{
    public EmulatorStartException()
    {
    }

    public EmulatorStartException(string message)
        : base(message)
    {
    }

    public EmulatorStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
