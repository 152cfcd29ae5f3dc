using System.Text.RegularExpressions;
using OpenTofuOci.Core.Errors;
using OpenTofuOci.Core.Oci;

namespace OpenTofuOci.Core.Providers.Publishing;

/// <summary>
/// Turns release files into a <see cref="ProviderRelease"/>: parses
/// <c>terraform-provider-TYPE_VERSION_OS_ARCH.zip</c> names, requires one type and one version, one zip
/// per platform, and hashes every zip (streaming, once) — against the release's <c>SHA256SUMS</c> when
/// it is among the files. Nothing is published from a release that fails any of these checks.
/// See docs/opentofu-compatibility.md §1.3 step 6 (the file name OpenTofu reports) and §2.2 (<c>zh:</c>).
/// </summary>
public static partial class ProviderReleaseScanner
{
    private const int HashParallelism = 4;

    /// <summary>True when <paramref name="fileName"/> has the official release zip shape.</summary>
    public static bool IsReleaseZipName(string fileName) => ZipName().IsMatch(fileName ?? string.Empty);

    /// <summary>
    /// Checks and hashes the release. <paramref name="version"/>, when given, must be the version the
    /// file names carry (compared canonically, so <c>1.0</c> matches <c>1.0.0</c>); it guards a script
    /// against publishing the wrong directory. Throws <see cref="ErrorIds.InvalidProviderRelease"/> or
    /// <see cref="ErrorIds.ChecksumMismatch"/> naming the offending file.
    /// </summary>
    public static Task<ProviderRelease> ScanAsync(IReadOnlyList<ProviderReleaseFile> files, string? version = null, CancellationToken cancellationToken = default) =>
        ScanAsync(files, version, trustChecksums: false, cancellationToken);

    /// <summary>
    /// Checks the release like <see cref="ScanAsync(IReadOnlyList{ProviderReleaseFile}, string?, CancellationToken)"/>,
    /// except that no zip is hashed here: when the release has a <c>SHA256SUMS</c> file listing every zip,
    /// the digests are taken from it and each package is returned not yet
    /// <see cref="ProviderReleasePackage.Verified"/>; without one, each package is returned with its digest
    /// still to be learnt (<see cref="ProviderReleasePackage.DigestPending"/>). <see cref="ProviderPublisher"/>
    /// checks or learns the digest in the same pass that uploads the zip, so publishing reads every zip
    /// once instead of twice. Every other check (names, one type and version, one zip per platform, zip
    /// header, listed in the checksum file) is made here, before anything is published.
    /// </summary>
    public static Task<ProviderRelease> ScanTrustingChecksumsAsync(IReadOnlyList<ProviderReleaseFile> files, string? version = null, CancellationToken cancellationToken = default) =>
        ScanAsync(files, version, trustChecksums: true, cancellationToken);

    private static async Task<ProviderRelease> ScanAsync(IReadOnlyList<ProviderReleaseFile> files, string? version, bool trustChecksums, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var sums = files.Where(f => f.IsChecksums).ToList();
        var zips = files.Where(f => !f.IsChecksums).ToList();
        if (sums.Count > 1)
        {
            throw Invalid($"More than one checksum file was given ({string.Join(", ", sums.Select(s => s.Source))}); a release has one SHA256SUMS. Publish one release at a time.", sums[1].Source);
        }

        if (zips.Count == 0)
        {
            throw Invalid("No provider release zips were found: expected files named terraform-provider-TYPE_VERSION_OS_ARCH.zip (e.g. terraform-provider-aws_5.80.0_linux_amd64.zip).", null);
        }

        var parsed = zips.Select(Parse).ToList();
        var type = Single(parsed, p => p.Type, "provider types");
        var versionText = Single(parsed, p => p.Version.ToString(), "versions");
        var fileVersion = parsed[0].Version;
        if (version is not null)
        {
            if (!ProviderVersion.TryParse(version, out var asked))
            {
                throw new TofuOciException(ErrorIds.InvalidArgument, ErrorKind.InvalidArgument,
                    $"Invalid version \"{version}\": write it as MAJOR.MINOR.PATCH with optional -prerelease and +metadata, e.g. 1.2.3.", version);
            }

            if (asked!.ToString() != versionText)
            {
                throw Invalid($"The release files are version {versionText} but version {asked} was asked for; publish the right files or drop the version.", parsed[0].File.Source);
            }
        }

        foreach (var group in parsed.GroupBy(p => p.Platform).Where(g => g.Count() > 1))
        {
            throw Invalid($"Platform {group.Key} is given twice ({string.Join(", ", group.Select(g => g.File.Source))}); keep one zip per platform.", group.First().File.Source);
        }

        var expected = sums.Count == 1 ? await ReadChecksumsAsync(sums[0], cancellationToken).ConfigureAwait(false) : null;
        if (expected is not null)
        {
            foreach (var p in parsed.Where(p => !expected.ContainsKey(p.File.Name)))
            {
                throw new TofuOciException(ErrorIds.ChecksumMismatch, ErrorKind.InvalidData,
                    $"{p.File.Source} is not listed in {sums[0].Source}, so it cannot be checked; use the zip from the same release as the checksum file.", p.File.Source);
            }
        }

        var packages = new ProviderReleasePackage[parsed.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, parsed.Count),
            new ParallelOptions { MaxDegreeOfParallelism = HashParallelism, CancellationToken = cancellationToken },
            async (i, ct) => packages[i] = !trustChecksums
                ? await HashAsync(parsed[i].File, parsed[i].Platform, ct).ConfigureAwait(false)
                : await ClaimAsync(parsed[i], expected?[parsed[i].File.Name], ct).ConfigureAwait(false)).ConfigureAwait(false);

