using System.Net;

namespace KinesisFlow.Aws;

/// <summary>
/// An error returned by an AWS service, by its AWS name (e.g. "ProvisionedThroughputExceededException"),
/// with the service's own message, the HTTP status and the request id to quote to AWS support.
/// </summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
        : base(string.IsNullOrEmpty(message) ? errorCode : $"{errorCode}: {message}")
    {
        ErrorCode = errorCode;
        ServiceMessage = message;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    public AwsServiceException()
        : this("Unknown", string.Empty, default, null)
    {
    }

    public AwsServiceException(string message)
        : this("Unknown", message, default, null)
    {
    }

    public AwsServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = "Unknown";
        ServiceMessage = message;
    }

    /// <summary>The AWS error name without its namespace, e.g. "ResourceNotFoundException".</summary>
    public string ErrorCode { get; }

    /// <summary>The message as the service sent it (may be empty).</summary>
    public string ServiceMessage { get; }

    /// <summary>HTTP status of the response (200 for exceptions delivered inside an event stream).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The x-amzn-RequestId of the failed call, when the service sent one.</summary>
    public string? RequestId { get; }

    /// <summary>True when the error names this AWS error code.</summary>
    public bool Is(string errorCode) => string.Equals(ErrorCode, errorCode, StringComparison.Ordinal);
}
