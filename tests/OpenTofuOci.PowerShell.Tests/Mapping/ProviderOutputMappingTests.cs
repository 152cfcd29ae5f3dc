using System.IO.Compression;
using System.Text;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.PowerShell.Mapping;
using OpenTofuOci.PowerShell.Output;
using OpenTofuOci.TestFixtures;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

/// <summary>
/// The cmdlets' worker paths without a PowerShell host: parameters mapped as the cmdlets map them,
/// Core run against an image-layout directory, results mapped to the output objects.
/// </summary>
public sealed class ProviderOutputMappingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tofuoci-ps-" + Guid.NewGuid().ToString("N"));

    public ProviderOutputMappingTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Resolve(string path) => Path.GetFullPath(path, _root);

    private string WriteRelease(string version, params string[] platforms)
    {
        var dist = Path.Combine(_root, "dist-" + version);
        Directory.CreateDirectory(dist);
        foreach (var platform in platforms)
        {
            using var zip = ZipFile.Open(Path.Combine(dist, $"terraform-provider-hello_{version}_{platform}.zip"), ZipArchiveMode.Create);
            var entry = zip.CreateEntry($"terraform-provider-hello_v{version}");
            entry.ExternalAttributes = (0x8000 | 0b111_101_101) << 16;
            using var s = entry.Open();
            s.Write(Encoding.UTF8.GetBytes($"#!/bin/sh\necho hello {version} {platform}\n"));
        }

        return dist;
    }

    private async Task<ProviderPublishResult> PublishAsync(string repository, string dist)
    {
        var plan = TestPlans.For(repository, _root);
        var files = ProviderReleaseFile.FromPaths([dist]);
        var release = await ProviderReleaseScanner.ScanAsync(files);
        return await ProviderPublisher.PublishAsync(release, new ProviderPublishRequest
        {
            Files = files,
            Target = plan.Open(plan.Repository, null, null),
            TargetDisplay = plan.Repository.RepositoryText,
        });
    }

    [Fact]
    public async Task Publish_list_install_lock_and_copy_map_to_their_output_objects()
    {
        var published = await PublishAsync("oci-layout:mirror", WriteRelease("1.0.0", "linux_amd64", "windows_amd64"));
        var layout = "oci-layout:" + Path.Combine(_root, "mirror");
        var info = ProviderOutputMapping.ToPublishInfo(published, layout, null);
        Assert.Equal((layout, "1.0.0", "1.0.0", "hello", "Published", (string?)null), (info.Repository, info.Tag, info.Version, info.Type, info.Status, info.SourceRepository));
        Assert.Equal(["linux_amd64", "windows_amd64"], info.Platforms);
        Assert.StartsWith("sha256:", info.Digest, StringComparison.Ordinal);
        Assert.True(info.BytesUploaded > 0);
        // Two zips and the config blob, none there before: the counts `provider publish --json` gives.
        Assert.Equal((3, 0), (info.BlobsUploaded, info.BlobsSkipped));
        Assert.Equal($"{layout}:1.0.0", info.ToString());

        // Get-TofuProviderVersion
        var source = TestPlans.For("oci-layout:mirror", _root);
        var address = ProviderAddress.Parse("example/hello");
        var target = (await source.CreateResolverAsync(AccessSinks.None, CancellationToken.None)).Resolve(address);
        var connection = new TofuOciConnection(source.AccessTo(target));
        var versions = (await ProviderVersionCatalog.ListAsync(target, address)).Select(v => ProviderOutputMapping.ToVersionInfo(address, target.DisplayName, v, connection)).ToList();
        var version = Assert.Single(versions);
        Assert.Equal(("registry.opentofu.org/example/hello", "1.0.0", "1.0.0", layout, info.Digest, (string?)null),
            (version.Source, version.Version, version.Tag, version.Repository, version.Digest, version.Problem));
        Assert.Equal(["linux_amd64", "windows_amd64"], version.Platforms);

        // Install-TofuProvider, fed by property name: Source and Version.
        var requirements = ProviderRequirementMapping.Requirements([version.Source], version.Version);
        var platforms = ProviderRequirementMapping.Platforms(["linux_amd64"]);
        var install = ProviderInstallMapping.CreateInstall(requirements, platforms, Resolve("plugins"), false, false, Resolve(".terraform.lock.hcl"));
        var installed = await new ProviderInstaller(await source.CreateResolverAsync(AccessSinks.None, CancellationToken.None)).InstallAsync(install);
        var package = ProviderOutputMapping.ToPackageInfo(Assert.Single(installed.Packages));
        Assert.Equal(("registry.opentofu.org/example/hello", "1.0.0", "linux_amd64", "Installed"), (package.Source, package.Version, package.Platform, package.Status));
        Assert.Equal(Path.Combine(_root, "plugins", "registry.opentofu.org", "example", "hello", "1.0.0", "linux_amd64"), package.Path);
        Assert.True(File.Exists(Path.Combine(package.Path, "terraform-provider-hello_v1.0.0")));
        Assert.StartsWith("h1:", package.H1, StringComparison.Ordinal);
        Assert.StartsWith("zh:", package.Zh, StringComparison.Ordinal);
        Assert.Contains(package.H1, await File.ReadAllTextAsync(Resolve(".terraform.lock.hcl")), StringComparison.Ordinal);

        // Update-TofuLockFile for another platform.
        var lockRequest = ProviderInstallMapping.CreateLock(requirements, ProviderRequirementMapping.Platforms(["windows_amd64"]), Resolve("other.lock.hcl"));
        var locked = await new ProviderLocker(await source.CreateResolverAsync(AccessSinks.None, CancellationToken.None)).LockAsync(lockRequest);
        var entry = ProviderOutputMapping.ToLockInfo(Assert.Single(locked.Packages), locked.LockFilePath);
        Assert.Equal(("registry.opentofu.org/example/hello", "1.0.0", "windows_amd64", Resolve("other.lock.hcl")), (entry.Source, entry.Version, entry.Platform, entry.LockFile));
        Assert.Contains(entry.Zh, await File.ReadAllTextAsync(entry.LockFile), StringComparison.Ordinal);

        // Publish-TofuProvider -InputObject: the piped tag is the source, -Repository the destination.
        var from = AccessPlan.Create(new AccessRequest
        {
            Addresses = [new AddressInput(layout) { Carried = TofuOciConnection.Layout.Access }],
            Environment = HermeticAccess.Environment(),
        });
        var to = TestPlans.For("oci-layout:copy", _root);
        ProviderCopyMapping.CheckVersion(layout, "1.0.0", "1.0.0");
        ProviderCopyMapping.CheckNotOntoItself(from.Repository, to.Repository, "1.0.0");
        var copied = await ProviderVersionCopier.CopyAsync(from.Open(from.Repository, null, null), "1.0.0", to.Open(to.Repository, null, null));
        var copyInfo = ProviderOutputMapping.ToPublishInfo(copied, to.Repository.RepositoryText, from.Repository.RepositoryText);
        Assert.Equal(("oci-layout:" + Path.Combine(_root, "copy"), info.Digest, (string?)null, layout, "Published"),
            (copyInfo.Repository, copyInfo.Digest, copyInfo.Type, copyInfo.SourceRepository, copyInfo.Status));
        Assert.Equal(["linux_amd64", "windows_amd64"], copyInfo.Platforms);
        // A copy counts what it sent, manifests included: the index, two platform manifests, two zips and the config.
        Assert.Equal((6, 0), (copyInfo.BlobsUploaded, copyInfo.BlobsSkipped));
    }

    [Fact]
    public async Task Publishing_the_same_release_again_is_unchanged()
    {
        var dist = WriteRelease("2.0.0", "linux_arm64");
        await PublishAsync("oci-layout:again", dist);
        var again = ProviderOutputMapping.ToPublishInfo(await PublishAsync("oci-layout:again", dist), "x", null);
        Assert.Equal(("Unchanged", 0L, (string?)null), (again.Status, again.BytesUploaded, again.PreviousDigest));
        // The zip and the config blob were there already.
        Assert.Equal((0, 2), (again.BlobsUploaded, again.BlobsSkipped));
    }

    [Theory]
    [InlineData(0, 0, "0 of 0 item(s), 0 B of 0 B", 0)]
    [InlineData(512, 1024, "1 of 3 item(s), 512 B of 1.0 KiB", 50)]
    [InlineData(3L << 20, 3L << 20, "3 of 3 item(s), 3.0 MiB of 3.0 MiB", 100)]
    public void Progress_is_bytes_based(long done, long total, string status, int percent)
    {
        var items = total == 0 ? 0 : 3;
        var itemsDone = done == total ? items : 1;
        Assert.Equal((status, percent), ProviderOutputMapping.Progress(new TransferProgress(done, total, itemsDone, items, null)));
    }
}
