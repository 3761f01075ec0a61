using System.Text;
using KinesisFlow.Aws.Tests.SigV4;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.Aws.Tests.Transport;

/// <summary>
/// Checks, on the receiving side, that a request arrived signed with SigV4 as AWS would verify it: rebuilds the
/// canonical request from what came over the wire (independently of the signer) and recomputes the signature with
/// <see cref="SigV4Reference"/>. Covers what KinesisFlow sends: POST / without a query string.
/// </summary>
public static class SigV4RequestVerifier
{
    /// <returns>Null when the signature is valid; otherwise what is wrong.</returns>
    public static string? Verify(HttpRequest request, byte[] body, string secretAccessKey, string region, string service)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        const string prefix = SigV4Reference.Algorithm + " ";
        if (!authorization.StartsWith(prefix, StringComparison.Ordinal))
        {
            return $"Authorization is not SigV4: '{authorization}'";
        }

        var parts = authorization[prefix.Length..].Split(", ").Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var scope = parts["Credential"].Split('/');
        if (scope.Length != 5 || scope[2] != region || scope[3] != service || scope[4] != "aws4_request")
        {
            return $"Credential scope '{parts["Credential"]}' is not for {region}/{service}";
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        var signedAt = DateTime.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        if (scope[1] != signedAt.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture))
        {
            return "Credential scope date differs from X-Amz-Date";
        }

        var payloadHash = SigV4Reference.PayloadHash(body);
        if (request.Headers["x-amz-content-sha256"].ToString() != payloadHash)
        {
            return "x-amz-content-sha256 is not the hash of the body received";
        }

        var signedHeaders = parts["SignedHeaders"].Split(';');
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            return $"host and x-amz-date must be signed, not only {parts["SignedHeaders"]}";
        }

        var canonical = new StringBuilder();
        canonical.Append(request.Method).Append('\n').Append(request.Path.HasValue ? request.Path.Value : "/").Append('\n');
        canonical.Append(request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty).Append('\n');
        foreach (var name in signedHeaders)
        {
            var value = name == "host" ? request.Host.Value : request.Headers[name].ToString();
            canonical.Append(name).Append(':').Append(CollapseSpaces(value!.Trim())).Append('\n');
        }

        canonical.Append('\n').Append(parts["SignedHeaders"]).Append('\n').Append(payloadHash);
        var expected = SigV4Reference.Signature(secretAccessKey, canonical.ToString(), signedAt, region, service);
        return expected == parts["Signature"] ? null : "Signature does not match the request received";
    }

    private static string CollapseSpaces(string value) => string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
