using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Remote;
using static OpenTofuOci.Core.Tests.Transport.TransportTestKit;

namespace OpenTofuOci.Core.Tests.Transport;

/// <summary>
/// SSL_CERT_FILE and SSL_CERT_DIR replace the system's roots as Go's crypto/x509 does on Linux: the
/// file replaces the system bundle file, the directories replace the system directories. The "system"
/// bundle and directories are injected, with a real docker-registry over TLS behind a private CA.
/// </summary>
public sealed class SslCertEnvironmentTests(TlsRegistryFixture fixture) : IClassFixture<TlsRegistryFixture>, IDisposable
{
    private readonly TempDirectory _dir = new("tofuoci-sslcert-");

    private RegistryServer Server => fixture.Server;

    public void Dispose() => _dir.Dispose();

    private string RegistryCaDirectory()
    {
        var directory = _dir.Combine("system-certs");
        Directory.CreateDirectory(directory);
        WriteCaPem(_dir, Server.CaCertificate!, Path.Combine("system-certs", "registry-ca.pem"));
        return directory;
    }

    private string UnrelatedCa(string name)
    {
        using var other = TestCertificates.CreateCa("unrelated-ca");
        return WriteCaPem(_dir, other, name);
    }

    private async Task<TofuOciException> ListFailsAsync(TransportEnvironment environment)
    {
        using var repo = Open(Server, UniqueRepo("refused"), TlsSettings.None, environment);
        return await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());
    }

    [Fact]
    public async Task A_registry_trusted_by_the_system_bundle_file_is_refused_when_SSL_CERT_FILE_names_another_ca()
    {
        var systemBundle = WriteCaPem(_dir, Server.CaCertificate!, "system-bundle.pem");
        var system = TransportEnvironment.FromVariables(new Dictionary<string, string> { ["SSL_CERT_DIR"] = _dir.Combine("none") }, [systemBundle], []);
        using (var repo = Open(Server, UniqueRepo("systemfile"), TlsSettings.None, system))
        {
            await RealRegistryTests.PushArtifactAsync(repo, "1.0.0");
        }

        var replaced = TransportEnvironment.FromVariables(
            new Dictionary<string, string> { ["SSL_CERT_FILE"] = UnrelatedCa("env.pem"), ["SSL_CERT_DIR"] = _dir.Combine("none") }, [systemBundle], []);
        var ex = await ListFailsAsync(replaced);

        Assert.Equal(ErrorIds.UntrustedCertificate, ex.ErrorId);
        Assert.Contains("subject \"CN=127.0.0.1\", issuer \"CN=tofuoci-test-ca\" (it is not issued by a trusted CA)", ex.Message);
    }

    [Fact]
    public async Task A_registry_trusted_by_a_system_directory_is_refused_when_SSL_CERT_DIR_names_other_directories()
    {
        var systemDirectory = RegistryCaDirectory();
        var emptyDirectory = _dir.Combine("empty");
        Directory.CreateDirectory(emptyDirectory);
        var onlyFile = TransportEnvironment.FromVariables(new Dictionary<string, string> { ["SSL_CERT_FILE"] = UnrelatedCa("env.pem") }, [], [systemDirectory]);
        using (var repo = Open(Server, UniqueRepo("systemdir"), TlsSettings.None, onlyFile))
        {
            // SSL_CERT_FILE alone leaves the system directories in place, as in Go.
            await RealRegistryTests.PushArtifactAsync(repo, "1.0.0");
        }

        var replaced = TransportEnvironment.FromVariables(
            new Dictionary<string, string> { ["SSL_CERT_FILE"] = UnrelatedCa("env2.pem"), ["SSL_CERT_DIR"] = emptyDirectory }, [], [systemDirectory]);
        var ex = await ListFailsAsync(replaced);

        Assert.Equal(ErrorIds.UntrustedCertificate, ex.ErrorId);
    }

    [Fact]
    public void The_environment_roots_are_exactly_the_certificates_of_SSL_CERT_FILE_and_SSL_CERT_DIR_and_no_system_file_or_directory()
    {
        using var fileCa = TestCertificates.CreateCa("file-ca");
        using var dirCa = TestCertificates.CreateCa("dir-ca");
        using var systemCa = TestCertificates.CreateCa("system-ca");
        var envFile = WriteCaPem(_dir, fileCa, "file.pem");
        Directory.CreateDirectory(_dir.Combine("env-dir"));
        WriteCaPem(_dir, dirCa, Path.Combine("env-dir", "dir.pem"));
        Directory.CreateDirectory(_dir.Combine("system-dir"));
        var systemFile = WriteCaPem(_dir, systemCa, Path.Combine("system-dir", "system.pem"));
        var environment = TransportEnvironment.FromVariables(
            new Dictionary<string, string> { ["SSL_CERT_FILE"] = envFile, ["SSL_CERT_DIR"] = _dir.Combine("env-dir") }, [systemFile], [_dir.Combine("system-dir")]);

        var material = TlsMaterial.Load(TlsSettings.None, environment);

        Assert.True(environment.ReplacesSystemRoots);
        Assert.Equal(new[] { fileCa.Thumbprint, dirCa.Thumbprint }.Order(), material.EnvironmentRoots!.Select(c => c.Thumbprint).Order());
        Assert.Empty(material.RegistryRoots);
        material.Release();
    }

    [Fact]
    public void Without_SSL_CERT_FILE_and_SSL_CERT_DIR_the_platform_trust_store_decides()
    {
        var systemFile = WriteCaPem(_dir, Server.CaCertificate!, "system.pem");
        var environment = TransportEnvironment.FromVariables(new Dictionary<string, string>(), [systemFile], [_dir.Path]);

        var material = TlsMaterial.Load(new TlsSettings { CaFile = systemFile }, environment);

        Assert.False(environment.ReplacesSystemRoots);
        Assert.Null(material.EnvironmentRoots);
        Assert.Equal([Server.CaCertificate!.Thumbprint], material.RegistryRoots.Select(c => c.Thumbprint));
        material.Release();
    }

    [Fact]
    public void The_system_environment_reads_the_bundle_files_and_directories_go_reads_on_linux()
    {
        Assert.Equal(
            ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/ca-bundle.pem", "/etc/pki/tls/cacert.pem",
             "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/ssl/cert.pem"],
            TransportEnvironment.System.DefaultCertFiles);
        Assert.Equal(["/etc/ssl/certs", "/etc/pki/tls/certs"], TransportEnvironment.System.DefaultCertDirectories);
    }
}
