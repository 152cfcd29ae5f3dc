using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Packages;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.TestFixtures.ProviderOrigin;
using static OpenTofuOci.Core.Tests.Providers.Sources.RegistrySourceTests;

namespace OpenTofuOci.Core.Tests.Providers.Sources;

/// <summary>The provider network mirror protocol against real nginx over TLS (docs/opentofu-compatibility.md §9.2).</summary>
public sealed class NetworkMirrorSourceTests
{
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");
    private static readonly StaticRelease One = new("example", "hello", "1.0.0", ["linux_amd64", "darwin_arm64"]);
    private static readonly StaticRelease Two = new("example", "hello", "1.2.0-beta.1", ["linux_amd64"]);

    [Fact]
    public async Task Versions_platforms_packages_and_hashes_come_from_index_json_and_the_version_json()
    {
        using var temp = new TempDirectory();
        await StaticNetworkMirror.WriteAsync(temp.Combine("www", "mirror"), [One, Two]);
        await using var server = await NginxServer.StartAsync(temp.Combine("www"));
        using var source = Open(server, server.BaseUrl + "/mirror");

        var versions = await source.ListVersionsAsync(Hello);
        var release = await source.GetReleaseAsync(Hello, V("1.0.0"), [ProviderPlatform.Parse("linux_amd64")]);

        Assert.Equal(["1.0.0", "1.2.0-beta.1"], versions.Select(v => v.Version.ToString()));
        Assert.Equal(["darwin_arm64", "linux_amd64"], versions[0].Platforms.Select(p => p.ToString()));
        Assert.Empty(versions[0].Protocols);
        Assert.Null(release.Checksums);
        var package = Assert.Single(release.Packages);
        Assert.Equal("terraform-provider-hello_1.0.0_linux_amd64.zip", package.FileName);
        Assert.Equal($"{server.BaseUrl}/mirror/registry.opentofu.org/example/hello/terraform-provider-hello_1.0.0_linux_amd64.zip", package.Location);
        Assert.Null(package.Sha256);
        Assert.Equal([await StaticNetworkMirror.H1Async(One, "linux_amd64"), StaticNetworkMirror.Zh(One, "linux_amd64")], package.Hashes.Select(h => h.ToString()));
        using var zip = new MemoryStream();
        await source.DownloadAsync(package, zip);
        Assert.Equal(One.Zip("linux_amd64"), zip.ToArray());
        Assert.Equal(package.Hashes[0], await DirHash.HashZipAsync(new MemoryStream(zip.ToArray())));
    }

    [Fact]
    public async Task An_absolute_archive_URL_is_used_as_given()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("www"));
        await using var server = await NginxServer.StartAsync(temp.Combine("www"));
        await StaticNetworkMirror.WriteAsync(temp.Combine("www"), [One], absoluteBaseUrl: server.LocalhostUrl);
        using var source = Open(server, server.BaseUrl);

        var release = await source.GetReleaseAsync(Hello, V("1.0.0"), [ProviderPlatform.Parse("darwin_arm64")]);
        using var zip = new MemoryStream();
        await source.DownloadAsync(release.Packages[0], zip);

        Assert.Equal($"{server.LocalhostUrl}/registry.opentofu.org/example/hello/terraform-provider-hello_1.0.0_darwin_arm64.zip", release.Packages[0].Location);
        Assert.Equal(One.Zip("darwin_arm64"), zip.ToArray());
    }

    [Fact]
    public async Task A_provider_the_mirror_lacks_is_ProviderNotFound_and_a_missing_version_NoMatchingVersion()
    {
        using var temp = new TempDirectory();
        await StaticNetworkMirror.WriteAsync(temp.Combine("www"), [One]);
        await using var server = await NginxServer.StartAsync(temp.Combine("www"));
        using var source = Open(server, server.BaseUrl);

        var missing = await Assert.ThrowsAsync<TofuOciException>(() => source.ListVersionsAsync(ProviderAddress.Parse("example/other")));
        var version = await Assert.ThrowsAsync<TofuOciException>(() => source.GetReleaseAsync(Hello, V("3.0.0"), [ProviderPlatform.Parse("linux_amd64")]));
        var platform = await Assert.ThrowsAsync<TofuOciException>(() => source.GetReleaseAsync(Hello, V("1.0.0"), [ProviderPlatform.Parse("windows_amd64")]));

        Assert.Equal(ErrorIds.ProviderNotFound, missing.ErrorId);
        Assert.Equal(ErrorIds.NoMatchingVersion, version.ErrorId);
        Assert.Equal($"Provider registry.opentofu.org/example/hello has no version 3.0.0 at {server.BaseUrl}/; it offers 1.0.0. Choose one of the versions it offers.", version.Message);
        Assert.Equal(ErrorIds.PlatformNotSupported, platform.ErrorId);
    }

    [Theory]
    [InlineData("{\"versions\":[\"1.0.0\"]}", null, "index.json breaks the provider source protocol: \"versions\" must be an object.")]
    [InlineData("{\"versions\":{\"v1\":{}}}", null, "index.json breaks the provider source protocol: \"versions\" is \"v1\", which is not a version (MAJOR.MINOR.PATCH).")]
    [InlineData("{\"versions\":{\"1.0.0\":{}}}", "{\"archives\":{\"linux\":{\"url\":\"x.zip\"}}}", "1.0.0.json breaks the provider source protocol: \"archives.linux\" is not named os_arch.")]
    [InlineData("{\"versions\":{\"1.0.0\":{}}}", "{\"archives\":{\"linux_amd64\":{\"hashes\":[]}}}", "1.0.0.json breaks the provider source protocol: \"archives.linux_amd64.url\" is missing or empty.")]
    [InlineData("{\"versions\":{\"1.0.0\":{}}}", "{\"archives\":{\"linux_amd64\":{\"url\":\"x.zip\",\"hashes\":[\"nohash\"]}}}", "1.0.0.json breaks the provider source protocol: \"archives.linux_amd64.hashes\" holds \"nohash\", which is not a hash written scheme:value (h1:… or zh:…).")]
    [InlineData("{\"versions\":{\"1.0.0\":{}}}", "{\"archives\":{\"linux_amd64\":{\"url\":\"x.zip\"},\"linux_amd64\":{\"url\":\"y.zip\"}}}", "1.0.0.json breaks the provider source protocol: \"archives.linux_amd64\" lists linux_amd64 a second time.")]
    public async Task Mirror_JSON_that_breaks_the_protocol_is_InvalidSourceResponse_naming_URL_and_field(string index, string? versionJson, string message)
    {
        using var temp = new TempDirectory();
        var dir = temp.Combine("www", "registry.opentofu.org", "example", "hello");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "index.json"), index);
        if (versionJson is not null)
        {
            File.WriteAllText(Path.Combine(dir, "1.0.0.json"), versionJson);
        }

        await using var server = await NginxServer.StartAsync(temp.Combine("www"));
        using var source = Open(server, server.BaseUrl);

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.ListVersionsAsync(Hello));

        Assert.Equal(ErrorIds.InvalidSourceResponse, ex.ErrorId);
        Assert.StartsWith($"{server.BaseUrl}/registry.opentofu.org/example/hello/{message}", ex.Message, StringComparison.Ordinal);
    }

    private static IProviderReleaseSource Open(NginxServer server, string location) => ProviderSources.Open(new ProviderSourceOptions
    {
        Kind = ProviderSourceKind.NetworkMirror,
        Location = location,
        Tls = new TlsSettings { CaFile = server.CaFile },
        Retry = new RetrySettings { MaxRetries = 0 },
    });
}
