using OpenTofuOci.TestFixtures.Gpg;
using OpenTofuOci.TestFixtures.ProviderOrigin;

namespace OpenTofuOci.Core.Tests.Providers.Mirroring;

/// <summary>
/// Where the mirror reads from in the end-to-end tests: one real nginx over TLS (test CA) serving a static
/// provider registry whose releases gpg signed, a network mirror of the same releases under <c>/mirror</c>,
/// and a <c>tofu providers mirror</c> directory of them. Two providers × three good versions × three
/// platforms, and broken releases that each fail with their own error id.
/// </summary>
public sealed class MirrorOriginFixture : IAsyncLifetime
{
    public static readonly string[] Platforms = ["darwin_arm64", "linux_amd64", "windows_amd64"];
    public static readonly string[] GoodVersions = ["1.0.0", "1.1.0", "1.2.0"];
    public static readonly string[] Types = ["hello", "world"];

    /// <summary>Each broken registry release and the error id it must be refused with.</summary>
    public static readonly (string Type, string Version, ReleaseBreak Break, string ErrorId)[] BrokenRegistryReleases =
    [
        ("hello", "1.3.0", ReleaseBreak.BadSignature, "SignatureInvalid"),
        ("hello", "1.4.0", ReleaseBreak.SumsWithoutFile, "ChecksumNotListed"),
        ("world", "1.3.0", ReleaseBreak.TamperedZip, "ChecksumMismatch"),
        ("world", "1.4.0", ReleaseBreak.WrongKey, "SigningKeyUnknown"),
        ("hello", "1.5.0", ReleaseBreak.MissingPlatform, "PlatformNotSupported"),
        ("world", "1.5.0", ReleaseBreak.ShasumMismatch, "ChecksumMismatch"),
    ];

    /// <summary>
    /// Good releases whose metadata is unusual but valid: a download_url that redirects (302 on the same
    /// host) and download, SHA256SUMS and signature URLs relative to the metadata URL.
    /// </summary>
    public static ReleaseBreak Unusual(string version) => version switch
    {
        "1.1.0" => ReleaseBreak.RedirectingDownload,
        "1.2.0" => ReleaseBreak.RelativeUrls,
        _ => ReleaseBreak.None,
    };

    private readonly TempDirectory _temp = new("tofuoci-mirror-origin-");
    private GpgHome? _gpg;

    public NginxServer Server { get; private set; } = null!;

    public GpgKey Key { get; private set; } = null!;

    /// <summary>The release key, armored, as a user would save it to trust it.</summary>
    public string KeyFile => _temp.Combine("key.asc");

    /// <summary>A key that signed nothing here.</summary>
    public string OtherKeyFile => _temp.Combine("other.asc");

    /// <summary>What nginx serves.</summary>
    public string Www => _temp.Combine("www");

    public string MirrorUrl => Server.BaseUrl + "/mirror";

    /// <summary>A packed <c>tofu providers mirror</c> directory.</summary>
    public string Directory => _temp.Combine("providers-mirror");

    /// <summary>The version of each provider whose zip in the network mirror and directory differs from its listed hashes.</summary>
    public const string TamperedMirrorVersion = "1.3.0";

    public static StaticRelease Release(string type, string version) =>
        new("acme", type, version, Platforms) { Hostname = "example.com" };

    public async Task InitializeAsync()
    {
        var www = _temp.Combine("www");
        System.IO.Directory.CreateDirectory(www);
        Server = await NginxServer.StartAsync(www, tls: true, StaticProviderRegistry.RedirectConfig);
        _gpg = GpgHome.Create();
        Key = _gpg.GenerateKey("Acme Releases <releases@acme.example>");
        var other = _gpg.GenerateKey("Someone Else <else@example.org>");
        await File.WriteAllTextAsync(KeyFile, _gpg.ExportPublicKey(Key));
        await File.WriteAllTextAsync(OtherKeyFile, _gpg.ExportPublicKey(other));

        var registry = new StaticProviderRegistry(www)
        {
            Signer = data => _gpg.DetachSign(Key, data),
            OtherSigner = data => _gpg.DetachSign(other, data),
            PublicKey = _gpg.ExportPublicKey(Key),
        };
        foreach (var type in Types)
        {
            foreach (var version in GoodVersions)
            {
                registry.Add(Release(type, version) with { Break = Unusual(version) });
            }
        }

        foreach (var broken in BrokenRegistryReleases)
        {
            // Linux first: a SHA256SUMS without "the first platform" then lacks one that is asked for.
            registry.Add(Release(broken.Type, broken.Version) with { Break = broken.Break, Platforms = ["linux_amd64", "darwin_arm64", "windows_amd64"] });
        }

        registry.Write(Server.BaseUrl);

        // The mirror and the directory hold the good versions and one whose linux zip was replaced after its hashes were listed.
        var mirrored = Types.SelectMany(t => GoodVersions.Append(TamperedMirrorVersion).Select(v => Release(t, v))).ToList();
        await StaticNetworkMirror.WriteAsync(Path.Combine(www, "mirror"), mirrored);
        await ProviderMirrorDirectory.WritePackedAsync(Directory, mirrored);
        foreach (var type in Types)
        {
            var tampered = Release(type, TamperedMirrorVersion) with { Salt = "tampered" };
            foreach (var root in new[] { Path.Combine(www, "mirror"), Directory })
            {
                await File.WriteAllBytesAsync(Path.Combine(root, "example.com", "acme", type, tampered.FileName("linux_amd64")), tampered.Zip("linux_amd64"));
            }
        }
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _gpg?.Dispose();
        _temp.Dispose();
    }
}
