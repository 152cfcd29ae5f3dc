using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Remote;
using OpenTofuOci.Core.Oci.Stores;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Remote;
using static OpenTofuOci.Core.Tests.Transport.TransportTestKit;

namespace OpenTofuOci.Core.Tests.Transport;

/// <summary>A real docker-registry over HTTPS with a certificate from a private CA, reached through TargetFactory's own handlers.</summary>
public sealed class TlsRegistryTests(TlsRegistryFixture fixture) : IClassFixture<TlsRegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task Private_ca_trusted_through_the_ca_file_option_allows_push_and_pull()
    {
        using var dir = new TempDirectory("tofuoci-tls-");
        var caFile = WriteCaPem(dir, Server.CaCertificate!);
        using var repo = Open(Server, UniqueRepo("cafile"), new TlsSettings { CaFile = caFile });

        var (manifest, bytes, _, _) = await RealRegistryTests.PushArtifactAsync(repo, "1.0.0");

        Assert.Equal(manifest.Digest, (await repo.ResolveAsync("1.0.0")).Digest);
        Assert.Equal(bytes, await RemoteTestKit.ReadAllAsync(await repo.FetchAsync(manifest)));
        Assert.Equal(["1.0.0"], await repo.ListTagsAsync().ToListAsync());
    }

    [Fact]
    public async Task Ca_bundle_with_several_certificates_trusts_the_one_that_issued_the_server()
    {
        using var dir = new TempDirectory("tofuoci-tls-");
        using var other = TestCertificates.CreateCa("another-ca");
        var bundle = dir.Combine("bundle.pem");
        await File.WriteAllTextAsync(bundle, other.ExportCertificatePem() + "\n" + Server.CaCertificate!.ExportCertificatePem() + "\n");
        using var repo = Open(Server, UniqueRepo("bundle"), new TlsSettings { CaFile = bundle });

        await RealRegistryTests.PushArtifactAsync(repo, "2.0.0");

        Assert.Equal(["2.0.0"], await repo.ListTagsAsync().ToListAsync());
    }

    [Fact]
    public async Task Private_ca_trusted_through_an_injected_SSL_CERT_FILE_allows_listing()
    {
        using var dir = new TempDirectory("tofuoci-tls-");
        var caFile = WriteCaPem(dir, Server.CaCertificate!);
        var env = TransportEnvironment.FromVariables(new Dictionary<string, string> { ["SSL_CERT_FILE"] = caFile });
        using var repo = Open(Server, UniqueRepo("sslcertfile"), TlsSettings.None, env);

        await RealRegistryTests.PushArtifactAsync(repo, "1.0.0");

        Assert.Equal(["1.0.0"], await repo.ListTagsAsync().ToListAsync());
    }

    [Fact]
    public async Task SSL_CERT_FILE_is_ignored_where_go_ignores_it()
    {
        using var dir = new TempDirectory("tofuoci-tls-");
        var caFile = WriteCaPem(dir, Server.CaCertificate!);
        var windowsLike = new TransportEnvironment(name => name == "SSL_CERT_FILE" ? caFile : null, honoursSslCertFile: false);
        using var repo = Open(Server, UniqueRepo("ignored"), TlsSettings.None, windowsLike);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());

        Assert.Equal(ErrorIds.UntrustedCertificate, ex.ErrorId);
    }

    [Fact]
    public async Task Untrusted_certificate_is_a_typed_error_naming_the_registry_subject_issuer_and_the_ca_option()
    {
        using var repo = Open(Server, UniqueRepo("untrusted"), TlsSettings.None);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());

        Assert.Equal(ErrorIds.UntrustedCertificate, ex.ErrorId);
        Assert.Equal(ErrorKind.Connection, ex.Kind);
        Assert.StartsWith($"The TLS certificate of registry {Server.Address} is not trusted (GET https://{Server.Address}/v2/", ex.Message);
        Assert.Contains("subject \"CN=127.0.0.1\", issuer \"CN=tofuoci-test-ca\" (it is not issued by a trusted CA)", ex.Message);
        Assert.Contains("trust it with the CA file option <PEM file of the CA>", ex.Message);
        Assert.Equal(Server.Address, ex.Target);
    }

    [Fact]
    public async Task A_ca_file_with_another_ca_still_refuses_the_server()
    {
        using var dir = new TempDirectory("tofuoci-tls-");
        using var other = TestCertificates.CreateCa("another-ca");
        var caFile = WriteCaPem(dir, other);
        using var repo = Open(Server, UniqueRepo("otherca"), new TlsSettings { CaFile = caFile });

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());

        Assert.Equal(ErrorIds.UntrustedCertificate, ex.ErrorId);
        Assert.Contains("issuer \"CN=tofuoci-test-ca\"", ex.Message);
    }

    [Fact]
    public async Task Skip_verify_on_the_registry_works_and_warns_every_time_it_is_opened()
    {
        var warnings = new List<string>();
        using (var repo = Open(Server, UniqueRepo("skip"), new TlsSettings { SkipVerify = true }, warnings: warnings))
        {
            await RealRegistryTests.PushArtifactAsync(repo, "1.0.0");
            Assert.Equal(["1.0.0"], await repo.ListTagsAsync().ToListAsync());
        }

        using (Open(Server, UniqueRepo("skip"), new TlsSettings { SkipVerify = true }, warnings: warnings))
        {
        }

        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(TargetFactory.SkipVerifyWarning(Server.Address), w));
        Assert.StartsWith($"TLS certificate verification is OFF for {Server.Address} (the skip certificate check option)", warnings[0]);
    }

    [Fact]
    public async Task Skip_verify_scoped_to_another_registry_does_not_apply()
    {
        var options = new TargetOptions
        {
            Transport = new RegistryTransportSettings
            {
                Registries = new Dictionary<string, TlsSettings> { ["other.example:443"] = new() { SkipVerify = true } },
                Environment = EmptyEnvironment,
            },
        };
        using var repo = (RemoteRepository)TargetFactory.Open(TargetAddress.Parse($"{Server.Address}/{UniqueRepo("scoped")}"), options);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());

        Assert.Equal(ErrorIds.UntrustedCertificate, ex.ErrorId);
    }
}
