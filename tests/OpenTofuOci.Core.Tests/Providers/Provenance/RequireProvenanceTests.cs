using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Signing;
using static OpenTofuOci.Core.Tests.Providers.Installing.InstallTestMirror;

namespace OpenTofuOci.Core.Tests.Providers.Provenance;

/// <summary>Install and lock with provenance required: what is refused before any signature is checked, and the checksum-list rules.</summary>
public sealed class RequireProvenanceTests
{
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");
    private static readonly ProviderPlatform Linux = ProviderPlatform.Parse("linux_amd64");

    private static ProviderSourceResolver Resolver(TempDirectory temp) =>
        ProviderSourceResolver.ForRepository(TargetAddress.Parse("oci-layout:" + temp.Combine("layout")));

    private static ProviderInstallRequest Install(TempDirectory temp, bool require = true, IReadOnlyList<string>? keys = null) => new()
    {
        Providers = [ProviderRequirement.AnyVersion(Hello)],
        Platforms = [Linux],
        Destination = temp.Combine("cache"),
        RequireProvenance = require,
        TrustedKeyFiles = keys ?? [],
    };

    [Fact]
    public async Task A_version_without_provenance_is_ProvenanceNotFound_and_nothing_is_installed()
    {
        using var temp = new TempDirectory();
        var store = new OciLayoutStore(temp.Combine("layout"));
        await PublishProviderAsync(store, "hello", "1.0.0", "linux_amd64");
        var index = await store.ResolveAsync("1.0.0");

        var result = await new ProviderInstaller(Resolver(temp)).InstallAsync(Install(temp));

        Assert.Empty(result.Packages);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(ErrorIds.ProvenanceNotFound, failure.Error.ErrorId);
        Assert.Equal(
            $"Provider registry.opentofu.org/example/hello 1.0.0 in {store.DisplayName} has no provenance artifact referring to its index {index.Digest}, and the require provenance option asks for one. Mirror the version from its origin registry so its signed checksums are kept next to it, or leave out the require provenance option.",
            failure.Error.Message);
        Assert.False(Directory.Exists(temp.Combine("cache", "registry.opentofu.org")));
    }

    [Fact]
    public async Task A_version_with_only_unsigned_provenance_is_UnsignedRelease_and_the_lock_file_is_not_written()
    {
        using var temp = new TempDirectory();
        var store = new OciLayoutStore(temp.Combine("layout"));
        await PublishProviderAsync(store, "hello", "1.0.0", "linux_amd64");
        var index = await store.ResolveAsync("1.0.0");
        var artifact = await ProvenanceStore.PushAsync(store, index, ProvenanceStoreTests.Unsigned);
        var lockPath = temp.Combine(".terraform.lock.hcl");

        var result = await new ProviderLocker(Resolver(temp)).LockAsync(new ProviderLockRequest
        {
            Providers = [ProviderRequirement.AnyVersion(Hello)],
            Platforms = [Linux],
            LockFilePath = lockPath,
            RequireProvenance = true,
        });

        var failure = Assert.Single(result.Failures);
        Assert.Equal(ErrorIds.UnsignedRelease, failure.Error.ErrorId);
        Assert.Equal(
            $"Provider registry.opentofu.org/example/hello 1.0.0 in {store.DisplayName} has only unsigned provenance ({artifact.Digest}, from directory /srv/mirror), and the require provenance option asks for a signed one. Mirror the version from its origin registry, which signs its releases, or leave out the require provenance option.",
            failure.Error.Message);
        Assert.False(File.Exists(lockPath));
    }

    [Fact]
    public async Task A_trusted_key_without_require_provenance_is_refused_before_anything_is_read()
    {
        using var temp = new TempDirectory();

        var ex = await Assert.ThrowsAsync<TofuOciException>(() =>
            new ProviderInstaller(Resolver(temp)).InstallAsync(Install(temp, require: false, keys: [temp.Combine("key.asc")])));

        Assert.Equal(ErrorIds.InvalidArgument, ex.ErrorId);
        Assert.Equal("Trusted key files (the trusted key option) say which keys provenance must be signed with, so they need the require provenance option. Add the require provenance option, or leave out the trusted key option.", ex.Message);
    }

    [Fact]
    public void A_checksum_list_keeps_well_formed_lines_in_lower_case_and_skips_the_rest()
    {
        var upper = new string('A', 64);
        var text = $"{upper}  a.zip\r\n{new string('b', 64)} *b.zip\nnot a line\n{new string('c', 63)}  short.zip\n{new string('d', 64)}  a.zip\n";

        var parsed = ReleaseChecksums.ParseLenient(Encoding.ASCII.GetBytes(text));

        Assert.Equal(new Dictionary<string, string> { ["a.zip"] = new string('a', 64), ["b.zip"] = new string('b', 64) }, parsed);
    }

