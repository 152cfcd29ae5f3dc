using System.Security.Cryptography;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Stores;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Tests.Fixtures;
using static OpenTofuOci.Core.Tests.Transport.TransportTestKit;

namespace OpenTofuOci.Core.Tests.Transport;

/// <summary>Bad CA bundles, certificates and keys are typed errors naming the file, raised when the target is opened, before any connection.</summary>
public sealed class TlsFileTests : IDisposable
{
    private readonly TempDirectory _dir = new("tofuoci-tlsfiles-");
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _ca = TestCertificates.CreateCa("files-ca");

    public void Dispose()
    {
        _ca.Dispose();
        _dir.Dispose();
    }

    private static TofuOciException OpenFails(TlsSettings tls, TransportEnvironment? environment = null) =>
        Assert.Throws<TofuOciException>(() => TargetFactory.Open(TargetAddress.Parse("127.0.0.1:9/never/contacted"), new TargetOptions
        {
            Transport = new RegistryTransportSettings { AllRegistries = tls, Environment = environment ?? EmptyEnvironment },
        }));

    private (string Cert, string Key) WriteClient(string name, bool ecdsa = false, string? password = null)
    {
        using var client = TestCertificates.CreateClient(_ca, name, ecdsa);
        var (cert, key) = (_dir.Combine(name + ".pem"), _dir.Combine(name + ".key"));
        TestCertificates.WriteCertificateAndKey(client, cert, key, password);
        return (cert, key);
    }

