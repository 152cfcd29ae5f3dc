using System.IO.Compression;
using System.Text;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Targets;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Installing;
using OpenTofuOci.Core.Providers.Publishing;
using OpenTofuOci.Core.Tags;
using OpenTofuOci.PowerShell.Mapping;
using Xunit;

namespace OpenTofuOci.PowerShell.Tests.Mapping;

/// <summary>
/// The provider cmdlets' worker paths against a real docker-registry behind a private CA, trusted only
/// through -CertificateAuthorityPath as the cmdlets map it: Publish-TofuProvider, Get-TofuOciTag,
/// Get-TofuProviderVersion and Install-TofuProvider.
/// </summary>
public sealed class TlsRegistryMappingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tofuoci-ps-tls-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Resolve(string path) => Path.GetFullPath(path, _root);

    private string WriteRelease(string version, string platform)
    {
        var dist = Path.Combine(_root, "dist");
        Directory.CreateDirectory(dist);
        using var zip = ZipFile.Open(Path.Combine(dist, $"terraform-provider-hello_{version}_{platform}.zip"), ZipArchiveMode.Create);
        var entry = zip.CreateEntry($"terraform-provider-hello_v{version}");
        entry.ExternalAttributes = (0x8000 | 0b111_101_101) << 16;
        using var s = entry.Open();
        s.Write(Encoding.UTF8.GetBytes($"#!/bin/sh\necho hello {version} {platform}\n"));
        return dist;
    }

    [Fact]
    public async Task Publish_list_and_install_over_tls_with_the_ca_given_as_CertificateAuthorityPath()
    {
        using var registry = await TlsRegistryProcess.StartAsync();
        var repository = $"{registry.Address}/mirror/registry.opentofu.org/example/hello";
        TransportRequest Tls() => TransportMapping.Create(registry.CaFile, null, null, null, false, [registry.Address]);

        // Publish-TofuProvider
        var publish = PublishTargetMapping.Create(repository, null, null, null, null, false, Resolve);
        publish.Transport = Tls();
        var files = ProviderReleaseFile.FromPaths([WriteRelease("1.0.0", "linux_amd64")]);
        var published = await ProviderPublisher.PublishAsync(await ProviderReleaseScanner.ScanAsync(files), new ProviderPublishRequest
        {
            Files = files,
            Target = TargetFactory.Open(publish.Destination, publish.CreateTargetOptions(null)),
            TargetDisplay = publish.Destination.RepositoryText,
        });
        Assert.Equal("1.0.0", published.Tag);

        // Get-TofuOciTag
        var tags = TagRequestMapping.Create(repository, null, null, false, null, false, Resolve);
        tags.Transport = Tls();
        var entries = await TagQuery.ListAsync(TargetFactory.Open(tags.Address, tags.CreateTargetOptions(null)), tags.RepositoryText);
        Assert.Equal(["1.0.0"], entries.Select(e => e.Tag));

        // Get-TofuProviderVersion and Install-TofuProvider
        var source = ProviderSourceMapping.Create(repository, null, null, null, null, false, Resolve);
        source.Transport = Tls();
        var address = ProviderAddress.Parse("example/hello");
        var versions = await ProviderVersionCatalog.ListAsync(source.CreateResolver([address], null, null).Resolve(address), address);
        Assert.Equal("1.0.0", Assert.Single(versions).Tag);
        var install = ProviderInstallMapping.CreateInstall(source, ProviderRequirementMapping.Requirements(["example/hello"], null),
            ProviderRequirementMapping.Platforms(["linux_amd64"]), Resolve("plugins"), false, false, Resolve("tls.lock.hcl"));
        var installed = await new ProviderInstaller(source.CreateResolver([address], null, null)).InstallAsync(install);
        var package = Assert.Single(installed.Packages);
        Assert.True(File.Exists(Path.Combine(Resolve("plugins"), "registry.opentofu.org", "example", "hello", "1.0.0", "linux_amd64", "terraform-provider-hello_v1.0.0")));
        Assert.StartsWith("h1:", ProviderOutputMapping.ToPackageInfo(package).H1, StringComparison.Ordinal);

        // Without the CA the same listing fails with the typed error the cmdlets map.
        var untrusted = TagRequestMapping.Create(repository, null, null, false, null, false, Resolve);
        untrusted.Transport = TransportMapping.Create(null, null, null, null, false, [registry.Address],
            Core.Oci.Transport.TransportEnvironment.FromVariables(new Dictionary<string, string>()));
        var e = await Assert.ThrowsAsync<TofuOciException>(() => TagQuery.ListAsync(TargetFactory.Open(untrusted.Address, untrusted.CreateTargetOptions(null)), untrusted.RepositoryText));
        Assert.Equal(ErrorIds.UntrustedCertificate, e.ErrorId);
    }
}
