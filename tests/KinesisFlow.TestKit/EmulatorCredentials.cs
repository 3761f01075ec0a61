namespace KinesisFlow.TestKit;

/// <summary>
/// Dummy credentials and region for the emulators (they accept any; a real client still needs some to sign with).
/// Not 12 digits on purpose: kinesis-mock would read a 12-digit access key id as an account id.
/// </summary>
public static class EmulatorCredentials
{
    public const string AccessKeyId = "AKIAKINESISFLOWTEST";
    public const string SecretAccessKey = "kinesisflow-emulator-secret-key";
    public const string Region = "us-east-1";
}
