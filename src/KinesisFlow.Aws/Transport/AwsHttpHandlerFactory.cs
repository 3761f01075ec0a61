using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace KinesisFlow.Aws;

/// <summary>
/// Builds the HTTP pipeline of one service client: one pooled <see cref="SocketsHttpHandler"/> (connections reused,
/// HTTP/2 where the service offers it) behind the AWS SDK's public SigV4 signing handler.
/// </summary>
internal static class AwsHttpHandlerFactory
{
    /// <summary>
    /// Initial HTTP/2 receive window of each stream: 4 MiB, above the largest SubscribeToShardEvent AWS sends (up to
    /// the shard's 2 MB/s read budget in one event, about 2.8 MB once base64'd into JSON). With .NET's default of
    /// 64 KiB every multi-megabyte event would wait on dozens of WINDOW_UPDATE round trips, and kinesis-mock's
    /// cleartext server never resumes a stream on a stream-level WINDOW_UPDATE at all (tests/emulators/README.md).
    /// The AWS SDK for Java uses 1 MiB. It also bounds what one stalled subscription can buffer in this process.
    /// </summary>
    internal const int InitialHttp2StreamWindowSize = 4 * 1024 * 1024;

    public static HttpMessageHandler Create(AWSCredentials credentials, RegionEndpoint signingRegion, string signingName)
    {
        var transport = new SocketsHttpHandler
        {
            // A redirect followed below the signer would be sent unsigned (or with a signature for the wrong host).
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Recycle connections so that a client running for weeks follows the service's DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            // One enhanced fan-out subscription per shard: more than one connection's 100 concurrent HTTP/2 streams.
            EnableMultipleHttp2Connections = true,
            InitialHttp2StreamWindowSize = InitialHttp2StreamWindowSize,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };

        // The payload is always signed (x-amz-content-sha256 with the body's hash): the JSON bodies are small,
        // and the signer refuses UNSIGNED-PAYLOAD over plain http, which the local emulators use.
        var parameters = new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = signingRegion,
            Service = signingName,
            SignPayload = true,
        };
        return new SigV4SigningHandler(parameters, transport);
    }
}
