using Microsoft.Extensions.Logging;

namespace KinesisFlow.Cli;

/// <summary>What <c>kinesisflow run</c> itself logs (event ids 100-199; docs/operations.md lists every id).</summary>
internal static partial class RunLog
{
    [LoggerMessage(EventId = 100, EventName = "UnknownSetting", Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void UnknownSetting(ILogger logger, string warning);

    [LoggerMessage(EventId = 101, EventName = "RunFailed", Level = LogLevel.Debug, Message = "The run failed; its one-line reason is on stderr")]
    public static partial void Failed(ILogger logger, Exception exception);
}
