using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace KinesisFlow.Cli.Tests.Organization;

/// <summary>Who signed a request: the access key, and the region and service of its credential scope.</summary>
public sealed record SigV4Caller(string AccessKeyId, string Region, string Service);

/// <summary>
/// Checks an AWS Signature Version 4 the way AWS does (the SigV4 specification: canonical request, string to sign,
/// derived signing key), from the secret the fake issued for the access key: a request signed for the wrong key,
/// service or body is refused. Only what the fakes receive: POST to "/", no query string.
/// </summary>
public static class SigV4Verifier
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <returns>The caller, or the reason the signature is refused.</returns>
    public static (SigV4Caller? Caller, string? Refusal) Verify(HttpRequest request, byte[] body, Func<string, string?> secretOf)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return (null, "Missing Authentication Token");
        }

        var parts = authorization[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders) || !parts.TryGetValue("Signature", out var signature))
        {
            return (null, "Authorization header requires Credential, SignedHeaders and Signature.");
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            return (null, $"Credential should be scoped to a valid region, not '{credential}'.");
        }

        var (accessKey, date, region, service) = (scope[0], scope[1], scope[2], scope[3]);
        var secret = secretOf(accessKey);
        if (secret is null)
        {
            return (null, "The security token included in the request is invalid.");
        }

        var headerNames = signedHeaders.Split(';');
        if (!headerNames.Contains("host") || !headerNames.Contains("x-amz-date"))
        {
            return (null, "SignedHeaders must include host and x-amz-date.");
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            return (null, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
        }

        var canonicalHeaders = new StringBuilder();
        foreach (var name in headerNames)
        {
            var value = name == "host" ? request.Host.Value : request.Headers[name].ToString();
            canonicalHeaders.Append(name).Append(':').Append(string.Join(' ', (value ?? "").Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))).Append('\n');
        }

        var canonicalRequest = $"{request.Method}\n{(string.IsNullOrEmpty(request.Path.Value) ? "/" : request.Path.Value)}\n{request.QueryString.Value?.TrimStart('?') ?? ""}\n{canonicalHeaders}\n{signedHeaders}\n{Hex(SHA256.HashData(body))}";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{date}/{region}/{service}/aws4_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date), region), service), "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? (new SigV4Caller(accessKey, region, service), null)
            : (null, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
