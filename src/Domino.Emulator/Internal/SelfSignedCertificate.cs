using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Domino.Emulator.Internal;

/// <summary>The certificate of <c>--tls</c>: self-signed, generated in memory at start, never written to disk.</summary>
internal static class SelfSignedCertificate
{
    /// <summary>An ECDSA P-256 server certificate for <c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c> and the bind address, valid for 30 days.</summary>
    public static X509Certificate2 Create(IPAddress bindAddress)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=domino-emulator", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (!bindAddress.Equals(IPAddress.Loopback) && !bindAddress.Equals(IPAddress.IPv6Loopback) && !bindAddress.Equals(IPAddress.Any) && !bindAddress.Equals(IPAddress.IPv6Any))
        {
            names.AddIpAddress(bindAddress);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        // Through PKCS#12 so that the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
