using System.IO.Compression;
using System.Text;
using OpenTofuOci.Core.Access;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;
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
        // -CertificateAuthorityPath, as the cmdlets put it into the access request; SSL_CERT_FILE is not set.
        AccessPlan Plan(string? caFile = null) => TestPlans.For(repository, _root, tls: new TlsSettings { CaFile = caFile });

        // Publish-TofuProvider
        var publish = Plan(registry.CaFile);
        var files = ProviderReleaseFile.FromPaths([WriteRelease("1.0.0", "linux_amd64")]);
        var published = await ProviderPublisher.PublishAsync(await ProviderReleaseScanner.ScanAsync(files), new ProviderPublishRequest
        {
            Files = files,
            Target = publish.Open(publish.Repository, null, null),
            TargetDisplay = publish.Repository.RepositoryText,
        });
        Assert.Equal("1.0.0", published.Tag);

        // Get-TofuOciTag
        var tags = Plan(registry.CaFile);
        var entries = await TagQuery.ListAsync(tags.Open(tags.Repository, null, null), tags.Repository.RepositoryText);
        Assert.Equal(["1.0.0"], entries.Select(e => e.Tag));

        // Get-TofuProviderVersion and Install-TofuProvider
        var source = Plan(registry.CaFile);
        var address = ProviderAddress.Parse("example/hello");
        var versions = await ProviderVersionCatalog.ListAsync((await source.CreateResolverAsync(AccessSinks.None, CancellationToken.None)).Resolve(address), address);
        Assert.Equal("1.0.0", Assert.Single(versions).Tag);
        var install = ProviderInstallMapping.CreateInstall(ProviderRequirementMapping.Requirements(["example/hello"], null),
            ProviderRequirementMapping.Platforms(["linux_amd64"]), Resolve("plugins"), false, false, Resolve("tls.lock.hcl"));
        var installed = await new ProviderInstaller(await source.CreateResolverAsync(AccessSinks.None, CancellationToken.None)).InstallAsync(install);
        var package = Assert.Single(installed.Packages);
        Assert.True(File.Exists(Path.Combine(Resolve("plugins"), "registry.opentofu.org", "example", "hello", "1.0.0", "linux_amd64", "terraform-provider-hello_v1.0.0")));
        Assert.StartsWith("h1:", ProviderOutputMapping.ToPackageInfo(package).H1, StringComparison.Ordinal);

        // Without the CA the same listing fails with the typed error the cmdlets map.
        var untrusted = Plan();
        var e = await Assert.ThrowsAsync<TofuOciException>(() => TagQuery.ListAsync(untrusted.Open(untrusted.Repository, null, null), untrusted.Repository.RepositoryText));
        Assert.Equal(ErrorIds.UntrustedCertificate, e.ErrorId);
    }
}