        if (expected is not null)
        {
            foreach (var p in packages.Where(p => p.Verified))
            {
                var hex = expected[p.File.Name];
                if (!string.Equals(hex, p.Digest.Encoded, StringComparison.OrdinalIgnoreCase))
                {
                    throw ChecksumMismatch(p, sums[0].Source, $"its sha256 is {p.Digest.Encoded} but the checksum file says {hex.ToLowerInvariant()}", null);
                }
            }
        }

        var ordered = packages.OrderBy(p => p.Platform.OS, StringComparer.Ordinal).ThenBy(p => p.Platform.Arch, StringComparer.Ordinal).ToList();
        return new ProviderRelease(type, fileVersion, ordered, sums.Count == 1 ? sums[0].Source : null);
    }

    /// <summary>
    /// The release with every <see cref="ProviderReleasePackage.DigestPending"/> package hashed (a read of
    /// each such zip), for a publish that must know the digests before it sends anything.
    /// </summary>
    internal static async Task<ProviderRelease> HashPendingAsync(ProviderRelease release, CancellationToken cancellationToken)
    {
        var packages = release.Packages.ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, packages.Length).Where(i => packages[i].DigestPending),
            new ParallelOptions { MaxDegreeOfParallelism = HashParallelism, CancellationToken = cancellationToken },
            async (i, ct) => packages[i] = await HashAsync(packages[i].File, packages[i].Platform, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return release with { Packages = packages };
    }

    /// <summary>
    /// Hashes a package that <see cref="ScanTrustingChecksumsAsync"/> left unverified and throws
    /// <see cref="ErrorIds.ChecksumMismatch"/> when its bytes are not what the checksum file says.
    /// </summary>
    internal static async Task VerifyAsync(ProviderReleasePackage package, string? checksumsFile, CancellationToken cancellationToken)
    {
        var hashed = await HashAsync(package.File, package.Platform, cancellationToken).ConfigureAwait(false);
        if (hashed.Digest != package.Digest || hashed.Size != package.Size)
        {
            throw ChecksumMismatch(package, checksumsFile, $"its sha256 is {hashed.Digest.Encoded} but the checksum file says {package.Digest.Encoded}", null);
        }
    }

    /// <summary>The error for a zip whose bytes are not what the release's checksum file says.</summary>
    internal static TofuOciException ChecksumMismatch(ProviderReleasePackage package, string? checksumsFile, string detail, Exception? inner) =>
        new(ErrorIds.ChecksumMismatch, ErrorKind.InvalidData,
            $"{package.File.Source} does not match {checksumsFile ?? "the release's SHA256SUMS"}: {detail}. The download is damaged or from another release; download it again.",
            package.File.Source, inner);

    private sealed record ParsedName(ProviderReleaseFile File, string Type, ProviderVersion Version, ProviderPlatform Platform);

    private static ParsedName Parse(ProviderReleaseFile file)
    {
        var m = ZipName().Match(file.Name);
        if (!m.Success)
        {
            throw Invalid($"{file.Source} is not named like a provider release zip: expected terraform-provider-TYPE_VERSION_OS_ARCH.zip in lowercase (e.g. terraform-provider-aws_5.80.0_linux_amd64.zip), or a SHA256SUMS file.", file.Source);
        }

        if (!ProviderVersion.TryParse(m.Groups["version"].Value, out var version))
        {
            throw Invalid($"{file.Source}: \"{m.Groups["version"].Value}\" is not a version (MAJOR.MINOR.PATCH with optional -prerelease and +metadata, no leading v).", file.Source);
        }

        return new ParsedName(file, m.Groups["type"].Value, version!, new ProviderPlatform(m.Groups["os"].Value, m.Groups["arch"].Value));
    }

    private static string Single(List<ParsedName> parsed, Func<ParsedName, string> key, string what)
    {
        var groups = parsed.GroupBy(key, StringComparer.Ordinal).ToList();
        if (groups.Count > 1)
        {
            throw Invalid($"The release files mix {what}: {string.Join("; ", groups.Select(g => $"{g.Key} ({string.Join(", ", g.Select(p => p.File.Name))})"))}. Publish one provider version at a time.", parsed[0].File.Source);
        }

        return groups[0].Key;
    }

    // One read gives both the layer digest and the size.
    private static async Task<ProviderReleasePackage> HashAsync(ProviderReleaseFile file, ProviderPlatform platform, CancellationToken cancellationToken)
    {
        var stream = file.Open();
        await using (stream.ConfigureAwait(false))
        {
            var header = new byte[4];
            var got = await CheckZipHeaderAsync(file, stream, header, cancellationToken).ConfigureAwait(false);

            using var hash = DigestAlgorithm.Sha256.CreateHash();
            hash.AppendData(header);
            long size = got;
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
            }

            return new ProviderReleasePackage(platform, file, Digest.FromHash(DigestAlgorithm.Sha256, hash.GetHashAndReset()), size);
        }
    }

    // The release's checksum file vouches for the digest, or the upload will learn it; only the zip header is read now.
    private static async Task<ProviderReleasePackage> ClaimAsync(ParsedName name, string? hex, CancellationToken cancellationToken)
    {
        var stream = name.File.Open();
        await using (stream.ConfigureAwait(false))
        {
            await CheckZipHeaderAsync(name.File, stream, new byte[4], cancellationToken).ConfigureAwait(false);
        }

        return hex is null
            ? new ProviderReleasePackage(name.Platform, name.File, default, name.File.Length(), Verified: false) { DigestPending = true }
            : new ProviderReleasePackage(name.Platform, name.File, Digest.Parse("sha256:" + hex.ToLowerInvariant()), name.File.Length(), Verified: false);
    }

    private static async Task<int> CheckZipHeaderAsync(ProviderReleaseFile file, Stream stream, byte[] header, CancellationToken cancellationToken)
    {
        var got = await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got < 4 || header[0] != 'P' || header[1] != 'K' || !((header[2] == 3 && header[3] == 4) || (header[2] == 5 && header[3] == 6)))
        {
            throw new TofuOciException(ErrorIds.InvalidArchive, ErrorKind.InvalidData,
                $"{file.Source} is not a zip archive (it does not start with a zip header); use the release's .zip file.", file.Source);
        }

        return got;
    }

    private static async Task<IReadOnlyDictionary<string, string>> ReadChecksumsAsync(ProviderReleaseFile file, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        var stream = file.Open();
        await using (stream.ConfigureAwait(false))
        {
            await stream.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
        }

        return ReleaseChecksums.ParseStrict(content.GetBuffer().AsSpan(0, (int)content.Length),
            (lineNumber, _) => Invalid($"{file.Source} line {lineNumber} is not \"<sha256 hex>  <file name>\"; use the release's own SHA256SUMS file.", file.Source));
    }

    private static TofuOciException Invalid(string message, string? target) =>
        new(ErrorIds.InvalidProviderRelease, ErrorKind.InvalidData, message, target);

    // Types may contain '-' but never '_', and official versions never contain '_', so '_' splits the name unambiguously.
    [GeneratedRegex(@"^terraform-provider-(?<type>[a-z0-9][a-z0-9-]*)_(?<version>[^_/\\]+)_(?<os>[a-z0-9]+)_(?<arch>[a-z0-9]+)\.zip$", RegexOptions.CultureInvariant)]
    private static partial Regex ZipName();
}
