using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KinesisFlow.Aws.Tests.SigV4;

/// <summary>One case of the AWS SigV4 test suite (see TestVectors/README.md), parsed.</summary>
public sealed record SigV4TestCase(
    string Name,
    string Method,
    string PathAndQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    string AccessKeyId,
    string SecretAccessKey,
    string? SessionToken,
    string Region,
    string Service,
    DateTime SignedAt,
    bool Normalize,
    bool SignBody,
    bool OmitSessionToken,
    string CanonicalRequest,
    string StringToSign,
    string Signature,
    string SignedRequest)
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "SigV4", "TestVectors");

    public static IEnumerable<string> Names =>
        Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public override string ToString() => Name;

    public static SigV4TestCase Load(string name)
    {
        var folder = Path.Combine(Root, name);
        string Read(string file) => File.ReadAllText(Path.Combine(folder, file)).ReplaceLineEndings("\n");

        using var context = JsonDocument.Parse(Read("context.json"));
        var root = context.RootElement;
        var credentials = root.GetProperty("credentials");
        var (method, pathAndQuery, headers, body) = ParseRequest(File.ReadAllBytes(Path.Combine(folder, "request.txt")));
        return new SigV4TestCase(
            name,
            method,
            pathAndQuery,
            headers,
            body,
            credentials.GetProperty("access_key_id").GetString()!,
            credentials.GetProperty("secret_access_key").GetString()!,
            credentials.TryGetProperty("token", out var token) ? token.GetString() : null,
            root.GetProperty("region").GetString()!,
            root.GetProperty("service").GetString()!,
            DateTime.Parse(root.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
            root.GetProperty("normalize").GetBoolean(),
            root.GetProperty("sign_body").GetBoolean(),
            root.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean(),
            Read("header-canonical-request.txt"),
            Read("header-string-to-sign.txt"),
            Read("header-signature.txt").Trim(),
            Read("header-signed-request.txt"));
    }

    /// <summary>
    /// request.txt: "METHOD path HTTP/1.1", then "Name:value" lines (a line starting with whitespace continues the
    /// previous value), an empty line and the body. Repeated names are joined with commas, in order, as HTTP does.
    /// </summary>
    private static (string Method, string PathAndQuery, List<KeyValuePair<string, string>> Headers, byte[] Body) ParseRequest(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw).ReplaceLineEndings("\n");
        var bodyStart = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = bodyStart < 0 ? text.TrimEnd('\n') : text[..bodyStart];
        var body = bodyStart < 0 ? [] : Encoding.UTF8.GetBytes(text[(bodyStart + 2)..]);
        var lines = head.Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ', StringComparison.Ordinal)];
        var pathAndQuery = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]))
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line.Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var headerName = line[..colon];
            var value = line[(colon + 1)..].Trim();
            var existing = headers.FindIndex(h => string.Equals(h.Key, headerName, StringComparison.OrdinalIgnoreCase));
            if (existing >= 0)
            {
                headers[existing] = new(headers[existing].Key, headers[existing].Value + "," + value);
            }
            else
            {
                headers.Add(new(headerName, value));
            }
        }

        return (method, pathAndQuery, headers, body);
    }
}
