using System.Text;
using System.Text.Json.Nodes;

namespace OpenTofuOci.TestFixtures.ProviderOrigin;

/// <summary>
/// Writes a whole static provider registry into a directory for <see cref="NginxServer"/> to serve: service
/// discovery (<c>.well-known/terraform.json</c>), versions and per-platform download metadata under
/// <c>v1/providers/</c>, and under <c>releases/NS/TYPE/VERSION/</c> the real zips, SHA256SUMS and its
/// detached signature made by <see cref="Signer"/>. Releases can be broken on purpose (<see cref="ReleaseBreak"/>).
/// Write after the server started: absolute URLs need its base URL.
/// </summary>
public sealed class StaticProviderRegistry
{
    /// <summary>The path of the provider registry service relative to the host.</summary>
    public const string ServicePath = "/v1/providers/";

    /// <summary>
    /// nginx <c>server</c> configuration the broken releases need: <c>/redirect/X</c> answers 302 to <c>/X</c>,
    /// <c>/to-localhost/X</c> answers 302 to the same server by the name localhost, <c>/downgrade/X</c> to
    /// <c>http://</c> on the same port, and <c>/loop/</c> redirects to itself forever.
    /// </summary>
    public const string RedirectConfig =
        "location /redirect/ { rewrite ^/redirect/(.*)$ /$1 redirect; }\n" +
        "    location /to-localhost/ { rewrite ^/to-localhost/(.*)$ $scheme://localhost:{PORT}/$1 redirect; }\n" +
        "    location /downgrade/ { rewrite ^/downgrade/(.*)$ http://127.0.0.1:{PORT}/$1 redirect; }\n" +
        "    location /loop/ { return 302 /loop/; }";

    private readonly List<StaticRelease> _releases = [];

    public StaticProviderRegistry(string root) => Root = root;

    /// <summary>The directory written.</summary>
    public string Root { get; }

    /// <summary>Signs SHA256SUMS bytes, giving the detached signature (armored or binary). The default is a dummy.</summary>
    public Func<byte[], byte[]> Signer { get; set; } = data => Encoding.ASCII.GetBytes("dummy signature over " + data.Length + " bytes\n");

    /// <summary>The armored public key listed as the registry's signing key.</summary>
    public string PublicKey { get; set; } = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\ndummy\n-----END PGP PUBLIC KEY BLOCK-----\n";

    /// <summary>Another key's signer, used for <see cref="ReleaseBreak.WrongKey"/>.</summary>
    public Func<byte[], byte[]> OtherSigner { get; set; } = data => Encoding.ASCII.GetBytes("other signature over " + data.Length + " bytes\n");

    /// <summary>When set, service discovery gives this absolute <c>providers.v1</c> URL instead of <see cref="ServicePath"/>.</summary>
    public string? AbsoluteServiceUrl { get; set; }

    /// <summary>
    /// Signs with real gpg: releases by <paramref name="key"/> (its armored public key listed in the metadata),
    /// <see cref="ReleaseBreak.WrongKey"/> releases by <paramref name="other"/>.
    /// </summary>
    public StaticProviderRegistry SignWith(Gpg.GpgHome gpg, Gpg.GpgKey key, Gpg.GpgKey other)
    {
        ArgumentNullException.ThrowIfNull(gpg);
        Signer = data => gpg.DetachSign(key, data);
        OtherSigner = data => gpg.DetachSign(other, data);
        PublicKey = gpg.ExportPublicKey(key);
        return this;
    }

    /// <summary>The releases added so far.</summary>
    public IReadOnlyList<StaticRelease> Releases => _releases;

    /// <summary>Adds a release (write it with <see cref="Write"/>).</summary>
    public StaticProviderRegistry Add(StaticRelease release)
    {
        _releases.Add(release);
        return this;
    }

    /// <summary>Adds every combination of <paramref name="types"/> × <paramref name="versions"/> in <paramref name="ns"/>, each with <paramref name="platforms"/>.</summary>
    public StaticProviderRegistry AddMatrix(string ns, IEnumerable<string> types, IEnumerable<string> versions, IReadOnlyList<string> platforms)
    {
        foreach (var type in types)
        {
            foreach (var version in versions)
            {
                Add(new StaticRelease(ns, type, version, platforms));
            }
        }

        return this;
    }

    /// <summary>The URL of a release's file, e.g. its zip, on the server at <paramref name="baseUrl"/>.</summary>
    public static string FileUrl(string baseUrl, StaticRelease release, string fileName) =>
        $"{baseUrl.TrimEnd('/')}/releases/{release.Namespace}/{release.Type}/{release.Version}/{fileName}";

