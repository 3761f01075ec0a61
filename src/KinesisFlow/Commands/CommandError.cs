namespace KinesisFlow.Cli;

/// <summary>How every command reports a failure it understands: one line on stderr, prefixed by the command's name.</summary>
internal static class CommandError
{
    /// <summary>Writes <c>COMMAND: MESSAGE</c> (never spanning lines) to stderr and returns <paramref name="exitCode"/>.</summary>
    public static async Task<int> ReportAsync(string command, int exitCode, string message)
    {
        await Console.Error.WriteLineAsync($"{command}: {message.ReplaceLineEndings(" ")}");
        return exitCode;
    }
}
