namespace KinesisFlow.Cli.Settings;

/// <summary>
/// A configuration or usage error found before anything starts: the message names the setting (key and flag), the bad
/// value and what is allowed. The command prints it as one line and exits <see cref="ExitCodes.BadSetting"/>.
/// </summary>
internal sealed class SettingException : Exception
{
    public SettingException()
    {
    }

    public SettingException(string message)
        : base(message)
    {
    }

    public SettingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