    /// <summary>Writes everything for the server at <paramref name="baseUrl"/> (e.g. <see cref="NginxServer.BaseUrl"/>).</summary>
    public void Write(string baseUrl)
    {
        baseUrl = baseUrl.TrimEnd('/');
        WriteJson(Path.Combine(Root, ".well-known", "terraform.json"), new JsonObject { ["providers.v1"] = AbsoluteServiceUrl ?? ServicePath });
        foreach (var provider in _releases.GroupBy(r => (r.Namespace, r.Type)))
        {
            var versions = new JsonArray();
            foreach (var release in provider)
            {
                versions.Add(new JsonObject
                {
                    ["version"] = release.Version,
                    ["protocols"] = new JsonArray([.. release.Protocols.Select(p => (JsonNode)p)]),
                    ["platforms"] = new JsonArray([.. release.Platforms.Select(p => (JsonNode)new JsonObject { ["os"] = p.Split('_')[0], ["arch"] = p.Split('_')[1] })]),
                });
                WriteRelease(baseUrl, release);
            }

            WriteJson(ServiceFile(provider.Key.Namespace, provider.Key.Type, "versions"), new JsonObject { ["versions"] = versions });
        }
    }

    private void WriteRelease(string baseUrl, StaticRelease release)
    {
        var dir = Path.Combine(Root, "releases", release.Namespace, release.Type, release.Version);
        Directory.CreateDirectory(dir);
        var sums = release.Sums();
        File.WriteAllBytes(Path.Combine(dir, release.SumsFileName), sums);
        var signer = release.Break.HasFlag(ReleaseBreak.WrongKey) ? OtherSigner : Signer;
        var signed = release.Break.HasFlag(ReleaseBreak.BadSignature) ? [.. sums, .. "tampered\n"u8.ToArray()] : sums;
        File.WriteAllBytes(Path.Combine(dir, release.SumsFileName + ".sig"), signer(signed));
        foreach (var platform in release.Platforms)
        {
            if (release.Break.HasFlag(ReleaseBreak.MissingPlatform) && platform == release.Platforms[^1])
            {
                continue;
            }

            var zip = release.Zip(platform);
            var shasum = ReleaseFiles.Sha256Hex(release.Break.HasFlag(ReleaseBreak.ShasumMismatch) ? [.. zip, 0] : zip);
            File.WriteAllBytes(Path.Combine(dir, release.FileName(platform)), release.Break.HasFlag(ReleaseBreak.TamperedZip) ? [.. zip, 0] : zip);

            string Url(string name, bool download) =>
                release.Break.HasFlag(ReleaseBreak.RelativeUrls)
                    ? $"../../../../../../../releases/{release.Namespace}/{release.Type}/{release.Version}/{name}"
                    : download && release.Break.HasFlag(ReleaseBreak.RedirectingDownload)
                        ? $"{baseUrl}/redirect/releases/{release.Namespace}/{release.Type}/{release.Version}/{name}"
                        : download && release.Break.HasFlag(ReleaseBreak.RedirectToLocalhost)
                            ? $"{baseUrl}/to-localhost/releases/{release.Namespace}/{release.Type}/{release.Version}/{name}"
                            : FileUrl(baseUrl, release, name);

            var (os, arch) = (platform.Split('_')[0], platform.Split('_')[1]);
            WriteJson(ServiceFile(release.Namespace, release.Type, release.Version, "download", os, arch), new JsonObject
            {
                ["protocols"] = new JsonArray([.. release.Protocols.Select(p => (JsonNode)p)]),
                ["os"] = os,
                ["arch"] = arch,
                ["filename"] = release.FileName(platform),
                ["download_url"] = Url(release.FileName(platform), true),
                ["shasums_url"] = Url(release.SumsFileName, false),
                ["shasums_signature_url"] = Url(release.SumsFileName + ".sig", false),
                ["shasum"] = shasum,
                ["signing_keys"] = new JsonObject
                {
                    ["gpg_public_keys"] = new JsonArray(new JsonObject
                    {
                        ["key_id"] = "0000000000000000",
                        ["ascii_armor"] = PublicKey,
                        ["trust_signature"] = string.Empty,
                        ["source"] = "Test",
                        ["source_url"] = null,
                    }),
                },
            });
        }
    }

    private string ServiceFile(params string[] parts) =>
        Path.Combine([Root, .. ServicePath.Trim('/').Split('/'), .. parts]);

    internal static void WriteJson(string path, JsonNode node)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, node.ToJsonString());
    }
}
