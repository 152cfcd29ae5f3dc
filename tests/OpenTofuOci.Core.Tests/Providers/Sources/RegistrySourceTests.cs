using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Providers;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.TestFixtures.ProviderOrigin;

namespace OpenTofuOci.Core.Tests.Providers.Sources;

/// <summary>The provider registry protocol against real nginx over TLS (docs/opentofu-compatibility.md §9.1).</summary>
public sealed class RegistrySourceTests(OriginRegistryFixture origin) : IClassFixture<OriginRegistryFixture>
{
    private static readonly ProviderAddress Hello = ProviderAddress.Parse("example/hello");
    private static readonly ProviderPlatform Linux = ProviderPlatform.Parse("linux_amd64");
    private static readonly ProviderPlatform Darwin = ProviderPlatform.Parse("darwin_arm64");

    [Fact]
    public async Task Versions_come_from_relative_service_discovery_sorted_with_platforms_and_protocols()
    {
        using var source = ProviderSources.Open(origin.Options());

        var versions = await source.ListVersionsAsync(Hello);

        Assert.Equal(["1.0.0", "1.1.0", "2.0.0", "2.1.0"], versions.Select(v => v.Version.ToString()));
        Assert.Equal(["darwin_arm64", "linux_amd64", "windows_amd64"], versions[0].Platforms.Select(p => p.ToString()));
        Assert.Equal(["5.0"], versions[0].Protocols);
        Assert.Equal(ProviderSourceKind.Registry, source.Kind);
        Assert.Equal(origin.Server.BaseUrl + "/", source.DisplayName);
    }

    [Fact]
    public async Task A_release_gives_absolute_package_URLs_shasums_the_SHA256SUMS_its_signature_and_the_keys()
    {
        using var source = ProviderSources.Open(origin.Options());
        var release = origin.Hello100;

        var result = await source.GetReleaseAsync(Hello, V("1.0.0"), [Linux, Darwin]);

        Assert.Equal(["darwin_arm64", "linux_amd64"], result.Packages.Select(p => p.Platform.ToString()));
        var linux = result.Packages[1];
        Assert.Equal("terraform-provider-hello_1.0.0_linux_amd64.zip", linux.FileName);
        Assert.Equal(StaticProviderRegistry.FileUrl(origin.Server.BaseUrl, release, linux.FileName), linux.Location);
        Assert.Equal(ReleaseFiles.Sha256Hex(release.Zip("linux_amd64")), linux.Sha256);
        Assert.Empty(linux.Hashes);
        var sums = Assert.IsType<SourceChecksums>(result.Checksums);
        Assert.Equal("terraform-provider-hello_1.0.0_SHA256SUMS", sums.FileName);
        Assert.Equal(StaticProviderRegistry.FileUrl(origin.Server.BaseUrl, release, sums.FileName), sums.Location);
        Assert.Equal(release.Sums(), sums.Content);
        Assert.Equal(origin.Registry.Signer(release.Sums()), sums.Signature);
        Assert.Equal(sums.Location + ".sig", sums.SignatureLocation);
        Assert.Equal([origin.Registry.PublicKey], sums.PublicKeys);
    }

    [Fact]
    public async Task Relative_download_and_checksum_URLs_resolve_against_the_metadata_URL()
    {
        using var source = ProviderSources.Open(origin.Options());

        var result = await source.GetReleaseAsync(Hello, V("2.0.0"), [Linux]);

        Assert.Equal(StaticProviderRegistry.FileUrl(origin.Server.BaseUrl, origin.Relative, "terraform-provider-hello_2.0.0_linux_amd64.zip"), result.Packages[0].Location);
        Assert.Equal(origin.Relative.Sums(), result.Checksums!.Content);
        using var zip = new MemoryStream();
        await source.DownloadAsync(result.Packages[0], zip);
        Assert.Equal(origin.Relative.Zip("linux_amd64"), zip.ToArray());
    }

    [Fact]
    public async Task A_download_streams_the_exact_zip_through_a_redirect_and_reports_progress()
    {
        using var source = ProviderSources.Open(origin.Options());
        var result = await source.GetReleaseAsync(Hello, V("2.1.0"), [Linux]);
        Assert.Contains("/redirect/", result.Packages[0].Location, StringComparison.Ordinal);
        var reports = new List<long>();

        using var zip = new MemoryStream();
        await source.DownloadAsync(result.Packages[0], zip, new SynchronousProgress(reports.Add));

        var expected = origin.Redirected.Zip("linux_amd64");
        Assert.Equal(expected, zip.ToArray());
        Assert.Equal(expected.Length, reports[^1]);
        Assert.Contains(origin.Server.Requests(), r => r.Path.StartsWith("/redirect/", StringComparison.Ordinal) && r.Status == 302);
    }

