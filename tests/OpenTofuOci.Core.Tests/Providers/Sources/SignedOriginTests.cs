using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.Core.Signing;
using OpenTofuOci.TestFixtures.Gpg;
using OpenTofuOci.TestFixtures.ProviderOrigin;
using static OpenTofuOci.Core.Tests.Providers.Sources.RegistrySourceTests;

namespace OpenTofuOci.Core.Tests.Providers.Sources;

/// <summary>
/// A static registry signed by real gpg, read through the registry source: what the source returns is exactly
/// what OpenTofu would verify, and the broken releases fail verification the way they are meant to.
/// </summary>
public sealed class SignedOriginTests
{
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");
    private static readonly ProviderPlatform Linux = ProviderPlatform.Parse("linux_amd64");

    [Fact]
    public async Task A_gpg_signed_release_verifies_and_the_bad_signature_and_wrong_key_releases_do_not()
    {
        using var temp = new TempDirectory();
        using var gpg = GpgHome.Create();
        var key = gpg.GenerateKey("Registry <registry@example.test>");
        var other = gpg.GenerateKey("Other <other@example.test>");
        Directory.CreateDirectory(temp.Combine("www"));
        await using var server = await NginxServer.StartAsync(temp.Combine("www"));
        new StaticProviderRegistry(temp.Combine("www"))
            .SignWith(gpg, key, other)
            .Add(new StaticRelease("example", "hello", "1.0.0", ["linux_amd64"]))
            .Add(new StaticRelease("example", "hello", "1.0.1", ["linux_amd64"]) { Break = ReleaseBreak.BadSignature })
            .Add(new StaticRelease("example", "hello", "1.0.2", ["linux_amd64"]) { Break = ReleaseBreak.WrongKey })
            .Write(server.BaseUrl);
        using var source = ProviderSources.Open(new ProviderSourceOptions { Location = server.BaseUrl, Tls = new TlsSettings { CaFile = server.CaFile } });

        async Task<SignatureVerification> VerifyAsync(string version)
        {
            var sums = (await source.GetReleaseAsync(Hello, V(version), [Linux])).Checksums!;
            var keys = OpenPgpKeyRing.Parse(Encoding.ASCII.GetBytes(Assert.Single(sums.PublicKeys)), sums.Location);
            return DetachedSignature.Verify(sums.Content, sums.Signature, keys, sums.Location);
        }

        var good = await VerifyAsync("1.0.0");
        var bad = await Assert.ThrowsAsync<TofuOciException>(() => VerifyAsync("1.0.1"));
        var wrong = await Assert.ThrowsAsync<TofuOciException>(() => VerifyAsync("1.0.2"));

        Assert.Equal(key.KeyId, good.SigningKeyId, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(ErrorIds.SignatureInvalid, bad.ErrorId);
        Assert.Equal(ErrorIds.SigningKeyUnknown, wrong.ErrorId);
    }
}
