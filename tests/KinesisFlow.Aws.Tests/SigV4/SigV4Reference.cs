using System.Security.Cryptography;
using System.Text;

namespace KinesisFlow.Aws.Tests.SigV4;

/// <summary>
/// The SigV4 derivation written out from its specification, as the tests' independent reference: string-to-sign from a
/// canonical request, signing key from the secret, signature. Proven against the suite's own expected values.
/// </summary>
public static class SigV4Reference
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public static string AmzDate(DateTime signedAt) => signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string Scope(DateTime signedAt, string region, string service) =>
        $"{signedAt:yyyyMMdd}/{region}/{service}/aws4_request";

    public static string StringToSign(string canonicalRequest, DateTime signedAt, string region, string service) =>
        $"{Algorithm}\n{AmzDate(signedAt)}\n{Scope(signedAt, region, service)}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static string Signature(string secretAccessKey, string canonicalRequest, DateTime signedAt, string region, string service)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), signedAt.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, StringToSign(canonicalRequest, signedAt, region, service)));
    }

    public static string PayloadHash(ReadOnlySpan<byte> body) => Hex(SHA256.HashData(body));

    /// <summary>
    /// The canonical request with one more signed header (e.g. x-amz-content-sha256), inserted in sorted position
    /// among the canonical headers and in the signed-headers list.
    /// </summary>
    public static string WithSignedHeader(string canonicalRequest, string name, string value)
    {
        var lines = canonicalRequest.Split('\n').ToList();
        var signedHeadersIndex = lines.Count - 2;
        var headerEnd = signedHeadersIndex - 1;
        var headers = lines.GetRange(3, headerEnd - 3);
        if (headers.Any(h => h.StartsWith(name + ":", StringComparison.Ordinal)))
        {
            return canonicalRequest;
        }

        headers.Add(name + ":" + value);
        headers.Sort(StringComparer.Ordinal);
        var signedHeaders = lines[signedHeadersIndex].Split(';').Append(name).Order(StringComparer.Ordinal);
        return string.Join('\n', lines.Take(3).Concat(headers).Append(string.Empty).Append(string.Join(';', signedHeaders)).Append(lines[^1]));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
