namespace OpenTofuOci.TestFixtures.ProviderOrigin;

/// <summary>Ways to break one release a <see cref="StaticProviderRegistry"/> writes; combine freely.</summary>
[Flags]
public enum ReleaseBreak
{
    None = 0,
    /// <summary>SHA256SUMS.sig is a valid signature by the registry's key over other bytes.</summary>
    BadSignature = 1,
    /// <summary>SHA256SUMS.sig is made by <see cref="StaticProviderRegistry.OtherSigner"/> while the metadata lists the registry's key.</summary>
    WrongKey = 2,
    /// <summary>The download metadata's <c>shasum</c> of every platform is the SHA-256 of other bytes (SHA256SUMS stays right).</summary>
    ShasumMismatch = 4,
    /// <summary>The last platform is listed by the versions document but has no download metadata and no zip.</summary>
    MissingPlatform = 8,
    /// <summary>SHA256SUMS has no line for the first platform's zip.</summary>
    SumsWithoutFile = 16,
    /// <summary>download_url goes through <c>/redirect/</c> (serve with <see cref="StaticProviderRegistry.RedirectConfig"/>).</summary>
    RedirectingDownload = 32,
    /// <summary>download_url, shasums_url and shasums_signature_url are relative to the metadata document.</summary>
    RelativeUrls = 64,
    /// <summary>The zip's bytes differ from what SHA256SUMS and shasum state (a tampered package).</summary>
    TamperedZip = 128,
    /// <summary>download_url goes through <c>/to-localhost/</c>, redirecting to the same server by another host name.</summary>
    RedirectToLocalhost = 256,
}

/// <summary>One provider version of a static origin registry, mirror or mirror directory.</summary>
/// <param name="Namespace">Provider namespace, e.g. <c>example</c>.</param>
/// <param name="Type">Provider type, e.g. <c>hello</c>.</param>
/// <param name="Version">Version, e.g. <c>1.0.0</c>.</param>
/// <param name="Platforms">Platforms as <c>os_arch</c>.</param>
public sealed record StaticRelease(string Namespace, string Type, string Version, IReadOnlyList<string> Platforms)
{
    /// <summary>Provider host name (for mirrors and directories).</summary>
    public string Hostname { get; init; } = "registry.opentofu.org";

    /// <summary>How this release is broken.</summary>
    public ReleaseBreak Break { get; init; }

    /// <summary>Plugin protocols listed by the versions document.</summary>
    public IReadOnlyList<string> Protocols { get; init; } = ["5.0"];

    /// <summary>Makes the zips' content differ between two fixtures of the same name.</summary>
    public string Salt { get; init; } = string.Empty;

    /// <summary>The zip for <paramref name="platform"/> (real, small, deterministic).</summary>
    public byte[] Zip(string platform) => ReleaseFiles.Zip(Type, Version, platform, Salt);

    /// <summary><c>terraform-provider-TYPE_VERSION_OS_ARCH.zip</c>.</summary>
    public string FileName(string platform) => ReleaseFiles.FileName(Type, Version, platform);

    /// <summary><c>terraform-provider-TYPE_VERSION_SHA256SUMS</c>.</summary>
    public string SumsFileName => $"terraform-provider-{Type}_{Version}_SHA256SUMS";

    /// <summary>The SHA256SUMS content OpenTofu's release process writes (two spaces, one line per zip, sorted).</summary>
    public byte[] Sums()
    {
        var lines = Platforms
            .Where((_, i) => !(Break.HasFlag(ReleaseBreak.SumsWithoutFile) && i == 0))
            .Where(p => !(Break.HasFlag(ReleaseBreak.MissingPlatform) && p == Platforms[^1]))
            .Select(p => $"{ReleaseFiles.Sha256Hex(Zip(p))}  {FileName(p)}\n")
            .Order(StringComparer.Ordinal);
        return System.Text.Encoding.UTF8.GetBytes(string.Concat(lines));
    }

    /// <summary>The full provider address <c>HOST/NS/TYPE</c>.</summary>
    public string Address => $"{Hostname}/{Namespace}/{Type}";
}
