using OpenTofuOci.Core.Configuration;
using OpenTofuOci.Core.Oci.Transport;
using OpenTofuOci.Core.Providers.Sources;
using OpenTofuOci.TestFixtures.ProviderOrigin;

namespace OpenTofuOci.Core.Tests.Providers.Sources;

/// <summary>
/// One real nginx over TLS serving a static provider registry: good releases, broken ones, hand-written
/// documents that break the protocol under <c>v1/providers/bad/</c>, and a provider under
/// <c>v1/providers/secret/</c> that answers 401 without <see cref="Token"/>.
/// </summary>
public sealed class OriginRegistryFixture : IAsyncLifetime
{
    public const string Token = "s3cr3t-token";

    public static readonly string[] Platforms = ["darwin_arm64", "linux_amd64", "windows_amd64"];

    private readonly TempDirectory _temp = new("tofuoci-origin-");

    public NginxServer Server { get; private set; } = null!;

    public StaticProviderRegistry Registry { get; private set; } = null!;

    public string Root => _temp.Combine("www");

    public StaticRelease Hello100 { get; } = new("example", "hello", "1.0.0", Platforms);

    public StaticRelease Relative { get; } = new("example", "hello", "2.0.0", Platforms) { Break = ReleaseBreak.RelativeUrls };

    public StaticRelease Redirected { get; } = new("example", "hello", "2.1.0", Platforms) { Break = ReleaseBreak.RedirectingDownload };

    public StaticRelease Secret { get; } = new("secret", "vault", "1.0.0", ["linux_amd64"]) { Break = ReleaseBreak.RedirectToLocalhost };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        var auth = "location /v1/providers/secret/ { if ($http_authorization != \"Bearer " + Token + "\") { return 401; } }";
        Server = await NginxServer.StartAsync(Root, tls: true, StaticProviderRegistry.RedirectConfig + "\n    " + auth);
        Registry = new StaticProviderRegistry(Root)
            .Add(Hello100)
            .Add(new StaticRelease("example", "hello", "1.1.0", Platforms))
            .Add(Relative)
            .Add(Redirected)
            .Add(Secret)
            .Add(new StaticRelease("example", "missing", "1.0.0", Platforms) { Break = ReleaseBreak.MissingPlatform });
        Registry.Write(Server.BaseUrl);
        WriteBadDocuments();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _temp.Dispose();
    }

    /// <summary>Options for this server's registry with its CA trusted.</summary>
    public ProviderSourceOptions Options(CliConfigEnvironment? credentials = null) => new()
    {
        Kind = ProviderSourceKind.Registry,
        Location = Server.BaseUrl,
        Tls = new TlsSettings { CaFile = Server.CaFile },
        CliConfiguration = credentials,
        Retry = new RetrySettings { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(10) },
    };

    /// <summary>Writes a file below the served directory.</summary>
    public void WriteFile(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private void WriteBadDocuments()
    {
        const string bad = "v1/providers/bad/";
        WriteFile(bad + "notjson/versions", "{\"versions\": [");
        WriteFile(bad + "noversion/versions", "{\"versions\":[{\"protocols\":[\"5.0\"],\"platforms\":[]}]}");
        WriteFile(bad + "badversion/versions", "{\"versions\":[{\"version\":\"one\",\"platforms\":[]}]}");
        WriteFile(bad + "badplatform/versions", "{\"versions\":[{\"version\":\"1.0.0\",\"platforms\":[{\"os\":\"Linux\",\"arch\":\"amd64\"}]}]}");
        WriteFile(bad + "dupplatform/versions", "{\"versions\":[{\"version\":\"1.0.0\",\"platforms\":[{\"os\":\"linux\",\"arch\":\"amd64\"},{\"os\":\"linux\",\"arch\":\"amd64\"}]}]}");
        WriteFile(bad + "wrongtype/versions", "{\"versions\":{\"1.0.0\":{}}}");
        WriteFile(bad + "huge/versions", "{\"versions\":[], \"pad\":\"" + new string('x', 4 * 1024 * 1024) + "\"}");

        const string two = "{\"versions\":[{\"version\":\"1.0.0\",\"platforms\":[{\"os\":\"linux\",\"arch\":\"amd64\"},{\"os\":\"darwin\",\"arch\":\"arm64\"}]}]}";
        WriteFile(bad + "noshasum/versions", two);
        WriteFile(bad + "noshasum/1.0.0/download/linux/amd64", Meta("linux", "amd64", "sums", shasum: null));
        WriteFile(bad + "noshasum/1.0.0/download/darwin/arm64", Meta("darwin", "arm64", "sums", shasum: null));
        WriteFile(bad + "twosums/versions", two);
        WriteFile(bad + "twosums/1.0.0/download/darwin/arm64", Meta("darwin", "arm64", "sums-a", new string('a', 64)));
        WriteFile(bad + "twosums/1.0.0/download/linux/amd64", Meta("linux", "amd64", "sums-b", new string('b', 64)));
        WriteFile(bad + "plainhttp/versions", two);
        WriteFile(bad + "plainhttp/1.0.0/download/darwin/arm64", Meta("darwin", "arm64", "sums", new string('a', 64)).Replace("\"download_url\":\"p.zip\"", "\"download_url\":\"http://127.0.0.1:1/p.zip\"", StringComparison.Ordinal));
        WriteFile(bad + "plainhttp/1.0.0/download/linux/amd64", Meta("linux", "amd64", "sums", new string('a', 64)));
    }

    private static string Meta(string os, string arch, string sums, string? shasum) =>
        "{\"os\":\"" + os + "\",\"arch\":\"" + arch + "\",\"filename\":\"p.zip\",\"download_url\":\"p.zip\"," +
        "\"shasums_url\":\"" + sums + "\",\"shasums_signature_url\":\"" + sums + ".sig\"" +
        (shasum is null ? string.Empty : ",\"shasum\":\"" + shasum + "\"") + "}";
}