    [Fact]
    public void Missing_ca_file_names_the_file_and_the_option()
    {
        var path = _dir.Combine("missing.pem");
        var ex = OpenFails(new TlsSettings { CaFile = path });
        Assert.Equal(ErrorIds.TlsFileInvalid, ex.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.StartsWith($"The CA bundle (the CA file option) \"{path}\" cannot be read (", ex.Message);
        Assert.EndsWith("). Check the path and its permissions.", ex.Message);
        Assert.Equal(path, ex.Target);
    }

    [Fact]
    public void Ca_file_without_certificates_is_refused()
    {
        var path = _dir.Combine("empty.pem");
        File.WriteAllText(path, "just text\n");
        var ex = OpenFails(new TlsSettings { CaFile = path });
        Assert.Equal(ErrorIds.TlsFileInvalid, ex.ErrorId);
        Assert.Equal($"The CA bundle (the CA file option) \"{path}\" holds no PEM certificate (-----BEGIN CERTIFICATE-----). Give a PEM file of CA certificates.", ex.Message);
    }

    [Fact]
    public void Ca_file_with_a_corrupt_certificate_is_refused()
    {
        var path = _dir.Combine("corrupt.pem");
        File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        var ex = OpenFails(new TlsSettings { CaFile = path });
        Assert.Equal(ErrorIds.TlsFileInvalid, ex.ErrorId);
        Assert.StartsWith($"The CA bundle (the CA file option) \"{path}\" holds a certificate that cannot be read (", ex.Message);
    }

    [Fact]
    public void Unreadable_SSL_CERT_FILE_names_the_variable()
    {
        var path = _dir.Combine("nope.pem");
        var ex = OpenFails(TlsSettings.None, TransportEnvironment.FromVariables(new Dictionary<string, string> { ["SSL_CERT_FILE"] = path }));
        Assert.Equal(ErrorIds.TlsFileInvalid, ex.ErrorId);
        Assert.StartsWith($"The CA bundle named by SSL_CERT_FILE \"{path}\" cannot be read", ex.Message);
    }

    [Fact]
    public void Key_of_another_certificate_is_a_mismatch()
    {
        var (cert, _) = WriteClient("a");
        var (_, otherKey) = WriteClient("b");
        var ex = OpenFails(new TlsSettings { ClientCertificateFile = cert, ClientKeyFile = otherKey });
        Assert.Equal(ErrorIds.ClientKeyMismatch, ex.ErrorId);
        Assert.Equal($"The private key \"{otherKey}\" does not belong to the client certificate \"{cert}\". Give the key file that was generated with that certificate.", ex.Message);
    }

    [Fact]
    public void Ecdsa_key_for_an_rsa_certificate_is_a_mismatch()
    {
        var (cert, _) = WriteClient("rsa");
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = _dir.Combine("ec.key");
        File.WriteAllText(key, ec.ExportECPrivateKeyPem());
        var ex = OpenFails(new TlsSettings { ClientCertificateFile = cert, ClientKeyFile = key });
        Assert.Equal(ErrorIds.ClientKeyMismatch, ex.ErrorId);
    }

    [Fact]
    public void Encrypted_key_without_a_password_says_how_to_give_one()
    {
        var (cert, key) = WriteClient("enc", password: "pw-1");
        var ex = OpenFails(new TlsSettings { ClientCertificateFile = cert, ClientKeyFile = key });
        Assert.Equal(ErrorIds.TlsFileInvalid, ex.ErrorId);
        Assert.Equal($"The client key (the client key option) \"{key}\" is encrypted: give its password with the client certificate password option.", ex.Message);
    }

    [Fact]
    public void Encrypted_key_with_a_wrong_password_is_refused_without_showing_it()
    {
        var (cert, key) = WriteClient("enc2", ecdsa: true, password: "right-pw");
        var ex = OpenFails(new TlsSettings { ClientCertificateFile = cert, ClientKeyFile = key, ClientCertificatePassword = "wrong-pw-XYZ" });
        Assert.Equal(ErrorIds.TlsFileInvalid, ex.ErrorId);
        Assert.Equal($"The client key (the client key option) \"{key}\" could not be decrypted: check the password.", ex.Message);
        Assert.DoesNotContain("wrong-pw-XYZ", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Pfx_with_a_wrong_password_is_refused_without_showing_it()
    {
        using var client = TestCertificates.CreateClient(_ca, "pfx");
        var pfx = _dir.Combine("c.pfx");
        TestCertificates.WritePfx(client, pfx, "right");
        var ex = OpenFails(new TlsSettings { ClientCertificateFile = pfx, ClientCertificatePassword = "wrong-pfx-PW" });
        Assert.Equal(ErrorIds.TlsFileInvalid, ex.ErrorId);
        Assert.Equal($"The client certificate (the client certificate option) \"{pfx}\" could not be read as PKCS#12 (PFX) with the password given: check the password and the file.", ex.Message);
        Assert.DoesNotContain("wrong-pfx-PW", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pfx-PW", new TlsSettings { ClientCertificatePassword = "wrong-pfx-PW" }.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Pem_certificate_without_any_key_says_to_give_the_key()
    {
        var (cert, _) = WriteClient("nokey");
        var ex = OpenFails(new TlsSettings { ClientCertificateFile = cert });
        Assert.Equal(ErrorIds.TlsFileInvalid, ex.ErrorId);
        Assert.Equal($"The client certificate (the client certificate option) \"{cert}\" holds no private key: give the key file with the client key option.", ex.Message);
    }

    [Fact]
    public void Key_without_a_certificate_is_refused()
    {
        var (_, key) = WriteClient("lonely");
        var ex = OpenFails(new TlsSettings { ClientKeyFile = key });
        Assert.Equal(ErrorIds.TlsFileInvalid, ex.ErrorId);
        Assert.Equal($"The client key \"{key}\" was given without a client certificate: give the certificate too with the client certificate option.", ex.Message);
    }

    [Fact]
    public void Plain_http_registries_never_read_the_tls_files()
    {
        var target = TargetFactory.Open(TargetAddress.Parse("127.0.0.1:9/plain/repo"), new TargetOptions
        {
            PlainHttp = true,
            Transport = new RegistryTransportSettings { AllRegistries = new TlsSettings { CaFile = _dir.Combine("missing.pem") }, Environment = EmptyEnvironment },
        });
        Assert.Equal("127.0.0.1:9/plain/repo", target.DisplayName);
    }

    [Fact]
    public void One_registry_with_equal_settings_shares_one_handler_and_anything_else_gets_its_own()
    {
        var caFile = WriteCaPem(_dir, _ca);
        var a = RegistryHandlers.For("a.example:443", new TlsSettings { CaFile = caFile }, EmptyEnvironment);
        var again = RegistryHandlers.For("A.example:443", new TlsSettings { CaFile = caFile }, EmptyEnvironment);
        var b = RegistryHandlers.For("b.example:443", new TlsSettings { CaFile = caFile }, EmptyEnvironment);
        var otherPort = RegistryHandlers.For("a.example:5000", new TlsSettings { CaFile = caFile }, EmptyEnvironment);
        var c = RegistryHandlers.For("a.example:443", TlsSettings.None, EmptyEnvironment);
        var d = RegistryHandlers.For("a.example:443", new TlsSettings { SkipVerify = true }, EmptyEnvironment);
        var e = RegistryHandlers.For("b.example:443", new TlsSettings { SkipVerify = true }, EmptyEnvironment);
        Assert.Same(a.Handler, again.Handler);
        Assert.Same(a.Diagnostics, again.Diagnostics);
        // Separate handlers keep what one registry's handshakes showed from explaining another's failure.
        Assert.NotSame(a.Handler, b.Handler);
        Assert.NotSame(a.Diagnostics, otherPort.Diagnostics);
        Assert.NotSame(a.Handler, c.Handler);
        Assert.NotSame(d.Handler, e.Handler);
        var handler = Assert.IsType<SocketsHttpHandler>(a.Handler);
        Assert.False(handler.UseCookies);
        Assert.False(handler.AllowAutoRedirect);
    }
}
