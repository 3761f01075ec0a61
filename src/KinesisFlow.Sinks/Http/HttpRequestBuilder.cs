using System.IO.Compression;
using System.Net.Http.Headers;

namespace KinesisFlow.Sinks;

/// <summary>
/// Turns a sealed <see cref="OutgoingRequest"/> into the HTTP POST a sink sends: the body (gzipped when the sink is
/// set to), its content type and encoding, and the sink's headers.
/// </summary>
internal sealed class HttpRequestBuilder(HttpSinkProfile profile)
{
    /// <summary>The bytes to post for <paramref name="request"/>; built once and reused by every retry.</summary>
    public ReadOnlyMemory<byte> BodyOf(OutgoingRequest request) =>
        profile.Gzip ? Compress(request.Body.Span) : request.Body;

    /// <summary>A new message for one attempt (a message cannot be sent twice).</summary>
    public HttpRequestMessage CreateMessage(RequestLane lane, ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(lane.Framing.ContentType);
        if (profile.Gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        var message = new HttpRequestMessage(HttpMethod.Post, lane.Endpoint) { Content = content };
        foreach (var header in profile.Headers)
        {
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return message;
    }

    private static ReadOnlyMemory<byte> Compress(ReadOnlySpan<byte> body)
    {
        // One buffer per request (not per event); the compressed body lives only as long as the request.
        var compressed = new MemoryStream(body.Length / 4);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return compressed.GetBuffer().AsMemory(0, (int)compressed.Length);
    }
}
