using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace KinesisFlow.Aws.Tests.SigV4;

/// <summary>
/// The AWS SDK signer KinesisFlow signs with, against the AWS SigV4 test suite. The emulators never check signatures,
/// so these vectors are the proof that requests to AWS are signed right.
/// </summary>
public sealed class SigV4SuiteTests
{
    private const string ContentSha256 = "x-amz-content-sha256";

    public static TheoryData<string> Cases => new(SigV4TestCase.Names);

    /// <summary>
    /// The cases that apply to the SDK signer. Left out: normalize=false (their "." and ".." path segments are removed by
    /// System.Uri before any signer sees them) and omit_session_token (a token added after signing; the SDK always signs
    /// it, as in post-sts-header-before). KinesisFlow only ever posts to "/" without a query.
    /// </summary>
    public static TheoryData<string> SdkCases => new(SigV4TestCase.Names.Where(name =>
    {
        var c = SigV4TestCase.Load(name);
        return c.Normalize && !c.OmitSessionToken;
    }));

    /// <summary>
    /// Where the SDK's canonical path and query knowingly differ from this suite (whose defaults are single URI-encoding
    /// and slash collapsing): for every service but S3, AWS signs each path segment URI-encoded twice and keeps empty
    /// segments; and the SDK sorts query parameters by their decoded names. None of this touches "POST /".
    /// </summary>
    private static readonly Dictionary<string, (string Path, string Query)> SdkCanonicalPathAndQuery = new(StringComparer.Ordinal)
    {
        ["get-slash-normalized"] = ("//", string.Empty),
        ["get-slashes-normalized"] = ("//example//", string.Empty),
        ["get-space-normalized"] = ("/example%2520space/", string.Empty),
        ["get-utf8"] = ("/%25E1%2588%25B4", string.Empty),
        ["get-vanilla-query-order-encoded"] = ("/", "Param=Value2&Param-3=Value3&%E1%88%B4=Value1"),
    };

    [Fact]
    public void The_suite_is_present_with_its_session_token_case()
    {
        Assert.True(SigV4TestCase.Names.Count() >= 30);
        Assert.Contains("get-vanilla-with-session-token", SigV4TestCase.Names);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reference_derivation_reproduces_each_case(string name)
    {
        var c = SigV4TestCase.Load(name);

        Assert.Equal(c.StringToSign, SigV4Reference.StringToSign(c.CanonicalRequest, c.SignedAt, c.Region, c.Service));
        Assert.Equal(c.Signature, SigV4Reference.Signature(c.SecretAccessKey, c.CanonicalRequest, c.SignedAt, c.Region, c.Service));
    }

    [Theory]
    [MemberData(nameof(SdkCases))]
    public void Sdk_signer_signs_each_case_as_the_suite_derives_it(string name)
    {
        var c = SigV4TestCase.Load(name);
        var payloadHash = SigV4Reference.PayloadHash(c.Body);

        var headers = Sign(c);

        // The SDK signer always signs x-amz-content-sha256 (KinesisFlow signs every payload), which the suite only
        // includes when sign_body is set: add it to the suite's canonical request and derive the expected signature.
        var canonical = SigV4Reference.WithSignedHeader(c.CanonicalRequest, ContentSha256, payloadHash);
        var lines = canonical.Split('\n');
        if (SdkCanonicalPathAndQuery.TryGetValue(name, out var sdkForm))
        {
            (lines[1], lines[2]) = sdkForm;
            canonical = string.Join('\n', lines);
        }

        Assert.Equal(payloadHash, lines[^1]);
        var expectedSignature = SigV4Reference.Signature(c.SecretAccessKey, canonical, c.SignedAt, c.Region, c.Service);
        var expectedAuthorization =
            $"{SigV4Reference.Algorithm} Credential={c.AccessKeyId}/{SigV4Reference.Scope(c.SignedAt, c.Region, c.Service)}, SignedHeaders={lines[^2]}, Signature={expectedSignature}";

        Assert.Equal(expectedAuthorization, headers["Authorization"]);
        Assert.Equal(SigV4Reference.AmzDate(c.SignedAt), headers["X-Amz-Date"]);
        Assert.Equal(payloadHash, headers[ContentSha256]);
        if (c.SessionToken is not null)
        {
            Assert.Equal(c.SessionToken, headers["X-Amz-Security-Token"]);
        }
        else
        {
            Assert.False(headers.ContainsKey("X-Amz-Security-Token"));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sdk_signer_reproduces_the_suite_exactly_where_the_suite_signs_the_body(string name)
    {
        var c = SigV4TestCase.Load(name);
        if (!c.SignBody)
        {
            return;
        }

        var headers = Sign(c);

        Assert.EndsWith("Signature=" + c.Signature, headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("Authorization:" + headers["Authorization"] + "\n", c.SignedRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_token_case_is_signed_with_the_token_as_a_signed_header()
    {
        var c = SigV4TestCase.Load("get-vanilla-with-session-token");

        var headers = Sign(c);

        Assert.Contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,", headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal(c.SessionToken, headers["X-Amz-Security-Token"]);
    }

    private static Dictionary<string, string> Sign(SigV4TestCase c)
    {
        var host = c.Headers.Single(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)).Value;
        var request = new AWSSigningRequest
        {
            HttpMethod = new HttpMethod(c.Method),
            RequestUri = new Uri("https://" + host + c.PathAndQuery),
            Content = c.Body,
        };
        foreach (var (name, value) in c.Headers.Where(h => !h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers[name] = value;
        }

        AWSCredentials credentials = c.SessionToken is null
            ? new BasicAWSCredentials(c.AccessKeyId, c.SecretAccessKey)
            : new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
        var parameters = new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = RegionEndpoint.GetBySystemName(c.Region),
            Service = c.Service,
            SignPayload = true,
            SignedAt = c.SignedAt,
        };

        var result = AWSSigV4Signer.Sign(request, parameters);
        return new Dictionary<string, string>(result.Headers, StringComparer.OrdinalIgnoreCase);
    }
}