    private static VerifiedProvenance Verified(string sums) => new(
        new StoredProvenance(Descriptor.FromBytes(MediaTypes.ImageManifest, "{}"u8), ProvenanceStoreTests.Signed with { Checksums = Encoding.ASCII.GetBytes(sums) }),
        new SignatureVerification(new OpenPgpKeyInfo("0123456789ABCDEF", new string('F', 40), null, DateTimeOffset.UnixEpoch, null, false, ""), "0123456789ABCDEF", DateTimeOffset.UnixEpoch),
        ReleaseChecksums.ParseLenient(Encoding.ASCII.GetBytes(sums)));

    private static ProviderPackageMeta Meta(byte[] zip, string platform = "linux_amd64")
    {
        var layer = Descriptor.FromBytes(MediaTypes.Zip, zip);
        return new ProviderPackageMeta(Hello, ProviderVersion.Create(1, 0, 0), platform, layer, layer, layer, Zh(zip), $"terraform-provider-hello_1.0.0_{platform}.zip");
    }

    [Fact]
    public void A_package_whose_digest_differs_from_its_signed_line_is_ProvenanceMismatch()
    {
        var zip = ProviderZip("hello", "1.0.0", "linux_amd64");
        var signed = new string('e', 64);
        var verified = Verified($"{signed}  terraform-provider-hello_1.0.0_linux_amd64.zip\n");
        var meta = Meta(zip);

        var ex = Assert.Throws<TofuOciException>(() => ProvenanceVerifier.CheckPackage(verified, meta, "oci-layout:/m"));

        Assert.Equal(ErrorIds.ProvenanceMismatch, ex.ErrorId);
        Assert.Equal(
            $"Provider registry.opentofu.org/example/hello 1.0.0 (oci-layout:/m): the linux_amd64 package terraform-provider-hello_1.0.0_linux_amd64.zip is {meta.LayerDescriptor.Digest}, but the signed terraform-provider-hello_1.0.0_SHA256SUMS in provenance {verified.Artifact.Manifest.Digest} lists sha256:{signed}; nothing was downloaded. The mirror's package is not the one the provider's publisher signed: mirror the version again from its origin registry.",
            ex.Message);
    }

    [Fact]
    public void A_package_the_signed_list_does_not_name_is_ProvenanceMismatch_and_a_listed_one_passes()
    {
        var zip = ProviderZip("hello", "1.0.0", "linux_amd64");
        var meta = Meta(zip);
        var verified = Verified($"{meta.LayerDescriptor.ParsedDigest().Encoded}  terraform-provider-hello_1.0.0_linux_amd64.zip\n");

        ProvenanceVerifier.CheckPackage(verified, meta, "oci-layout:/m");
        var ex = Assert.Throws<TofuOciException>(() => ProvenanceVerifier.CheckPackage(verified, Meta(zip, "darwin_arm64") with { Platform = "darwin_arm64" }, "oci-layout:/m"));

        Assert.Equal(ErrorIds.ProvenanceMismatch, ex.ErrorId);
        Assert.StartsWith("Provider registry.opentofu.org/example/hello 1.0.0 (oci-layout:/m): the signed terraform-provider-hello_1.0.0_SHA256SUMS in provenance ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(" has no line for terraform-provider-hello_1.0.0_darwin_arm64.zip, the darwin_arm64 package; nothing was downloaded.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_hashes_cover_every_platform_of_the_version_the_signed_list_names_and_nothing_else()
    {
        var a = new string('a', 64);
        var b = new string('b', 64);
        var verified = Verified(
            $"{b}  terraform-provider-hello_1.0.0_linux_amd64.zip\n{a}  terraform-provider-hello_1.0.0_darwin_arm64.zip\n" +
            $"{new string('c', 64)}  terraform-provider-hello_1.0.0_manifest.json\n{new string('d', 64)}  terraform-provider-hello_1.0.1_linux_amd64.zip\n" +
            $"{new string('e', 64)}  terraform-provider-hello2_1.0.0_linux_amd64.zip\n");

        Assert.Equal(["zh:" + a, "zh:" + b], ProvenanceVerifier.ZipHashes(verified, Hello, ProviderVersion.Create(1, 0, 0)));
    }
}