    [Fact]
    public async Task Service_discovery_may_name_an_absolute_providers_URL_on_another_server()
    {
        using var temp = new TempDirectory();
        var front = new StaticProviderRegistry(temp.Combine("www")) { AbsoluteServiceUrl = origin.Server.BaseUrl + "/v1/providers/" };
        front.Write("https://unused.invalid");
        await using var frontServer = await NginxServer.StartAsync(temp.Combine("www"));
        var bothCas = temp.Combine("cas.pem");
        File.WriteAllText(bothCas, File.ReadAllText(frontServer.CaFile!) + "\n" + File.ReadAllText(origin.Server.CaFile!));
        using var source = ProviderSources.Open(origin.Options() with { Location = frontServer.BaseUrl, Tls = new TlsSettings { CaFile = bothCas } });

        var versions = await source.ListVersionsAsync(Hello);

        Assert.Equal(4, versions.Count);
        Assert.Contains(frontServer.Requests(), r => r.Path == "/.well-known/terraform.json" && r.Status == 200);
        Assert.Contains(origin.Server.Requests(), r => r.Path == "/v1/providers/example/hello/versions");
    }

    [Fact]
    public async Task An_unknown_provider_is_ProviderNotFound()
    {
        using var source = ProviderSources.Open(origin.Options());

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.ListVersionsAsync(ProviderAddress.Parse("example/nothere")));

