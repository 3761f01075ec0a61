namespace KinesisFlow.TestKit.Http;

/// <summary>
/// How an <see cref="HttpCollector"/> answers a request: status and body, optionally a Retry-After, a dropped connection,
/// or a task to wait on before answering (the request is held meanwhile; a 2xx acknowledges its events).
/// </summary>
public sealed record Reply(int Status, string Body = "", int? RetryAfterSeconds = null, bool Abort = false, Task? WaitFor = null);
