using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Mirroring;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.TestFixtures.Gpg;

namespace OpenTofuOci.Core.Tests.Providers.Mirroring;

/// <summary>
/// The checks on signed releases that happen before any package is downloaded, with real gpg signatures
/// and an in-memory registry (it states a checksum list that lacks a file, which no real registry serves on demand).
/// </summary>
public sealed class SignedReleaseTests : IDisposable
{
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example.com/acme/hello");
    private readonly GpgHome _gpg = GpgHome.Create();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _gpg.Dispose();
        _dir.Dispose();
    }

    private InMemoryReleaseSource Registry(GpgKey key, Func<string, string>? sums = null, bool signed = true)
    {
        var source = new InMemoryReleaseSource(ProviderSourceKind.Registry);
        var release = source.Add("hello", "1.0.0", ["linux_amd64", "windows_amd64"]);
        var lines = string.Concat(release.Packages.Values.OrderBy(p => p.FileName, StringComparer.Ordinal).Select(p => $"{ReleaseFiles.Sha256Hex(p.Zip)}  {p.FileName}\n"));
        var content = Encoding.UTF8.GetBytes((sums ?? (l => l))(lines));
        foreach (var (platform, pkg) in release.Packages.ToList())
        {
            release.Packages[platform] = pkg with { Sha256 = ReleaseFiles.Sha256Hex(pkg.Zip) };
        }

        release.Checksums = signed
            ? new SourceChecksums("terraform-provider-hello_1.0.0_SHA256SUMS", "memory://source/SHA256SUMS", content, "memory://source/SHA256SUMS.sig",
                _gpg.DetachSign(key, content), [_gpg.ExportPublicKey(key)])
            : null;
        return source;
    }

    private ProviderMirrorRequest Request(InMemoryReleaseSource source, params string[] trusted) => new()
    {
        Provider = Hello,
        SourceOverride = source,
        Target = new OciLayoutStore(_dir.Combine("layout")),
        TrustedKeyFiles = trusted,
    };

    [Fact]
    public async Task A_package_missing_from_the_signed_checksum_list_is_ChecksumNotListed_before_anything_is_downloaded()
    {
        var key = _gpg.GenerateKey("Acme");
        var source = Registry(key, sums => string.Concat(sums.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains("windows", StringComparison.Ordinal)).Select(l => l + "\n")));

        var result = await ProviderMirrorer.MirrorAsync(Request(source));

        var failure = Assert.Single(result.Failures);
        Assert.Equal(ErrorIds.ChecksumNotListed, failure.Error.ErrorId);
        Assert.Equal(
            "memory://source/SHA256SUMS has no line for terraform-provider-hello_1.0.0_windows_amd64.zip (windows_amd64), so the signature does not vouch for that package. "
            + "The release is incomplete or its download metadata names another file; nothing of this version was published. Ask the registry's operator.",
            failure.Error.Message);
        Assert.Empty(source.Downloads);
    }

    [Fact]
    public async Task A_signer_the_registry_lists_but_the_trusted_keys_do_not_is_SigningKeyUnknown_before_anything_is_downloaded()
    {
        var key = _gpg.GenerateKey("Acme");
        var other = _gpg.GenerateKey("Someone else");
        var trusted = _dir.Combine("trusted.asc");
        await File.WriteAllTextAsync(trusted, _gpg.ExportPublicKey(other));
        var source = Registry(key);

        var result = await ProviderMirrorer.MirrorAsync(Request(source, trusted));

        Assert.Equal(ErrorIds.SigningKeyUnknown, Assert.Single(result.Failures).Error.ErrorId);
        Assert.Empty(source.Downloads);
    }

    [Fact]
    public async Task A_registry_release_without_a_signed_checksum_list_is_UnsignedRelease()
    {
        var source = Registry(_gpg.GenerateKey("Acme"), signed: false);

        var result = await ProviderMirrorer.MirrorAsync(Request(source));

        var failure = Assert.Single(result.Failures);
        Assert.Equal(ErrorIds.UnsignedRelease, failure.Error.ErrorId);
        Assert.Equal(
            "example.com/acme/hello 1.0.0 at memory://source has no signed checksum list (SHA256SUMS and signature), so where its packages come from cannot be verified; nothing of this version was published. "
            + "Mirror it anyway, with its hashes checked and the provenance recording that it was unsigned, with the allow unsigned option.",
            failure.Error.Message);
        Assert.Empty(source.Downloads);
    }
}
