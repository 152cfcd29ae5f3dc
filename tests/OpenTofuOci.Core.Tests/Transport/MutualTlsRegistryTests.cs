using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.Core.Tests.Remote;
using static OpenTofuOci.Core.Tests.Transport.TransportTestKit;

namespace OpenTofuOci.Core.Tests.Transport;

/// <summary>A real docker-registry that requires client certificates (http.tls.clientcas), reached through TargetFactory's own handlers.</summary>
public sealed class MutualTlsRegistryTests(MutualTlsRegistryFixture fixture) : IClassFixture<MutualTlsRegistryFixture>
{
    private const string PfxPassword = "pfx-Pa55word!";

    private RegistryServer Server => fixture.Server;

    private TlsSettings WithCa(TempDirectory dir) => new() { CaFile = WriteCaPem(dir, Server.CaCertificate!) };

    private async Task AssertPushAndListAsync(TlsSettings tls, string name)
    {
        using var repo = Open(Server, UniqueRepo(name), tls);
        var (manifest, _, layer, layerBytes) = await RealRegistryTests.PushArtifactAsync(repo, "1.0.0");
        Assert.Equal(["1.0.0"], await repo.ListTagsAsync().ToListAsync());
        Assert.Equal(manifest.Digest, (await repo.ResolveAsync("1.0.0")).Digest);
        Assert.Equal(layerBytes, await RemoteTestKit.ReadAllAsync(await repo.FetchAsync(layer)));
    }

    [Fact]
    public async Task Rsa_pem_certificate_and_key_are_accepted()
    {
        using var dir = new TempDirectory("tofuoci-mtls-");
        using var client = TestCertificates.CreateClient(Server.ClientCaCertificate!, "ci-rsa");
        TestCertificates.WriteCertificateAndKey(client, dir.Combine("client.pem"), dir.Combine("client.key"));

        await AssertPushAndListAsync(WithCa(dir) with { ClientCertificateFile = dir.Combine("client.pem"), ClientKeyFile = dir.Combine("client.key") }, "rsa");
    }

    [Fact]
    public async Task Ecdsa_pem_certificate_with_the_key_in_the_same_file_is_accepted()
    {
        using var dir = new TempDirectory("tofuoci-mtls-");
        using var client = TestCertificates.CreateClient(Server.ClientCaCertificate!, "ci-ec", ecdsa: true);
        TestCertificates.WriteCertificateAndKey(client, dir.Combine("c.pem"), dir.Combine("c.key"));
        await File.WriteAllTextAsync(dir.Combine("both.pem"), await File.ReadAllTextAsync(dir.Combine("c.pem")) + "\n" + await File.ReadAllTextAsync(dir.Combine("c.key")));

        await AssertPushAndListAsync(WithCa(dir) with { ClientCertificateFile = dir.Combine("both.pem") }, "ecdsa");
    }

    [Fact]
    public async Task Encrypted_pem_key_with_its_password_is_accepted()
    {
        using var dir = new TempDirectory("tofuoci-mtls-");
        using var client = TestCertificates.CreateClient(Server.ClientCaCertificate!, "ci-enc");
        TestCertificates.WriteCertificateAndKey(client, dir.Combine("client.pem"), dir.Combine("client.key"), PfxPassword);

        await AssertPushAndListAsync(WithCa(dir) with
        {
            ClientCertificateFile = dir.Combine("client.pem"),
            ClientKeyFile = dir.Combine("client.key"),
            ClientCertificatePassword = PfxPassword,
        }, "encrypted");
    }

    [Fact]
    public async Task Pfx_with_its_password_is_accepted()
    {
        using var dir = new TempDirectory("tofuoci-mtls-");
        using var client = TestCertificates.CreateClient(Server.ClientCaCertificate!, "ci-pfx");
        TestCertificates.WritePfx(client, dir.Combine("client.pfx"), PfxPassword);

        await AssertPushAndListAsync(WithCa(dir) with { ClientCertificateFile = dir.Combine("client.pfx"), ClientCertificatePassword = PfxPassword }, "pfx");
    }

    [Fact]
    public async Task Without_a_client_certificate_the_error_says_one_is_required()
    {
        using var dir = new TempDirectory("tofuoci-mtls-");
        using var repo = Open(Server, UniqueRepo("none"), WithCa(dir));

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());

        Assert.Equal(ErrorIds.ClientCertificateRequired, ex.ErrorId);
        Assert.StartsWith($"registry {Server.Address} requires a TLS client certificate (mutual TLS) and none was given (GET https://{Server.Address}/v2/", ex.Message);
        Assert.EndsWith("Give one with the client certificate option and the client key option (or a PKCS#12 file with its password).", ex.Message);
    }

    [Fact]
    public async Task A_client_certificate_from_another_ca_is_rejected_with_a_typed_error()
    {
        using var dir = new TempDirectory("tofuoci-mtls-");
        using var otherCa = TestCertificates.CreateCa("not-the-client-ca");
        using var client = TestCertificates.CreateClient(otherCa, "stranger");
        TestCertificates.WriteCertificateAndKey(client, dir.Combine("client.pem"), dir.Combine("client.key"));
        using var repo = Open(Server, UniqueRepo("stranger"), WithCa(dir) with { ClientCertificateFile = dir.Combine("client.pem"), ClientKeyFile = dir.Combine("client.key") });

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => repo.ListTagsAsync().ToListAsync().AsTask());

        Assert.Equal(ErrorIds.ClientCertificateRejected, ex.ErrorId);
        Assert.StartsWith($"registry {Server.Address} refused the TLS connection after asking for a client certificate", ex.Message);
    }
}
