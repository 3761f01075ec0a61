using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KinesisFlow.TestKit;

/// <summary>
/// A self-signed TLS server certificate for 127.0.0.1 and localhost, made at test time (nothing secret is checked in),
/// written as PEM files. A test trusts it in a child process only, through <see cref="TrustEnvironment"/> (SSL_CERT_FILE,
/// which .NET and OpenSSL read on Linux): certificate validation itself stays exactly as in production.
/// </summary>
public sealed class LoopbackCertificate : IDisposable
{
    private readonly TempDirectory _folder = new("kinesisflow-cert");

    public LoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));
        CertificateFile = _folder.File("cert.pem");
        KeyFile = _folder.File("key.pem");
        File.WriteAllText(CertificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The certificate (PEM), also the one trust anchor a child process needs.</summary>
    public string CertificateFile { get; }

    /// <summary>Its private key (PEM, PKCS#8), for the server.</summary>
    public string KeyFile { get; }

    /// <summary>The certificate with its private key, for a Kestrel HTTPS endpoint; the caller disposes it.</summary>
    public X509Certificate2 LoadForServer() => X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);

    /// <summary>The environment that makes a child process trust this certificate (in addition to the system's roots).</summary>
    public IReadOnlyDictionary<string, string> TrustEnvironment => new Dictionary<string, string> { ["SSL_CERT_FILE"] = CertificateFile };

    public void Dispose() => _folder.Dispose();
}