        Assert.Equal(ErrorIds.ProviderNotFound, ex.ErrorId);
        Assert.Equal($"Provider registry.opentofu.org/example/nothere is not offered by {origin.Server.BaseUrl}/v1/providers/. Check the provider's address and the source.", ex.Message);
    }

    [Fact]
    public async Task An_unknown_version_is_NoMatchingVersion_listing_the_offered_ones()
    {
        using var source = ProviderSources.Open(origin.Options());

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.GetReleaseAsync(Hello, V("9.9.9"), [Linux]));

        Assert.Equal(ErrorIds.NoMatchingVersion, ex.ErrorId);
        Assert.Equal($"Provider registry.opentofu.org/example/hello has no version 9.9.9 at {origin.Server.BaseUrl}/v1/providers/; it offers 1.0.0, 1.1.0, 2.0.0, 2.1.0. Choose one of the versions it offers.", ex.Message);
    }

    [Fact]
    public async Task A_platform_the_version_lacks_is_PlatformNotSupported()
    {
        using var source = ProviderSources.Open(origin.Options());

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.GetReleaseAsync(Hello, V("1.0.0"), [ProviderPlatform.Parse("freebsd_386")]));

        Assert.Equal(ErrorIds.PlatformNotSupported, ex.ErrorId);
        Assert.Equal($"Provider registry.opentofu.org/example/hello 1.0.0 at {origin.Server.BaseUrl}/v1/providers/ has no package for freebsd_386; it has darwin_arm64, linux_amd64, windows_amd64. Ask only for the platforms it offers.", ex.Message);
    }

    [Fact]
    public async Task A_listed_platform_without_download_metadata_is_PlatformNotSupported()
    {
        using var source = ProviderSources.Open(origin.Options());

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.GetReleaseAsync(ProviderAddress.Parse("example/missing"), V("1.0.0"), [ProviderPlatform.Parse("windows_amd64")]));

        Assert.Equal(ErrorIds.PlatformNotSupported, ex.ErrorId);
    }

    [Theory]
    [InlineData("notjson", "/v1/providers/bad/notjson/versions breaks the provider source protocol: it is not valid JSON")]
    [InlineData("noversion", "/v1/providers/bad/noversion/versions breaks the provider source protocol: \"versions[0].version\" is missing or empty.")]
    [InlineData("badversion", "/v1/providers/bad/badversion/versions breaks the provider source protocol: \"versions[0].version\" is \"one\", which is not a version (MAJOR.MINOR.PATCH).")]
    [InlineData("badplatform", "/v1/providers/bad/badplatform/versions breaks the provider source protocol: \"versions[0].platforms[0]\" is \"Linux_amd64\", which is not a platform (os_arch in lower case).")]
    [InlineData("dupplatform", "/v1/providers/bad/dupplatform/versions breaks the provider source protocol: \"versions[0].platforms[1]\" lists linux_amd64 a second time for 1.0.0.")]
    [InlineData("wrongtype", "/v1/providers/bad/wrongtype/versions breaks the provider source protocol: \"versions\" must be an array.")]
    [InlineData("huge", "/v1/providers/bad/huge/versions breaks the provider source protocol: the response is larger than 4 MiB, more than any valid answer needs; reading stopped.")]
    public async Task A_versions_document_that_breaks_the_protocol_is_InvalidSourceResponse_naming_URL_and_field(string type, string message)
    {
        using var source = ProviderSources.Open(origin.Options());

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.ListVersionsAsync(ProviderAddress.Parse("bad/" + type)));

        Assert.Equal(ErrorIds.InvalidSourceResponse, ex.ErrorId);
        Assert.StartsWith(origin.Server.BaseUrl + message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_metadata_without_shasum_is_InvalidSourceResponse_naming_the_field()
    {
        using var source = ProviderSources.Open(origin.Options());

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.GetReleaseAsync(ProviderAddress.Parse("bad/noshasum"), V("1.0.0"), [Linux]));

        Assert.Equal(ErrorIds.InvalidSourceResponse, ex.ErrorId);
        Assert.Equal($"{origin.Server.BaseUrl}/v1/providers/bad/noshasum/1.0.0/download/linux/amd64 breaks the provider source protocol: \"shasum\" is missing or empty. Ask the source's operator to fix it, or use another source.", ex.Message);
    }

    [Fact]
    public async Task Platforms_naming_different_SHA256SUMS_are_InvalidSourceResponse()
    {
        using var source = ProviderSources.Open(origin.Options());

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.GetReleaseAsync(ProviderAddress.Parse("bad/twosums"), V("1.0.0"), [Linux, Darwin]));

        Assert.Equal(ErrorIds.InvalidSourceResponse, ex.ErrorId);
        var b = origin.Server.BaseUrl + "/v1/providers/bad/twosums/1.0.0/download/";
        Assert.Equal($"{b}linux/amd64 breaks the provider source protocol: \"shasums_url\" and \"shasums_signature_url\" ({b}linux/sums-b, {b}linux/sums-b.sig) differ from those of {b}darwin/arm64; one release has one signed SHA256SUMS. Ask the source's operator to fix it, or use another source.", ex.Message);
    }

    [Fact]
    public async Task A_plain_http_download_URL_is_refused_with_InsecureSource()
    {
        using var source = ProviderSources.Open(origin.Options());

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.GetReleaseAsync(ProviderAddress.Parse("bad/plainhttp"), V("1.0.0"), [Darwin]));

        Assert.Equal(ErrorIds.InsecureSource, ex.ErrorId);
        Assert.StartsWith("http://127.0.0.1:1/p.zip is plain HTTP; provider sources are read over HTTPS only.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_http_registry_is_refused_before_any_request_unless_allowed()
    {
        await using var plain = await NginxServer.StartAsync(origin.Root, tls: false);

        var ex = Assert.Throws<TofuOciException>(() => ProviderSources.Open(origin.Options() with { Location = plain.BaseUrl }));

        Assert.Equal(ErrorIds.InsecureSource, ex.ErrorId);
        Assert.Empty(plain.Requests());
        using var allowed = ProviderSources.Open(origin.Options() with { Location = plain.BaseUrl, AllowInsecureHttp = true });
        Assert.Equal(4, (await allowed.ListVersionsAsync(Hello)).Count);
    }

    [Fact]
    public async Task A_server_whose_CA_is_not_trusted_is_UntrustedCertificate()
    {
        using var source = ProviderSources.Open(origin.Options() with { Tls = TlsSettings.None });

        var ex = await Assert.ThrowsAsync<TofuOciException>(() => source.ListVersionsAsync(Hello));

        Assert.Equal(ErrorIds.UntrustedCertificate, ex.ErrorId);
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    internal static ProviderVersion V(string text) => ProviderVersion.TryParse(text, out var v) ? v! : throw new ArgumentException(text);
}
