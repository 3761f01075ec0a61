using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace KinesisFlow.Emulators;

/// <summary>
/// Minimal, unsigned JSON calls to a running emulator, for start-up probes and test set-up (create a stream, wait
/// until it is ACTIVE). The emulators do not verify signatures but insist on a well-formed Authorization header and
/// X-Amz-Date, which this sends. Production code talks to AWS through KinesisFlow.Aws, never through this.
/// </summary>
public sealed class EmulatorApiClient
{
    // Loopback only, never through a proxy from the environment; one pooled handler for every emulator.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    private readonly Uri _endpoint;
    private readonly string _targetPrefix;
    private readonly string _contentType;
    private readonly string _service;

    public EmulatorApiClient(RunningEmulator emulator)
        : this(emulator?.Endpoint ?? throw new ArgumentNullException(nameof(emulator)), emulator.Kind)
    {
    }

    public EmulatorApiClient(Uri endpoint, EmulatorKind kind)
    {
        _endpoint = endpoint;
        (_targetPrefix, _contentType, _service) = kind == EmulatorKind.Dynalite
            ? ("DynamoDB_20120810", "application/x-amz-json-1.0", "dynamodb")
            : ("Kinesis_20131202", "application/x-amz-json-1.1", "kinesis");
    }

    /// <summary>Calls <paramref name="operation"/> (e.g. "CreateStream") and returns the answer's JSON.</summary>
    /// <exception cref="HttpRequestException">The emulator answered with an error; the message holds its body.</exception>
    /// <remarks>
    /// <paramref name="body"/> is serialized by reflection (tests pass anonymous objects): this is for test set-up only,
    /// never reached from the published (Native AOT) executable.
    /// </remarks>
    [RequiresUnreferencedCode("Serializes an arbitrary body by reflection; for tests only.")]
    [RequiresDynamicCode("Serializes an arbitrary body by reflection; for tests only.")]
    public async Task<JsonElement> CallAsync(string operation, object body, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(operation, JsonSerializer.Serialize(body), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"{operation} failed with {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return document.RootElement.Clone();
    }

    /// <summary>True when <paramref name="operation"/> with an empty body succeeds; false when the emulator is not answering (yet).</summary>
    internal async Task<bool> AnswersAsync(string operation, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(operation, "{}", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // this one request timed out; the caller's deadline decides whether to try again
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string operation, string json, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Content = new StringContent(json, Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(_contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{_targetPrefix}.{operation}");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential=emulator/{now.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/us-east-1/{_service}/aws4_request, " +
            "SignedHeaders=host;x-amz-date;x-amz-target, Signature=" + new string('0', 64));
        return await Http.SendAsync(request, cancellationToken);
    }
}
