using System.Text;
using OpenTofuOci.Core.LockFiles;
using OpenTofuOci.Core.Oci.Layout;
using OpenTofuOci.Core.Providers.Provenance;
using OpenTofuOci.Core.Tests.Providers.Installing;
using OpenTofuOci.Core.Tests.Providers.Provenance;

namespace OpenTofuOci.Core.Tests.Cli;

/// <summary><c>--require-provenance</c> and <c>--trusted-key</c> on <c>provider install</c> and <c>provider lock</c>, against layouts and gpg-made keys.</summary>
public sealed class CliRequireProvenanceTests(ProvenanceKeysFixture keys) : IClassFixture<ProvenanceKeysFixture>
{
    [Fact]
    public async Task Install_with_require_provenance_refuses_a_version_without_provenance_naming_the_option()
    {
        using var temp = new TempDirectory();
        await InstallTestMirror.PublishProviderAsync(new OciLayoutStore(temp.Combine("layout")), "hello", "1.0.0", "linux_amd64");

        var run = await CliRunner.RunAsync("provider", "install", "example/hello", "--platform", "linux_amd64", "--repository", "oci-layout:" + temp.Combine("layout"),
            "--destination", temp.Combine("cache"), "--require-provenance");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("has no provenance artifact referring to its index", run.Error, StringComparison.Ordinal);
        Assert.Contains("or leave out --require-provenance. [ProvenanceNotFound]", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("cache", "registry.opentofu.org")));
    }

    [Fact]
    public async Task Lock_with_require_provenance_and_the_signers_key_records_zh_of_every_signed_platform()
    {
        using var temp = new TempDirectory();
        var store = new OciLayoutStore(temp.Combine("layout"));
        var zips = await InstallTestMirror.PublishProviderAsync(store, "hello", "1.0.0", "linux_amd64");
        var other = new string('5', 64);
        var sums = Encoding.ASCII.GetBytes(
            $"{other}  terraform-provider-hello_1.0.0_darwin_arm64.zip\n{InstallTestMirror.Zh(zips["linux_amd64"])[3..]}  terraform-provider-hello_1.0.0_linux_amd64.zip\n");
        await ProvenanceStore.PushAsync(store, await store.ResolveAsync("1.0.0"), new ProviderProvenance
        {
            ChecksumsFileName = "terraform-provider-hello_1.0.0_SHA256SUMS",
            Checksums = sums,
            Signature = keys.Gpg.DetachSign(keys.Signer, sums),
            SigningKey = keys.Gpg.ExportPublicKey(keys.Signer),
            Source = "https://registry.example.com/v1/providers/example/hello/1.0.0/download/linux/amd64",
            SourceKind = "registry",
        });
        await File.WriteAllTextAsync(temp.Combine("signer.asc"), keys.Gpg.ExportPublicKey(keys.Signer));
        var lockPath = temp.Combine(".terraform.lock.hcl");

        var run = await CliRunner.RunAsync("provider", "lock", "example/hello", "--platform", "linux_amd64", "--repository", "oci-layout:" + temp.Combine("layout"),
            "--lock-file", lockPath, "--require-provenance", "--trusted-key", temp.Combine("signer.asc"));

        Assert.True(run.ExitCode == 0, run.Error);
        var locked = (await LockFileReader.ReadFileAsync(lockPath)).Find("registry.opentofu.org/example/hello")!;
        Assert.Contains("zh:" + other, locked.Hashes);
        Assert.Contains(InstallTestMirror.Zh(zips["linux_amd64"]), locked.Hashes);
        Assert.Equal(3, locked.Hashes.Count);
    }
}
