using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Tests.Fixtures;
using OpenTofuOci.TestFixtures.Gpg;
using static OpenTofuOci.Core.Tests.Providers.Installing.InstallTestMirror;

namespace OpenTofuOci.Core.Tests.Providers.Provenance;

/// <summary>Two keys made once by the real gpg: the release signer and a stranger.</summary>
public sealed class ProvenanceKeysFixture : IDisposable
{
    public ProvenanceKeysFixture()
    {
        Gpg = GpgHome.Create();
        Signer = Gpg.GenerateKey("Hello Release Signer", algorithm: "ed25519");
        Stranger = Gpg.GenerateKey("Stranger", algorithm: "ed25519");
    }

    public GpgHome Gpg { get; }

    public GpgKey Signer { get; }

    public GpgKey Stranger { get; }

    public void Dispose() => Gpg.Dispose();
}

/// <summary>Install and lock with provenance signed by gpg, from docker-registry 2.8.2 and from layouts.</summary>
public sealed class SignedProvenanceTests(ProvenanceKeysFixture keys, PlainRegistryFixture registry)
    : IClassFixture<ProvenanceKeysFixture>, IClassFixture<PlainRegistryFixture>
{
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");
    private const string SumsName = "terraform-provider-hello_1.0.0_SHA256SUMS";

    private static string Line(string hex, string platform) => $"{hex}  terraform-provider-hello_1.0.0_{platform}.zip\n";

    private static string Hex(byte[] zip) => Zh(zip)["zh:".Length..];

    /// <summary>Publishes hello 1.0.0 for linux_amd64 and darwin_arm64 and pushes provenance with <paramref name="sums"/> signed by <paramref name="signer"/>.</summary>
    private async Task<Dictionary<string, byte[]>> PublishAsync(ITarget target, Func<Dictionary<string, byte[]>, string> sums, GpgKey? signer = null, byte[]? signedInstead = null)
    {
        var zips = await PublishProviderAsync(target, "hello", "1.0.0", "linux_amd64", "darwin_arm64");
        var index = await target.ResolveAsync("1.0.0");
        var checksums = Encoding.ASCII.GetBytes(sums(zips));
        var key = signer ?? keys.Signer;
        await ProvenanceStore.PushAsync(target, index, new ProviderProvenance
        {
            ChecksumsFileName = SumsName,
            Checksums = checksums,
            Signature = keys.Gpg.DetachSign(key, signedInstead ?? checksums),
            SigningKey = keys.Gpg.ExportPublicKey(key),
            Source = "https://registry.example.com/v1/providers/example/hello/1.0.0/download/linux/amd64",
            SourceKind = "registry",
            SignedBy = key.KeyId,
        });
        return zips;
    }

    private static string AllThree(Dictionary<string, byte[]> zips) =>
        Line(Hex(zips["darwin_arm64"]), "darwin_arm64") + Line(Hex(zips["linux_amd64"]), "linux_amd64") + Line(new string('9', 64), "windows_amd64");

    [Fact]
    public async Task Lock_from_docker_registry_2_8_2_with_signed_provenance_records_zh_of_every_platform_the_signed_SHA256SUMS_lists()
    {
        using var temp = new TempDirectory();
        var repo = registry.Server.Repository($"provenance/{Guid.NewGuid().ToString("N")[..12]}/hello");
        var zips = await PublishAsync(repo, AllThree);
        var lockPath = temp.Combine(".terraform.lock.hcl");

        var result = await new ProviderLocker(ProviderSourceResolver.FromFunction(_ => repo)).LockAsync(new ProviderLockRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)],
            Platforms = [ProviderPlatform.Parse("linux_amd64")],
            LockFilePath = lockPath,
            RequireProvenance = true,
        });

        Assert.Empty(result.Failures);
        var h1 = (await DirHash.HashZipAsync(new MemoryStream(zips["linux_amd64"]))).ToString();
        var locked = (await LockFileReader.ReadFileAsync(lockPath)).Find(Hello.ToString())!;
        Assert.Equal(new[] { h1, Zh(zips["darwin_arm64"]), Zh(zips["linux_amd64"]), "zh:" + new string('9', 64) }.Order(StringComparer.Ordinal).ToList(), locked.Hashes.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Install_with_the_signers_key_trusted_installs_and_with_only_a_strangers_key_is_SigningKeyUnknown()
    {
        using var temp = new TempDirectory();
        var store = new OciLayoutStore(temp.Combine("layout"));
        await PublishAsync(store, AllThree);
        await File.WriteAllTextAsync(temp.Combine("signer.asc"), keys.Gpg.ExportPublicKey(keys.Signer));
        await File.WriteAllTextAsync(temp.Combine("stranger.asc"), keys.Gpg.ExportPublicKey(keys.Stranger));
        ProviderInstallRequest Request(string key, string dest) => new()
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)],
            Platforms = [ProviderPlatform.Parse("linux_amd64")],
            Destination = temp.Combine(dest),
            RequireProvenance = true,
            TrustedKeyFiles = [temp.Combine(key)],
        };
        var installer = new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => store));

        var trusted = await installer.InstallAsync(Request("signer.asc", "ok"));
        var untrusted = await installer.InstallAsync(Request("stranger.asc", "refused"));

        Assert.Empty(trusted.Failures);
        Assert.Equal(temp.Combine("ok", "registry.opentofu.org", "example", "hello", "1.0.0", "linux_amd64"), Assert.Single(trusted.Packages).Path);
        Assert.Empty(untrusted.Packages);
        Assert.Equal(ErrorIds.SigningKeyUnknown, Assert.Single(untrusted.Failures).Error.ErrorId);
        Assert.False(Directory.Exists(temp.Combine("refused", "registry.opentofu.org")));
    }

    [Fact]
    public async Task A_mirror_zip_other_than_the_one_the_signed_SHA256SUMS_lists_is_ProvenanceMismatch()
    {
        using var temp = new TempDirectory();
        var store = new OciLayoutStore(temp.Combine("layout"));
        await PublishAsync(store, zips => Line(new string('7', 64), "linux_amd64"));

        var result = await new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => store)).InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)],
            Platforms = [ProviderPlatform.Parse("linux_amd64")],
            Destination = temp.Combine("cache"),
            RequireProvenance = true,
        });

        var failure = Assert.Single(result.Failures);
        Assert.Equal(ErrorIds.ProvenanceMismatch, failure.Error.ErrorId);
        Assert.Contains($"lists sha256:{new string('7', 64)}; nothing was downloaded.", failure.Error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Packages);
    }

    [Fact]
    public async Task A_signature_over_other_bytes_is_SignatureInvalid_from_the_verifier()
    {
        using var temp = new TempDirectory();
        var store = new OciLayoutStore(temp.Combine("layout"));
        await PublishAsync(store, AllThree, signedInstead: Encoding.ASCII.GetBytes("other bytes\n"));

        var result = await new ProviderInstaller(ProviderSourceResolver.FromFunction(_ => store)).InstallAsync(new ProviderInstallRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)],
            Platforms = [ProviderPlatform.Parse("linux_amd64")],
            Destination = temp.Combine("cache"),
            RequireProvenance = true,
        });

        Assert.Equal(ErrorIds.SignatureInvalid, Assert.Single(result.Failures).Error.ErrorId);
        Assert.Empty(result.Packages);
    }
}
