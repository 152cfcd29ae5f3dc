using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenTofuOci.TestFixtures;

/// <summary>Certificates made for one test run: a private CA, a server certificate for 127.0.0.1/localhost, and a token-signing certificate.</summary>
public static class TestCertificates
{
    /// <summary>A self-signed CA.</summary>
    public static X509Certificate2 CreateCa(string name)
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
        return req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
    }

    /// <summary>A server certificate for 127.0.0.1 and localhost, issued by <paramref name="ca"/>.</summary>
    public static X509Certificate2 CreateServer(X509Certificate2 ca)
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddDnsName("localhost");
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var cert = req.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(6), serial);
        return cert.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// A self-signed certificate for signing registry tokens. No extended key usage, because the
    /// registry verifies the token's x5c chain and an EKU list would restrict it.
    /// </summary>
    public static X509Certificate2 CreateTokenSigner()
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=tofuoci-test-token-signer", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        return req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
    }

    /// <summary>Writes the certificate (and its private key when present) as PEM files.</summary>
    public static void WritePem(X509Certificate2 cert, string certPath, string? keyPath = null)
    {
        File.WriteAllText(certPath, cert.ExportCertificatePem());
        if (keyPath is not null)
        {
            using var rsa = cert.GetRSAPrivateKey() ?? throw new InvalidOperationException("certificate has no RSA private key");
            File.WriteAllText(keyPath, rsa.ExportRSAPrivateKeyPem());
        }
    }

    /// <summary>
    /// A handler that trusts exactly <paramref name="ca"/> for server certificates (never disabling
    /// validation), and does not follow redirects (the client follows them itself).
    /// </summary>
    public static SocketsHttpHandler CreateTrustingHandler(X509Certificate2 ca)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null)
            {
                return false;
            }

            if (errors == System.Net.Security.SslPolicyErrors.None)
            {
                return true;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = new X509Certificate2(certificate);
            return chain.Build(leaf)
                && (errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        };
        return handler;
    }

    /// <summary>A client-authentication certificate issued by <paramref name="ca"/> (RSA or ECDSA P-256), with its private key.</summary>
    public static X509Certificate2 CreateClient(X509Certificate2 ca, string name, bool ecdsa = false)
    {
        using var caKey = ca.GetRSAPrivateKey() ?? throw new InvalidOperationException("the CA has no RSA private key");
        var generator = X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1);
        var serial = RandomNumberGenerator.GetBytes(12);
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(6);
        if (ecdsa)
        {
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest($"CN={name}", ec, HashAlgorithmName.SHA256);
            AddClientExtensions(req);
            using var cert = req.Create(ca.SubjectName, generator, notBefore, notAfter, serial);
            return cert.CopyWithPrivateKey(ec);
        }

        using var rsa = RSA.Create(2048);
        var rsaReq = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddClientExtensions(rsaReq);
        using var rsaCert = rsaReq.Create(ca.SubjectName, generator, notBefore, notAfter, serial);
        return rsaCert.CopyWithPrivateKey(rsa);
    }

    /// <summary>Writes the certificate as PEM and its private key as PKCS#8 PEM (encrypted when <paramref name="password"/> is given).</summary>
    public static void WriteCertificateAndKey(X509Certificate2 cert, string certPath, string keyPath, string? password = null)
    {
        File.WriteAllText(certPath, cert.ExportCertificatePem());
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)cert.GetRSAPrivateKey() ?? cert.GetECDsaPrivateKey() ?? throw new InvalidOperationException("certificate has no private key");
        File.WriteAllText(keyPath, password is null
            ? key.ExportPkcs8PrivateKeyPem()
            : key.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
    }

    /// <summary>Writes the certificate with its key as a PKCS#12 (PFX) file protected by <paramref name="password"/>.</summary>
    public static void WritePfx(X509Certificate2 cert, string path, string password) =>
        File.WriteAllBytes(path, cert.Export(X509ContentType.Pkcs12, password));

    private static void AddClientExtensions(CertificateRequest req)
    {
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
    }
}
