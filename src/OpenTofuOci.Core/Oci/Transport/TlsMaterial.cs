using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenTofuOci.Core.Errors;

namespace OpenTofuOci.Core.Oci.Transport;

/// <summary>
/// The certificates one registry's <see cref="TlsSettings"/> and the environment name, read and checked
/// before any connection: the roots that replace the system's when <c>SSL_CERT_FILE</c> or
/// <c>SSL_CERT_DIR</c> is set (as Go reads them), the registry's own extra roots, and the client
/// certificate with its key.
/// </summary>
internal sealed class TlsMaterial
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";

    // Properties, not constants: each names its option in the spelling of the command running now.
    private static UserMessage CaBundle => $"CA bundle ({UserOption.CaFile})";

    private static UserMessage ClientCertificateFile => $"client certificate ({UserOption.ClientCertificate})";

    private static UserMessage ClientKeyFile => $"client key ({UserOption.ClientKey})";

    private TlsMaterial(X509Certificate2Collection? environmentRoots, X509Certificate2Collection registryRoots, X509Certificate2? clientCertificate, bool skipVerify)
    {
        EnvironmentRoots = environmentRoots;
        RegistryRoots = registryRoots;
        ClientCertificate = clientCertificate;
        SkipVerify = skipVerify;
    }

    /// <summary>
    /// The roots every host is verified against when the environment replaces the system's (Go's
    /// <c>SSL_CERT_FILE</c> / <c>SSL_CERT_DIR</c>); null when the platform's own trust store decides.
    /// </summary>
    public X509Certificate2Collection? EnvironmentRoots { get; }

    /// <summary>
    /// Roots trusted in addition, for the registry's own host only: a token service or a redirect target on
    /// another host never gains trust from a CA file given for the registry.
    /// </summary>
    public X509Certificate2Collection RegistryRoots { get; }

    public X509Certificate2? ClientCertificate { get; }

    public bool SkipVerify { get; }

    /// <summary>Frees the certificates when an equal, already cached configuration is used instead.</summary>
    public void Release()
    {
        foreach (var root in RegistryRoots.Concat(EnvironmentRoots ?? []))
        {
            root.Dispose();
        }

        ClientCertificate?.Dispose();
    }

    /// <summary>Identifies the configuration: equal keys can share one handler.</summary>
    public string Key(string host)
    {
        var parts = RegistryRoots.Select(c => "ca=" + c.GetCertHashString(HashAlgorithmName.SHA256)).Order(StringComparer.Ordinal).ToList();
        parts.Add(EnvironmentRoots is null ? "env=system" : "env=" + string.Join(',', EnvironmentRoots.Select(c => c.GetCertHashString(HashAlgorithmName.SHA256)).Order(StringComparer.Ordinal)));
        parts.Add("client=" + ClientCertificate?.GetCertHashString(HashAlgorithmName.SHA256));
        parts.Add("skip=" + SkipVerify);
        // A CA file, a client certificate and skipped verification are bound to the registry's host.
        parts.Add("host=" + host);
        return string.Join('|', parts);
    }

    public static TlsMaterial Load(TlsSettings settings, TransportEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);
        var environmentRoots = environment.ReplacesSystemRoots ? LoadEnvironmentRoots(environment) : null;
        var registryRoots = settings.CaFile is { } caFile ? LoadBundle(caFile, CaBundle) : [];

        X509Certificate2? client = null;
        if (settings.ClientCertificateFile is { } certFile)
        {
            client = LoadClientCertificate(certFile, settings.ClientKeyFile, settings.ClientCertificatePassword);
        }
        else if (settings.ClientKeyFile is { } keyFile)
        {
            throw TransportErrors.FileInvalid(keyFile, "client key",
                $"was given without a client certificate: give the certificate too with {UserOption.ClientCertificate}.");
        }

        return new TlsMaterial(environmentRoots, registryRoots, client, settings.SkipVerify);
    }

    /// <summary>
    /// The roots as Go's crypto/x509 reads them on Linux: <c>SSL_CERT_FILE</c> replaces the system bundle
    /// file (otherwise the first default file that exists is read) and <c>SSL_CERT_DIR</c> replaces the
    /// system directories (otherwise the default directories are read).
    /// </summary>
    internal static X509Certificate2Collection LoadEnvironmentRoots(TransportEnvironment environment)
    {
        var roots = new X509Certificate2Collection();
        if (environment.SslCertFile is { } envBundle)
        {
            roots.AddRange(LoadBundle(envBundle, $"CA bundle named by {TransportEnvironment.SslCertFileVariable}"));
        }
        else if (environment.DefaultCertFiles.FirstOrDefault(File.Exists) is { } systemBundle)
        {
            roots.AddRange(LoadPemFile(systemBundle));
        }

        var directories = environment.SslCertDirectories.Count > 0 ? environment.SslCertDirectories : environment.DefaultCertDirectories;
        foreach (var directory in directories)
        {
            roots.AddRange(LoadDirectory(directory));
        }

        return roots;
    }

    /// <summary>
    /// The certificates of every file directly in <paramref name="directory"/>, as Go reads
    /// <c>SSL_CERT_DIR</c>: a missing directory, unreadable files and files that hold no PEM certificate
    /// are skipped without error.
    /// </summary>
    internal static X509Certificate2Collection LoadDirectory(string directory)
    {
        var found = new X509Certificate2Collection();
        string[] files;
        try
        {
            files = Directory.GetFiles(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return found;
        }

        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            found.AddRange(LoadPemFile(file));
        }

        return found;
    }

    /// <summary>The certificates of one PEM file; none when it cannot be read, as Go skips such files.</summary>
    private static X509Certificate2Collection LoadPemFile(string file)
    {
        var one = new X509Certificate2Collection();
        try
        {
            one.ImportFromPem(File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            // Skipped, as Go does: a certificate directory often holds other files too.
            one.Clear();
        }

        return one;
    }

    /// <summary>Every CERTIFICATE block of a PEM file; other blocks are ignored, as Go does.</summary>
    internal static X509Certificate2Collection LoadBundle(string path, UserMessage what)
    {
        var text = ReadText(path, what);
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw TransportErrors.FileInvalid(path, what, $"holds a certificate that cannot be read ({e.Message.TrimEnd('.')}). Give a PEM file of CA certificates.");
        }

        if (bundle.Count == 0)
        {
            throw TransportErrors.FileInvalid(path, what, "holds no PEM certificate (-----BEGIN CERTIFICATE-----). Give a PEM file of CA certificates.");
        }

        return bundle;
    }

    private static X509Certificate2 LoadClientCertificate(string certFile, string? keyFile, string? password)
    {
        var what = ClientCertificateFile;
        var bytes = ReadBytes(certFile, what);
        var looksPem = System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096)).Contains("-----BEGIN", StringComparison.Ordinal);
        if (!looksPem)
        {
            if (keyFile is not null)
            {
                throw TransportErrors.FileInvalid(certFile, what, $"is not PEM, so it is read as PKCS#12 (PFX), which carries its own key: leave out {UserOption.ClientKey}.");
            }

            return LoadPkcs12(certFile, bytes, password, what);
        }

        var certPem = System.Text.Encoding.UTF8.GetString(bytes);
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certPem);
        }
        catch (CryptographicException e)
        {
            throw TransportErrors.FileInvalid(certFile, what, $"holds no readable PEM certificate ({e.Message.TrimEnd('.')}).");
        }

        using (certificate)
        {
            var keyPath = keyFile ?? certFile;
            var keyPem = keyFile is null ? certPem : ReadText(keyFile, ClientKeyFile);
            using var withKey = AttachKey(certificate, certFile, keyPath, keyPem, password, keyFile is null);

            // SslStream on Windows cannot present a certificate whose key is ephemeral (as PEM keys are),
            // and on Linux a PKCS#12 round trip is harmless: one path for every platform.
            var pfx = withKey.Export(X509ContentType.Pkcs12);
            try
            {
                return new X509Certificate2(pfx, (string?)null, X509KeyStorageFlags.DefaultKeySet);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pfx);
            }
        }
    }

    private static X509Certificate2 AttachKey(X509Certificate2 certificate, string certFile, string keyPath, string keyPem, string? password, bool keyInCertFile)
    {
        var keyWhat = ClientKeyFile;
        var encrypted = keyPem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);
        if (!keyPem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            if (keyInCertFile)
            {
                throw TransportErrors.FileInvalid(keyPath, ClientCertificateFile, $"holds no private key: give the key file with {UserOption.ClientKey}.");
            }

            throw TransportErrors.FileInvalid(keyPath, keyWhat, "holds no PEM private key (-----BEGIN ... PRIVATE KEY-----).");
        }

        if (encrypted && password is null)
        {
            throw TransportErrors.FileInvalid(keyPath, keyWhat, $"is encrypted: give its password with {UserOption.ClientCertificatePassword}.");
        }

        var algorithm = certificate.GetKeyAlgorithm();
        try
        {
            switch (algorithm)
            {
                case RsaOid:
                {
                    using var rsa = RSA.Create();
                    Import(rsa, keyPem, encrypted, password);
                    return certificate.CopyWithPrivateKey(rsa);
                }

                case EcOid:
                {
                    using var ec = ECDsa.Create();
                    Import(ec, keyPem, encrypted, password);
                    return certificate.CopyWithPrivateKey(ec);
                }

                default:
                    throw TransportErrors.FileInvalid(certFile, ClientCertificateFile,
                        $"has a key algorithm ({algorithm}) that is not supported; use an RSA or ECDSA certificate.");
            }
        }
        catch (ArgumentException)
        {
            // The key parsed but is for another certificate (or another algorithm).
            throw TransportErrors.KeyMismatch(certFile, keyPath);
        }
        catch (CryptographicException e)
        {
            if (LooksLikeOtherAlgorithm(keyPem, algorithm))
            {
                throw TransportErrors.KeyMismatch(certFile, keyPath);
            }

            throw TransportErrors.FileInvalid(keyPath, keyWhat,
                encrypted ? "could not be decrypted: check the password." : $"holds no readable private key ({e.Message.TrimEnd('.')}).");
        }
    }

    private static void Import(AsymmetricAlgorithm key, string pem, bool encrypted, string? password)
    {
        if (encrypted)
        {
            key.ImportFromEncryptedPem(pem, password);
        }
        else
        {
            key.ImportFromPem(pem);
        }
    }

    private static bool LooksLikeOtherAlgorithm(string keyPem, string algorithm) =>
        (algorithm == RsaOid && keyPem.Contains("-----BEGIN EC PRIVATE KEY-----", StringComparison.Ordinal))
        || (algorithm == EcOid && keyPem.Contains("-----BEGIN RSA PRIVATE KEY-----", StringComparison.Ordinal));

    private static X509Certificate2 LoadPkcs12(string path, byte[] bytes, string? password, UserMessage what)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = new X509Certificate2(bytes, password, X509KeyStorageFlags.DefaultKeySet);
        }
        catch (CryptographicException)
        {
            if (password is null)
            {
                throw TransportErrors.FileInvalid(path, what,
                    $"could not be read as PEM or PKCS#12 (PFX). If it is a password-protected PFX, give the password with {UserOption.ClientCertificatePassword}.");
            }

            throw TransportErrors.FileInvalid(path, what, "could not be read as PKCS#12 (PFX) with the password given: check the password and the file.");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw TransportErrors.FileInvalid(path, what, "holds no private key; export the PFX with its key.");
        }

        return certificate;
    }

    private static string ReadText(string path, UserMessage what) => System.Text.Encoding.UTF8.GetString(ReadBytes(path, what));

    private static byte[] ReadBytes(string path, UserMessage what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw TransportErrors.FileInvalid(path, what, $"cannot be read ({e.Message.TrimEnd('.')}). Check the path and its permissions.");
        }
    }
}
