namespace KinesisFlow.Aws;

/// <summary>
/// No credentials could be obtained (none configured, a profile missing or refused, an SSO sign-in expired). The message
/// is one line an operator can act on and never holds a key; the SDK's detailed failure is the inner exception.
/// </summary>
public sealed class AwsCredentialsException : InvalidOperationException
{
    public AwsCredentialsException()
    {
    }

    public AwsCredentialsException(string message)
        : base(message)
    {
    }

    public AwsCredentialsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
