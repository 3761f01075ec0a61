using System.Buffers;
using System.Net;
using System.Text.Json;

namespace KinesisFlow.Aws;

/// <summary>
/// Turns an AWS JSON-protocol error response ({"__type": "ns#Code", "message": "..."}) into an
/// <see cref="AwsServiceException"/>, tolerating the shapes emulators produce (empty bodies, "Message", headers only).
/// </summary>
internal static class AwsErrorReader
{
    /// <summary>Error bodies are a few hundred bytes; anything beyond this is not read.</summary>
    private const int MaxErrorBodyBytes = 64 * 1024;

    public static async Task<AwsServiceException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var requestId = RequestIdOf(response);
        var errorTypeHeader = FirstHeader(response, "x-amzn-ErrorType");
        var body = await ReadBoundedAsync(response.Content, cancellationToken);
        return Parse(body, response.StatusCode, requestId, errorTypeHeader);
    }

    public static AwsServiceException Parse(ReadOnlySpan<byte> body, HttpStatusCode status, string? requestId, string? errorTypeHeader)
    {
        string? type = null;
        string? message = null;
        if (!body.IsEmpty)
        {
            try
            {
                var reader = new Utf8JsonReader(body);
                if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadTopLevelStrings(ref reader, ref type, ref message);
                }
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page, a truncated body): the status and headers still name the failure.
                message ??= "Unparseable error response.";
            }
        }

        var code = NormalizeErrorCode(type) ?? NormalizeErrorCode(errorTypeHeader) ?? CodeForStatus(status);
        return new AwsServiceException(code, message ?? string.Empty, status, requestId);
    }

    /// <summary>The request id AWS returns with every response, to quote to AWS support.</summary>
    public static string? RequestIdOf(HttpResponseMessage response) =>
        FirstHeader(response, "x-amzn-RequestId") ?? FirstHeader(response, "x-amz-request-id");

    /// <summary>"com.amazonaws.kinesis.v20131202#ResourceNotFoundException" or "ValidationException:http://..." → the bare name.</summary>
    public static string? NormalizeErrorCode(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var span = raw.AsSpan().Trim();
        var colon = span.IndexOf(':');
        if (colon >= 0)
        {
            span = span[..colon];
        }

        var hash = span.LastIndexOf('#');
        if (hash >= 0)
        {
            span = span[(hash + 1)..];
        }

        return span.IsEmpty ? null : span.ToString();
    }

    private static void ReadTopLevelStrings(ref Utf8JsonReader reader, ref string? type, ref string? message)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("__type") || reader.ValueTextEquals("code");
            var isMessage = reader.ValueTextEquals("message") || reader.ValueTextEquals("Message") || reader.ValueTextEquals("errorMessage");
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                if (isType)
                {
                    type ??= reader.GetString();
                }
                else if (isMessage)
                {
                    message ??= reader.GetString();
                }
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static string CodeForStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.InternalServerError => "InternalFailure",
        HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => "ServiceUnavailable",
        HttpStatusCode.TooManyRequests => "TooManyRequestsException",
        HttpStatusCode.Forbidden => "AccessDeniedException",
        _ => "Http" + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string? FirstHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxErrorBodyBytes);
        try
        {
            var total = 0;
            int read;
            while (total < MaxErrorBodyBytes && (read = await stream.ReadAsync(buffer.AsMemory(total, MaxErrorBodyBytes - total), cancellationToken)) > 0)
            {
                total += read;
            }

            return buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
